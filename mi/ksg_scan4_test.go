package mi

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// TestKSGScanMatchesTreeAcrossShapes: the exhaustive-scan path (four points
// per pass, a short last group per block) counts the same neighbours as the
// kd-tree path for joint dimensions 2…12 and n not a multiple of 4, so the
// values agree to rounding of the final sum (1e-12 nats: n ≤ 1003 terms of
// size ≤ ψ(n) ≈ 7, summed in a different order); the scan's value is the
// same at GOMAXPROCS 1 and 2.
func TestKSGScanMatchesTreeAcrossShapes(t *testing.T) {
	defer func(m int) { ksgForceMethod = m }(ksgForceMethod)
	rng := rand.New(rand.NewPCG(77, 3))
	for _, sh := range [][3]int{{1, 1, 7}, {1, 1, 1003}, {2, 3, 1001}, {6, 6, 1002}, {4, 1, 611}} {
		dx, dy, n := sh[0], sh[1], sh[2]
		x, y := mat.NewDense(n, dx, nil), mat.NewDense(n, dy, nil)
		for i := 0; i < n; i++ {
			for c := 0; c < dx; c++ {
				x.Set(i, c, rng.NormFloat64())
			}
			for c := 0; c < dy; c++ {
				y.Set(i, c, 0.6*x.At(i, c%dx)+0.8*rng.NormFloat64())
			}
		}
		for _, alg := range []int{1, 2} {
			t.Run(fmt.Sprintf("%dx%d/n%d/ksg%d", dx, dy, n, alg), func(t *testing.T) {
				e := KSG{Algorithm: alg, K: min(3, n-1)}
				ksgForceMethod = ksgTree
				a, err := e.MI(x, y)
				require.NoError(t, err)
				ksgForceMethod = ksgScan
				b, err := e.MI(x, y)
				require.NoError(t, err)
				assert.InDelta(t, a, b, 1e-12)
				prev := runtime.GOMAXPROCS(1)
				c, _ := e.MI(x, y)
				runtime.GOMAXPROCS(prev)
				assert.Equal(t, b, c)
			})
		}
	}
}
