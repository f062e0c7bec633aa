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

// TestNormalsMatchStdlib: Normals (and NormalsOn with one worker, serial,
// or two, split) gives rand.New(rand.NewPCG(seed, stream)).NormFloat64's
// variates bit for bit (a million per seed, so thousands through the
// rejection path), and so does the fallback that calls NormFloat64 for
// every variate.
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
				requireSameBits(t, want, got)
				for _, w := range []int{1, 2} {
					requireSameBits(t, want, NormalsOn(seed[0], seed[1], count, w)())
				}
				if count > 5 {
					return
				}
				g := newNormalGen(seed[0], seed[1])
				g.tab = nil
				g.fill(got, nil)
				require.Equal(t, want, got)
			})
		}
	}
}

// TestPCGJump: the jumped-ahead state gives the outputs of the stepped one.
func TestPCGJump(t *testing.T) {
	for _, seed := range [][2]uint64{{0, 0}, {1, 2}, {0xdeadbeef, 0x6b6c2d6a6974}, {^uint64(0), ^uint64(0)}} {
		ref := rand.NewPCG(seed[0], seed[1])
		for step := uint64(0); step <= 3000; step++ {
			want := ref.Uint64()
			if step%97 == 0 || step < 5 {
				hi, lo := pcgJump(seed[0], seed[1], step)
				_, _, out := pcgStep(hi, lo)
				require.Equal(t, want, out, "seed %v step %d", seed, step)
			}
		}
	}
}

// TestDrawNormalsSplit: the two-generator draw gives the serial variates
// for any start of the second generator up to the first one's end: aligned
// (Normals' choice), at 0, one output inside a multi-output variate (the
// two parses meet later), at the end, and beyond it (the serial fallback);
// and for every split point from 0 to count. The output counts and the
// starts after multi-output variates that fill reports are the same with
// and without the inlined ziggurat.
func TestDrawNormalsSplit(t *testing.T) {
	const count = 50000
	seed, stream := uint64(3), uint64(0x6b6e6e2d6a6974)
	want := make([]float64, count)
	var wantEv []normalStart
	wantOut := newNormalGen(seed, stream).fill(want, &wantEv)
	g := newNormalGen(seed, stream)
	g.tab = nil
	got := make([]float64, count)
	var ev []normalStart
	require.Equal(t, wantOut, g.fill(got, &ev))
	require.Equal(t, wantEv, ev)
	requireSameBits(t, want, got)
	require.NotEmpty(t, wantEv)

	h := count / 2
	var end uint64 // the first generator's end for h
	var inside []int
	for _, e := range wantEv {
		if e.t <= uint64(h) {
			end = e.o + (uint64(h) - e.t)
			inside = append(inside, int(e.o)-1) // inside the variate before e.t
		}
	}
	require.NotEmpty(t, inside)
	starts := map[string]int{
		"aligned":       h,
		"zero":          0,
		"inside":        inside[len(inside)/2],
		"inside-last":   inside[len(inside)-1],
		"at-end":        int(end),
		"beyond":        int(end) + 3,
		"far-beyond":    count * 2,
		"just-before-h": h - 1,
	}
	for name, p := range starts {
		t.Run(name, func(t *testing.T) {
			requireSameBits(t, want, drawNormals(seed, stream, count, h, p))
		})
	}
	for _, h := range []int{0, 1, 100, count - 1, count} {
		t.Run(fmt.Sprintf("h%d", h), func(t *testing.T) {
			requireSameBits(t, want, drawNormals(seed, stream, count, h, h))
		})
	}
}

func requireSameBits(t *testing.T, want, got []float64) {
	t.Helper()
	require.Equal(t, len(want), len(got))
	for i := range want {
		if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
			t.Fatalf("variate %d: %v, want %v", i, got[i], want[i])
		}
	}
}
