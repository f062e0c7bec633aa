package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPCGStep: pcgStep is math/rand/v2's PCG, output for output and state
// for state.
func TestPCGStep(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 2}, {0xdeadbeef, 0x6b6c2d6a6974}, {^uint64(0), ^uint64(0)}} {
		ref := rand.NewPCG(seed[0], seed[1])
		hi, lo := seed[0], seed[1]
		for step := 0; step < 10000; step++ {
			var out uint64
			hi, lo, out = pcgStep(hi, lo)
			require.Equal(t, ref.Uint64(), out, "seed %v step %d", seed, step)
		}
		rh, rl := pcgState(ref)
		require.Equal(t, [2]uint64{rh, rl}, [2]uint64{hi, lo})
	}
}

// TestZigguratTables: the tables read off NormFloat64 reproduce its first
// test exactly at every layer's boundary (|j| = kn−1 accepted with the
// variate j·wn, |j| = kn not), for both signs of j.
func TestZigguratTables(t *testing.T) {
	tab := zigguratTables()
	require.NotNil(t, tab)
	p := &zigProbe{}
	r := rand.New(p)
	for i := range tab.kn {
		for _, a := range []uint64{uint64(tab.kn[i]) - 1, uint64(tab.kn[i])} {
			if tab.kn[i] == 0 && a != 0 {
				continue
			}
			for _, neg := range []bool{false, true} {
				j := int32(a)
				if neg {
					j = -j
				}
				p.first, p.calls = uint64(i)<<32|uint64(uint32(j)), 0
				x := r.NormFloat64()
				if a < uint64(tab.kn[i]) {
					require.Equal(t, 1, p.calls, "layer %d, j = %d", i, j)
					require.Equal(t, math.Float64bits(float64(j)*tab.wn[i]), math.Float64bits(x), "layer %d, j = %d", i, j)
				} else {
					require.Greater(t, p.calls, 1, "layer %d, j = %d", i, j)
				}
			}
		}
	}
}

// TestNormalsMatchStdlib: Normals gives rand.New(rand.NewPCG(seed,
// stream)).NormFloat64's variates bit for bit (a million per seed, so
// thousands through the rejection path), and so does the fallback that
// calls NormFloat64 for every variate.
func TestNormalsMatchStdlib(t *testing.T) {
	require.Nil(t, Normals(1, 2, 0)())
	for _, seed := range [][2]uint64{{0, 0}, {7, 11}, {3, 0x6b6e6e2d6a6974}, {^uint64(0), 0x6b6c2d6a6974}} {
		for _, count := range []int{1, 5, 1 << 20} {
			t.Run(fmt.Sprintf("%v/n%d", seed, count), func(t *testing.T) {
				r := rand.New(rand.NewPCG(seed[0], seed[1]))
				want := make([]float64, count)
				for i := range want {
					want[i] = r.NormFloat64()
				}
				got := Normals(seed[0], seed[1], count)()
				for i := range want {
					if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
						t.Fatalf("variate %d: %v, want %v", i, got[i], want[i])
					}
				}
				if count > 5 {
					return
				}
				g := newNormalGen(seed[0], seed[1])
				g.tab = nil
				g.fill(got)
				require.Equal(t, want, got)
			})
		}
	}
}
