package mi

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/synth"
)

// TestKSGScanMatchesTreeAcrossShapes: the scan path (windows searched four
// points per pass, a short last group per slab) counts the same neighbours
// as the kd-tree path for joint dimensions 2…12 and n not a multiple of 4,
// and both sum the same digammas in the same order (row blocks), so the
// values are identical; the scan's value is the same at GOMAXPROCS 1 and 2.
func TestKSGScanMatchesTreeAcrossShapes(t *testing.T) {
	defer func(m int) { ksgForceMethod = m }(ksgForceMethod)
	rng := rand.New(rand.NewPCG(77, 3))
	for _, sh := range [][3]int{{1, 1, 7}, {1, 1, 1003}, {1, 2, 999}, {2, 3, 1001}, {6, 6, 1002}, {4, 1, 611}, {5, 5, 3000}} {
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
				assert.Equal(t, a, b)
				prev := runtime.GOMAXPROCS(1)
				c, _ := e.MI(x, y)
				runtime.GOMAXPROCS(prev)
				assert.Equal(t, b, c)
			})
		}
	}
}

// TestKSGWindowedBitIdentical: the windowed search gives exactly the value
// of the exhaustive scan (same counts, same summation order), algorithms 1
// and 2, with permutation surrogates, at 1 and 2 workers.
func TestKSGWindowedBitIdentical(t *testing.T) {
	defer func(m int, e bool) { ksgForceMethod, ksgExhaustive = m, e }(ksgForceMethod, ksgExhaustive)
	ksgForceMethod = ksgScan
	rng := rand.New(rand.NewPCG(78, 4))
	for _, sh := range [][3]int{{5, 5, 2003}, {3, 3, 1500}, {1, 4, 700}, {4, 2, 900}} {
		dx, dy, n := sh[0], sh[1], sh[2]
		x, y := mat.NewDense(n, dx, nil), mat.NewDense(n, dy, nil)
		for i := 0; i < n; i++ {
			for c := 0; c < dx; c++ {
				x.Set(i, c, rng.NormFloat64())
			}
			for c := 0; c < dy; c++ {
				y.Set(i, c, 0.5*x.At(i, c%dx)+rng.NormFloat64())
			}
		}
		for _, alg := range []int{1, 2} {
			t.Run(fmt.Sprintf("%dx%d/n%d/ksg%d", dx, dy, n, alg), func(t *testing.T) {
				for _, workers := range []int{1, 2} {
					e := KSG{Algorithm: alg, Workers: workers}
					ksgExhaustive = true
					st, err := e.prepare(x, y)
					require.NoError(t, err)
					perm := make([]int32, n)
					for i, p := range rng.Perm(n) {
						perm[i] = int32(p)
					}
					want, wantP := st.estimate(nil), st.estimate(perm)
					ksgExhaustive = false
					assert.Equal(t, want, st.estimate(nil), "workers %d", workers)
					assert.Equal(t, wantP, st.estimate(perm), "workers %d, permuted", workers)
				}
			})
		}
	}
}

// BenchmarkKSGWindowed compares the windowed search with the exhaustive
// scan it replaces (the same counts) on the dense 5×5, 4×4 and 3×3
// Gaussians (ρ = 0.5, 0.3, 0.3) at sizes where the scan path is chosen.
func BenchmarkKSGWindowed(b *testing.B) {
	defer func(m int, e bool) { ksgForceMethod, ksgExhaustive = m, e }(ksgForceMethod, ksgExhaustive)
	ksgForceMethod = ksgScan
	for _, c := range []struct {
		d, n int
		rho  float64
	}{{5, 10000, 0.5}, {5, 1000, 0.5}, {5, 50000, 0.5}, {4, 20000, 0.3}, {3, 5000, 0.3}} {
		p, _ := synth.DenseNormal(c.d, c.d, c.rho)
		x, y := benchPair(b, p, c.n)
		for _, ex := range []bool{true, false} {
			name := fmt.Sprintf("%dx%d/n=%d/%s", c.d, c.d, c.n, map[bool]string{true: "exhaustive", false: "windowed"}[ex])
			b.Run(name, func(b *testing.B) {
				ksgExhaustive = ex
				for b.Loop() {
					if _, err := (KSG{}).MI(x, y); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkKSGMethodsLarge extends BenchmarkKSGMethods to the sizes where
// the windowed scan meets the tree (it sets ksgState.method's thresholds):
// dense Gaussians (ρ = 0.3) of joint dimension 3…10. Run with -benchtime 1x.
func BenchmarkKSGMethodsLarge(b *testing.B) {
	for _, dxy := range [][2]int{{1, 2}, {2, 2}, {1, 3}, {3, 3}, {1, 5}, {2, 4}, {4, 4}, {5, 5}} {
		p, _ := synth.DenseNormal(dxy[0], dxy[1], 0.3)
		for _, n := range []int{2000, 20000, 50000, 100000, 200000} {
			x, y := benchPair(b, p, n)
			for _, m := range []int{ksgTree, ksgScan} {
				b.Run(fmt.Sprintf("%dx%d/n=%d/%s", dxy[0], dxy[1], n, []string{"tree", "scan"}[m]), func(b *testing.B) { benchKSG(b, x, y, m) })
			}
		}
	}
}
