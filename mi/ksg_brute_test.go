package mi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// ksgBrute is the textbook O(n²) KSG on raw data (no standardisation, no
// jitter), the baseline of the benchmarks and the oracle of the tests.
func ksgBrute(x, y *mat.Dense, k, alg int) float64 {
	n, dx := x.Dims()
	_, dy := y.Dims()
	dist := func(m *mat.Dense, d, i, j int) float64 {
		var s float64
		for c := 0; c < d; c++ {
			s = math.Max(s, math.Abs(m.At(i, c)-m.At(j, c)))
		}
		return s
	}
	type nb struct {
		d float64
		j int
	}
	var sum float64
	all := make([]nb, 0, n)
	for i := 0; i < n; i++ {
		all = all[:0]
		for j := 0; j < n; j++ {
			if j != i {
				all = append(all, nb{math.Max(dist(x, dx, i, j), dist(y, dy, i, j)), j})
			}
		}
		sort.SliceStable(all, func(a, b int) bool { return all[a].d < all[b].d })
		if alg == 1 {
			eps := all[k-1].d
			nx, ny := 0, 0
			for j := 0; j < n; j++ {
				if j == i {
					continue
				}
				if dist(x, dx, i, j) < eps {
					nx++
				}
				if dist(y, dy, i, j) < eps {
					ny++
				}
			}
			sum += mathext.Digamma(float64(nx+1)) + mathext.Digamma(float64(ny+1))
			continue
		}
		var ex, ey float64
		for _, e := range all[:k] {
			ex = math.Max(ex, dist(x, dx, i, e.j))
			ey = math.Max(ey, dist(y, dy, i, e.j))
		}
		nx, ny := 0, 0
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			if dist(x, dx, i, j) <= ex {
				nx++
			}
			if dist(y, dy, i, j) <= ey {
				ny++
			}
		}
		sum += mathext.Digamma(float64(nx)) + mathext.Digamma(float64(ny))
	}
	fn, fk := float64(n), float64(k)
	if alg == 1 {
		return mathext.Digamma(fk) + mathext.Digamma(fn) - sum/fn
	}
	return mathext.Digamma(fk) - 1/fk + mathext.Digamma(fn) - sum/fn
}

func randPair(n, dx, dy int, seed uint64) (*mat.Dense, *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 5))
	x, y := mat.NewDense(n, dx, nil), mat.NewDense(n, dy, nil)
	for i := 0; i < n; i++ {
		for c := 0; c < dx; c++ {
			x.Set(i, c, rng.NormFloat64())
		}
		for c := 0; c < dy; c++ {
			y.Set(i, c, 0.7*x.At(i, c%dx)+rng.NormFloat64())
		}
	}
	return x, y
}

func TestKSGMatchesBruteForce(t *testing.T) {
	for _, sh := range [][3]int{{300, 1, 1}, {300, 2, 1}, {300, 3, 3}, {200, 5, 5}} {
		for _, alg := range []int{1, 2} {
			for _, k := range []int{1, 3, 7} {
				x, y := randPair(sh[0], sh[1], sh[2], uint64(sh[1]*10+alg))
				want := ksgBrute(x, y, k, alg)
				for _, method := range []int{ksgTree, ksgScan} {
					t.Run(fmt.Sprintf("n%d/%dx%d/ksg%d/k%d/method%d", sh[0], sh[1], sh[2], alg, k, method), func(t *testing.T) {
						defer func(m int) { ksgForceMethod = m }(ksgForceMethod)
						ksgForceMethod = method
						got, err := KSG{K: k, Algorithm: alg, Noise: -1, NoStandardize: true}.MI(x, y)
						require.NoError(t, err)
						require.InDelta(t, want, got, 1e-10)
					})
				}
			}
		}
	}
}
