package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// kernelVariants are the implementations every kernel test runs: the
// dispatching wrapper (the AVX2 assembly where the CPU has it) and the
// portable Go kernels.
var kernelVariants = []struct {
	name string
	fma  func(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64)
	dot  func(m, n int, a []float64, lda int, b []float64, ldb int, nc int, c []float64, ldc int)
}{
	{"dispatch", fmaRows, dotRows},
	{"go", fmaRowsGo, dotRowsGo},
}

// TestFmaRows runs fmaRows on every row count 0…9 (row pairs and the odd
// last row), inner dimensions 0…19, column counts 16…80 (one and several
// 32- and 16-column passes), both A orientations, with and without bias,
// against a naive loop. C is filled with NaN first: every live entry must be
// overwritten and entries past nc (and past the last row) must stay NaN.
// Sums of ≤ 20 products of values of order 1 agree to 1e-13 (the kernels
// use FMA, the naive loop does not).
func TestFmaRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kv := range kernelVariants {
		for _, trans := range []bool{false, true} {
			for _, withBias := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/trans=%v/bias=%v", kv.name, trans, withBias), func(t *testing.T) {
					for m := 0; m < 10; m++ {
						for _, k := range []int{0, 1, 2, 3, 7, 12, 19} {
							for _, nc := range []int{16, 32, 48, 80} {
								rsA, csA := k+1, 1
								if trans {
									rsA, csA = 1, m+2
								}
								a := randSlice(rng, max(m, k+1)*(max(m, k)+3)+3)
								ldb := nc + 5
								b := randSlice(rng, max(k, 1)*ldb)
								var bias []float64
								if withBias {
									bias = randSlice(rng, m)
								}
								ldc := nc + 7
								c := make([]float64, m*ldc+1)
								for i := range c {
									c[i] = math.NaN()
								}
								kv.fma(m, k, a, rsA, csA, b, ldb, c, ldc, nc, bias)
								for i := 0; i < m; i++ {
									for j := 0; j < ldc; j++ {
										got := c[i*ldc+j]
										if j >= nc {
											require.True(t, math.IsNaN(got), "m=%d k=%d nc=%d: column %d past nc written", m, k, nc, j)
											continue
										}
										want := 0.0
										if withBias {
											want = bias[i]
										}
										for p := 0; p < k; p++ {
											want += a[i*rsA+p*csA] * b[p*ldb+j]
										}
										require.InDelta(t, want, got, 1e-13, "m=%d k=%d nc=%d i=%d j=%d", m, k, nc, i, j)
									}
								}
								require.True(t, math.IsNaN(c[len(c)-1]), "past the last row written")
							}
						}
					}
				})
			}
		}
	}
}

// TestDotRows runs dotRows on every m, n in 1…5 (the 2×2 blocks and their
// odd edges) and lengths 8…520, against a naive loop; entries of C outside
// the m×n block must stay NaN. Sums of ≤ 520 products of values of order 1
// agree to 1e-12.
func TestDotRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, kv := range kernelVariants {
		t.Run(kv.name, func(t *testing.T) {
			for m := 1; m <= 5; m++ {
				for n := 1; n <= 5; n++ {
					for _, nc := range []int{8, 16, 24, 520} {
						lda, ldb, ldc := nc+3, nc+1, n+2
						a := randSlice(rng, m*lda)
						b := randSlice(rng, n*ldb)
						c := make([]float64, m*ldc)
						for i := range c {
							c[i] = math.NaN()
						}
						kv.dot(m, n, a, lda, b, ldb, nc, c, ldc)
						for i := 0; i < m; i++ {
							for j := 0; j < ldc; j++ {
								got := c[i*ldc+j]
								if j >= n {
									require.True(t, math.IsNaN(got), "m=%d n=%d: column %d written", m, n, j)
									continue
								}
								want := 0.0
								for q := 0; q < nc; q++ {
									want += a[i*lda+q] * b[j*ldb+q]
								}
								require.InDelta(t, want, got, 1e-12, "m=%d n=%d nc=%d i=%d j=%d", m, n, nc, i, j)
							}
						}
					}
				}
			}
		})
	}
}

// TestKernelArgumentChecks: out-of-range arguments are programming errors
// and panic instead of reading or writing past a slice.
func TestKernelArgumentChecks(t *testing.T) {
	c := make([]float64, 64)
	a := make([]float64, 8)
	b := make([]float64, 64)
	require.Panics(t, func() { fmaRows(2, 2, a, 2, 1, b, 16, c, 16, 12, nil) }, "nc not a multiple of 16")
	require.Panics(t, func() { fmaRows(5, 2, a, 2, 1, b, 16, c, 16, 16, nil) }, "C too short")
	require.Panics(t, func() { fmaRows(2, 2, a, 2, 1, b, 16, c, 16, 16, []float64{1}) }, "bias too short")
	require.Panics(t, func() { dotRows(2, 2, a, 8, b, 8, 12, c, 2) }, "nc not a multiple of 8")
	require.Panics(t, func() { dotRows(2, 2, a, 8, b, 8, 16, c, 2) }, "A too short")
	// k = 0: no product, C = bias (or 0); A and B may be empty.
	for _, kv := range kernelVariants {
		out := make([]float64, 3*16)
		kv.fma(3, 0, nil, 0, 0, nil, 16, out, 16, 16, []float64{1, 2, 3})
		require.Equal(t, 3.0, out[2*16+15], kv.name)
		kv.fma(3, 0, nil, 0, 0, nil, 16, out, 16, 16, nil)
		require.Equal(t, make([]float64, 3*16), out, kv.name)
	}
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}
