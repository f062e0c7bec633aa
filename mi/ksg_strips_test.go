package mi

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestKSGStripsMatchTree: for two 1-D marginals the joint k-NN search uses
// strips built from the marginals' sort orders; the estimate, with the
// identity pairing and with permuted pairings (the permutation test's
// surrogates), equals that of the kd-tree path bit for bit, for both
// algorithms, on continuous and heavily tied data.
func TestKSGStripsMatchTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, tied := range []bool{false, true} {
		for _, n := range []int{5, 200, 3000} {
			x, y := mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				b := 0.8*a + 0.6*rng.NormFloat64()
				if tied {
					a, b = float64(int(a*2)), float64(int(b))
				}
				x.Set(i, 0, a)
				y.Set(i, 0, b)
			}
			for _, alg := range []int{1, 2} {
				t.Run(fmt.Sprintf("tied%v/n%d/ksg%d", tied, n, alg), func(t *testing.T) {
					perms := [][]int32{nil}
					for r := 0; r < 3; r++ {
						p := make([]int32, n)
						for i, v := range rng.Perm(n) {
							p[i] = int32(v)
						}
						perms = append(perms, p)
					}
					e := KSG{K: 3, Algorithm: alg, Seed: 7}
					if tied {
						e.Noise = -1 // exact ties and duplicates
					}
					st, err := e.prepare(x, y)
					require.NoError(t, err)
					require.Equal(t, ksgTree, st.method())
					for _, p := range perms {
						got := st.estimate(p)
						ksgNoStrips = true
						want := st.estimate(p)
						ksgNoStrips = false
						require.Equal(t, want, got, "perm nil=%v", p == nil)
					}
				})
			}
		}
	}
}

// TestKSGLastEstimateSameBits: MI, whose single estimate puts the radii and
// counts of algorithm 1 into the memory of the preprocessed x and y, gives
// the bits of an estimate from a state that is kept (and estimated again),
// for 1-D marginals (strips, and the kd-tree when they are refused) and
// wider ones (kd-trees), both algorithms, jittered and tied data.
func TestKSGLastEstimateSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	for _, dims := range [][2]int{{1, 1}, {2, 1}, {2, 3}} {
		for _, tied := range []bool{false, true} {
			n := 2000
			x, y := mat.NewDense(n, dims[0], nil), mat.NewDense(n, dims[1], nil)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				for c := 0; c < dims[0]; c++ {
					v := a + 0.5*rng.NormFloat64()
					if tied {
						v = float64(int(v * 2))
					}
					x.Set(i, c, v)
				}
				for c := 0; c < dims[1]; c++ {
					v := 0.8*a + 0.6*rng.NormFloat64()
					if tied {
						v = float64(int(v))
					}
					y.Set(i, c, v)
				}
			}
			for _, alg := range []int{1, 2} {
				for _, noStrips := range []bool{false, true} {
					t.Run(fmt.Sprintf("%dx%d/tied%v/ksg%d/nostrips%v", dims[0], dims[1], tied, alg, noStrips), func(t *testing.T) {
						ksgNoStrips = noStrips
						defer func() { ksgNoStrips = false }()
						e := KSG{K: 3, Algorithm: alg, Seed: 9}
						st, err := e.prepare(x, y)
						require.NoError(t, err)
						want := st.estimate(nil)
						require.Equal(t, want, st.estimate(nil), "a kept state estimates again")
						got, err := e.MI(x, y)
						require.NoError(t, err)
						require.Equal(t, want, got)
					})
				}
			}
		}
	}
}
