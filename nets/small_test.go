package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSmallGemm runs the small-product kernel (the AVX-512 one where the CPU
// has it, and the portable one) on every row count 0…19 (all row blocks and
// tails), every width 1…16, both A orientations, with and without bias,
// against a naive loop. C is filled with NaN first: every live entry must be
// overwritten and the entries outside the n columns must stay untouched.
// Sums of ≤ 40 products of values of order 1 agree to 1e-13.
func TestSmallGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	kernels := map[string]func(m, n, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int, bias []float64){
		"dispatch": smallGemm,
		"go":       smallGo,
	}
	for name, kern := range kernels {
		for _, k := range []int{0, 1, 3, 12, 40} {
			for _, trans := range []bool{false, true} {
				for _, withBias := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/k=%d/trans=%v/bias=%v", name, k, trans, withBias), func(t *testing.T) {
						if name == "go" && k == 0 {
							t.Skip("k = 0 is handled by the wrapper")
						}
						for m := 0; m < 20; m++ {
							for n := 1; n <= maxSmallN; n++ {
								lda := k + 2
								rsA, csA := lda, 1
								if trans {
									lda = m + 3
									rsA, csA = 1, lda
								}
								a := make([]float64, max(m, k)*(max(m, k)+3)+5)
								for i := range a {
									a[i] = rng.NormFloat64()
								}
								ldb := n + 1
								b := make([]float64, k*ldb+1)
								for i := range b {
									b[i] = rng.NormFloat64()
								}
								var bias []float64
								if withBias {
									bias = make([]float64, n)
									for i := range bias {
										bias[i] = rng.NormFloat64()
									}
								}
								ldc := n + 3
								c := make([]float64, m*ldc+1)
								for i := range c {
									c[i] = math.NaN()
								}
								if m > 0 && k > 0 && len(a) <= (m-1)*rsA+(k-1)*csA {
									continue
								}
								kern(m, n, k, a, rsA, csA, b, ldb, c, ldc, bias)
								for i := 0; i < m; i++ {
									for j := 0; j < ldc; j++ {
										got := c[i*ldc+j]
										if j >= n {
											require.True(t, math.IsNaN(got), "m=%d n=%d: column %d outside n written", m, n, j)
											continue
										}
										want := 0.0
										if withBias {
											want = bias[j]
										}
										for p := 0; p < k; p++ {
											want += a[i*rsA+p*csA] * b[p*ldb+j]
										}
										require.InDelta(t, want, got, 1e-13, "m=%d n=%d i=%d j=%d", m, n, i, j)
									}
								}
								require.True(t, math.IsNaN(c[len(c)-1]), "past the end written")
							}
						}
					})
				}
			}
		}
	}
}
