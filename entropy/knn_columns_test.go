package entropy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestKLColumnsMatchTree: 3-D max-norm data are searched with knn.Columns;
// the k-th distances are those of the kd-tree, so the estimate agrees with
// the tree path up to the order of the per-block sums (a few ulps), on
// continuous, correlated and heavily tied (jittered) data, for several k.
func TestKLColumnsMatchTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	for _, name := range []string{"normal", "correlated", "tied"} {
		for _, n := range []int{10, 500, 20000} {
			x := mat.NewDense(n, 3, nil)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				switch name {
				case "normal":
					x.SetRow(i, []float64{a, rng.NormFloat64(), rng.NormFloat64()})
				case "correlated":
					x.SetRow(i, []float64{a, 0.9*a + 0.3*rng.NormFloat64(), math.Exp(a)})
				case "tied":
					x.SetRow(i, []float64{float64(rng.IntN(30)), float64(rng.IntN(30)), float64(rng.IntN(30))})
				}
			}
			for _, k := range []int{1, 3, 6} {
				t.Run(fmt.Sprintf("%s/n%d/k%d", name, n, k), func(t *testing.T) {
					e := KL{K: k, Seed: 3}
					got, err := e.Entropy(x)
					require.NoError(t, err)
					klNoColumns = true
					want, err := e.Entropy(x)
					klNoColumns = false
					require.NoError(t, err)
					require.InDelta(t, want, got, 1e-12*math.Max(1, math.Abs(want)))
				})
			}
		}
	}
}
