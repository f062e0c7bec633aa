package mi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/special"
	"github.com/itlab/itlab/synth"
)

// ksgBruteFast is the baseline of the benchmarks: KSG-1 by exhaustive O(n²)
// scans in plain Go (no tree, no sort), on raw data.
func ksgBruteFast(x, y *mat.Dense, k int) float64 {
	n, dx := x.Dims()
	_, dy := y.Dims()
	xr, yr := x.RawMatrix(), y.RawMatrix()
	dist := func(a []float64, d, s, i, j int) float64 {
		var m float64
		for c := 0; c < d; c++ {
			m = math.Max(m, math.Abs(a[i*s+c]-a[j*s+c]))
		}
		return m
	}
	best := make([]float64, k)
	var sum float64
	for i := 0; i < n; i++ {
		for b := range best {
			best[b] = math.Inf(1)
		}
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			v := math.Max(dist(xr.Data, dx, xr.Stride, i, j), dist(yr.Data, dy, yr.Stride, i, j))
			if v < best[k-1] {
				p := k - 1
				for p > 0 && best[p-1] > v {
					best[p] = best[p-1]
					p--
				}
				best[p] = v
			}
		}
		eps := best[k-1]
		nx, ny := 0, 0
		for j := 0; j < n; j++ {
			if j != i && dist(xr.Data, dx, xr.Stride, i, j) < eps {
				nx++
			}
			if j != i && dist(yr.Data, dy, yr.Stride, i, j) < eps {
				ny++
			}
		}
		sum += special.DigammaInt(nx+1) + special.DigammaInt(ny+1)
	}
	return special.DigammaInt(k) + special.DigammaInt(n) - sum/float64(n)
}

func benchPair(b *testing.B, p synth.Pair, n int) (*mat.Dense, *mat.Dense) {
	b.Helper()
	return p.Sample(n, rand.New(rand.NewPCG(1, 2)))
}

func benchKSG(b *testing.B, x, y *mat.Dense, method int) {
	defer func(m int) { ksgForceMethod = m }(ksgForceMethod)
	ksgForceMethod = method
	b.ResetTimer()
	for b.Loop() {
		if _, err := (KSG{}).MI(x, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKSG1x1 shows the O(n log n) growth of the default KSG on the
// bivariate Gaussian, n = 10³…10⁶, against the O(n²) brute force (n ≤ 10⁴).
func BenchmarkKSG1x1(b *testing.B) {
	p, _ := synth.BivariateNormal(0.9)
	for _, n := range []int{1000, 10000, 100000, 1000000} {
		x, y := benchPair(b, p, n)
		b.Run(fmt.Sprintf("n=%d/ksg", n), func(b *testing.B) { benchKSG(b, x, y, -1) })
		if n <= 10000 {
			b.Run(fmt.Sprintf("n=%d/brute", n), func(b *testing.B) {
				for b.Loop() {
					ksgBruteFast(x, y, 3)
				}
			})
		}
	}
}

// BenchmarkKSG5x5 is the 5×5 sparse Gaussian at n = 10⁴: the automatic
// choice, the kd-tree path, the exhaustive-scan path and the brute force.
func BenchmarkKSG5x5(b *testing.B) {
	p, _ := synth.SparseNormal(5, 5, 2, 2)
	x, y := benchPair(b, p, 10000)
	b.Run("auto", func(b *testing.B) { benchKSG(b, x, y, -1) })
	b.Run("tree", func(b *testing.B) { benchKSG(b, x, y, ksgTree) })
	b.Run("scan", func(b *testing.B) { benchKSG(b, x, y, ksgScan) })
	b.Run("brute", func(b *testing.B) {
		for b.Loop() {
			ksgBruteFast(x, y, 3)
		}
	})
}

// BenchmarkKSGMethods compares the two search paths over joint dimension and
// n; it sets the thresholds of ksgState.method. Run with -benchtime 1x.
func BenchmarkKSGMethods(b *testing.B) {
	for _, dxy := range [][2]int{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}} {
		p, _ := synth.DenseNormal(dxy[0], dxy[1], 0.3)
		for _, n := range []int{2000, 5000, 10000, 20000, 30000, 50000} {
			x, y := benchPair(b, p, n)
			for _, m := range []int{ksgTree, ksgScan} {
				b.Run(fmt.Sprintf("%dx%d/n=%d/%s", dxy[0], dxy[1], n, []string{"tree", "scan"}[m]), func(b *testing.B) { benchKSG(b, x, y, m) })
			}
		}
	}
}
