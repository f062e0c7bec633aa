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
