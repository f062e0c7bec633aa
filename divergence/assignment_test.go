package divergence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// bruteAssignment returns the minimum assignment cost over all permutations.
func bruteAssignment(cost []float64, n int) float64 {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	best := math.Inf(1)
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			var s float64
			for i, j := range perm {
				s += cost[i*n+j]
			}
			best = math.Min(best, s)
			return
		}
		for i := k; i < n; i++ {
			perm[k], perm[i] = perm[i], perm[k]
			rec(k + 1)
			perm[k], perm[i] = perm[i], perm[k]
		}
	}
	rec(0)
	return best
}

func TestLAPJVMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for n := 1; n <= 7; n++ {
		for trial := 0; trial < 40; trial++ {
			cost := make([]float64, n*n)
			for i := range cost {
				if trial%2 == 0 {
					cost[i] = float64(rng.IntN(4)) // many ties
				} else {
					cost[i] = rng.Float64()
				}
			}
			for _, auction := range []bool{false, true} {
				t.Run(fmt.Sprintf("n=%d/%d/auction=%v", n, trial, auction), func(t *testing.T) {
					sol, err := lapjvInit(append([]float64(nil), cost...), n, auction)
					require.NoError(t, err)
					seen := make([]bool, n)
					var s float64
					for i, j := range sol {
						require.False(t, seen[j], "column %d used twice", j)
						seen[j] = true
						s += cost[i*n+j]
					}
					assert.InDelta(t, bruteAssignment(cost, n), s, 1e-12)
				})
			}
		}
	}
}

func TestWExactTranslate(t *testing.T) {
	// Q is a shuffled translate of P by δ. For p = 2 the cost of any
	// permutation σ is Σ‖x_i − x_σ(i)‖² + n‖δ‖² (the cross term sums to 0),
	// so the identity is optimal and W2 = ‖δ‖ exactly.
	rng := rand.New(rand.NewPCG(13, 14))
	n, d := 300, 3
	p := randGauss(rng, n, d, 1)
	delta := []float64{0.3, -1.2, 0.5}
	q := mat.NewDense(n, d, nil)
	perm := rng.Perm(n)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			q.Set(perm[i], k, p.At(i, k)+delta[k])
		}
	}
	got, err := WExact(p, q, 2)
	require.NoError(t, err)
	assert.InDelta(t, math.Sqrt(0.09+1.44+0.25), got, 1e-12)
	// W1 ≤ ‖δ‖ (any coupling bounds it); the translate coupling is feasible.
	w1, err := WExact(p, q, 1)
	require.NoError(t, err)
	assert.LessOrEqual(t, w1, math.Sqrt(1.78)+1e-12)
}

func TestWExactMatches1D(t *testing.T) {
	// In 1-D the exact solver must agree with the sorted formula, also for
	// unequal sizes through replication (lcm(40, 60) = 120).
	rng := rand.New(rand.NewPCG(15, 16))
	for _, sz := range [][2]int{{50, 50}, {40, 60}} {
		p := randGauss(rng, sz[0], 1, 1)
		q := randGauss(rng, sz[1], 1, 2)
		for _, order := range []float64{1, 2, 3} {
			want, err := W1D(p.RawMatrix().Data, q.RawMatrix().Data, nil, nil, order)
			require.NoError(t, err)
			got, err := WExact(p, q, order)
			require.NoError(t, err)
			assert.InDelta(t, want, got, 1e-10, "sizes %v order %v", sz, order)
		}
	}
}

// BenchmarkWExact measures the exact W2 at the size (n = 2000, 2-D)
// against the textbook O(n³) Hungarian algorithm (the naive baseline) at a
// size it can handle.
func BenchmarkWExact(b *testing.B) {
	for _, n := range []int{500, 2000} {
		rng := rand.New(rand.NewPCG(17, 18))
		p := randGauss(rng, n, 2, 1)
		q := randGauss(rng, n, 2, 1)
		b.Run(fmt.Sprintf("lapjv/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := WExact(p, q, 2); err != nil {
					b.Fatal(err)
				}
			}
		})
		if n > 500 {
			continue
		}
		cost := make([]float64, n*n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				cost[i*n+j] = groundCost(p.RawRowView(i), q.RawRowView(j), 2)
			}
		}
		b.Run(fmt.Sprintf("hungarian/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				hungarian(cost, n)
			}
		})
	}
}

// hungarian is the classical O(n³) Hungarian algorithm with potentials
// (Kuhn–Munkres in its shortest-path form), the baseline for WExact.
func hungarian(cost []float64, n int) float64 {
	u := make([]float64, n+1)
	v := make([]float64, n+1)
	p := make([]int, n+1)
	way := make([]int, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		minv := make([]float64, n+1)
		used := make([]bool, n+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if !used[j] {
					cur := cost[(i0-1)*n+j-1] - u[i0] - v[j]
					if cur < minv[j] {
						minv[j], way[j] = cur, j0
					}
					if minv[j] < delta {
						delta, j1 = minv[j], j
					}
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
			if j0 == 0 {
				break
			}
		}
	}
	var s float64
	for j := 1; j <= n; j++ {
		s += cost[(p[j]-1)*n+j-1]
	}
	return s
}

func TestHungarianBaselineAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	n := 150
	cost := make([]float64, n*n)
	for i := range cost {
		cost[i] = rng.Float64()
	}
	for _, auction := range []bool{false, true} {
		sol, err := lapjvInit(append([]float64(nil), cost...), n, auction)
		require.NoError(t, err)
		var s float64
		for i, j := range sol {
			s += cost[i*n+j]
		}
		assert.InDelta(t, hungarian(cost, n), s, 1e-10, "auction=%v", auction)
	}
}

func randGauss(rng *rand.Rand, n, d int, scale float64) *mat.Dense {
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, scale*rng.NormFloat64())
		}
	}
	return x
}
