package divergence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/itlab/itlab/internal/knn"
)

// naiveW1 is the SciPy algorithm: comparison sorts, then ∫|F−G| over the
// merged support. It is the baseline for W1D.
func naiveW1(u, v []float64) float64 {
	su, sv := slices.Clone(u), slices.Clone(v)
	slices.Sort(su)
	slices.Sort(sv)
	all := make([]float64, 0, len(su)+len(sv))
	all = append(append(all, su...), sv...)
	slices.Sort(all)
	var s float64
	i, j := 0, 0
	for k := 0; k+1 < len(all); k++ {
		x := all[k]
		for i < len(su) && su[i] <= x {
			i++
		}
		for j < len(sv) && sv[j] <= x {
			j++
		}
		s += math.Abs(float64(i)/float64(len(su))-float64(j)/float64(len(sv))) * (all[k+1] - x)
	}
	return s
}

func TestNaiveW1Agrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	u, v := randSlice(rng, 1000, 0), randSlice(rng, 777, 0.5)
	got, err := W1D(u, v, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if w := naiveW1(u, v); math.Abs(w-got) > 1e-12 {
		t.Fatalf("W1D %v, naive %v", got, w)
	}
}

func randSlice(rng *rand.Rand, n int, shift float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() + shift
	}
	return x
}

// BenchmarkW1D is the size, 10^6 + 10^6 samples (SciPy: 0.41 s).
func BenchmarkW1D(b *testing.B) {
	rng := rand.New(rand.NewPCG(53, 54))
	u, v := randSlice(rng, 1_000_000, 0), randSlice(rng, 1_000_000, 0.3)
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			if _, err := W1D(u, v, nil, nil, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("naive-sort-cdf", func(b *testing.B) {
		for b.Loop() {
			naiveW1(u, v)
		}
	})
}

// naiveCSSums is a plain double loop with math.Exp: the baseline for the
// fused tiled kernels.
func naiveCSSums(p, q []float64, n, m, d int, sigma float64) float64 {
	sum := func(a []float64, na int, c []float64, nc int) float64 {
		var s float64
		for i := 0; i < na; i++ {
			x := a[i*d : (i+1)*d]
			for j := 0; j < nc; j++ {
				s += math.Exp(-sqd(x, c[j*d:(j+1)*d]) / (2 * sigma * sigma))
			}
		}
		return s
	}
	fn, fm := float64(n), float64(m)
	return math.Log(sum(p, n, p, n)/(fn*fn)) + math.Log(sum(q, m, q, m)/(fm*fm)) - 2*math.Log(sum(p, n, q, m)/(fn*fm))
}

func sqd(a, b []float64) float64 {
	var s float64
	for k := range a {
		t := a[k] - b[k]
		s += t * t
	}
	return s
}

// BenchmarkCS: the size is 10,000 + 10,000 points in d = 10
// (chunked NumPy: 1.05 s); the naive double loop runs at 2000 + 2000.
func BenchmarkCS(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		rng := rand.New(rand.NewPCG(55, 56))
		p := randGauss(rng, n, 10, 1)
		q := shifted(randGauss(rng, n, 10, 1), []float64{0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0})
		b.Run(fmt.Sprintf("tiled/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := (CS{Sigma: 1}).Divergence(p, q); err != nil {
					b.Fatal(err)
				}
			}
		})
		if n > 2000 {
			continue
		}
		b.Run(fmt.Sprintf("naive/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				naiveCSSums(p.RawMatrix().Data, q.RawMatrix().Data, n, n, 10, 1)
			}
		})
	}
}

// knnKLBrute is the WKV estimator with exhaustive neighbour search, O(n²·d):
// the naive baseline of BenchmarkKNNKL.
func knnKLBrute(p, q []float64, n, m, d, k int) float64 {
	bp := knn.NewBrute(p, n, d, knn.Euclidean)
	bq := knn.NewBrute(q, m, d, knn.Euclidean)
	dist := make([]float64, k)
	var s float64
	for i := 0; i < n; i++ {
		x := p[i*d : (i+1)*d]
		bp.KNN(x, i, dist, nil)
		r := dist[k-1]
		bq.KNN(x, -1, dist, nil)
		s += math.Log(dist[k-1] / r)
	}
	return float64(d)*s/float64(n) + math.Log(float64(m)/float64(n-1))
}

func TestKNNBruteAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	p := randGauss(rng, 700, 3, 1)
	q := randGauss(rng, 500, 3, 2)
	got, err := KNN{K: 3}.KL(p, q)
	if err != nil {
		t.Fatal(err)
	}
	if want := knnKLBrute(p.RawMatrix().Data, q.RawMatrix().Data, 700, 500, 3, 3); math.Abs(got-want) > 1e-12 {
		t.Fatalf("tree %v brute %v", got, want)
	}
}

// BenchmarkKNNKL compares the kd-tree estimators with the brute-force
// neighbour search on the same data.
func BenchmarkKNNKL(b *testing.B) {
	rng := rand.New(rand.NewPCG(57, 58))
	p := randGauss(rng, 20000, 3, 1)
	q := randGauss(rng, 20000, 3, 2)
	b.Run("brute/n=20000/d=3", func(b *testing.B) {
		for b.Loop() {
			knnKLBrute(p.RawMatrix().Data, q.RawMatrix().Data, 20000, 20000, 3, 3)
		}
	})
	for _, tc := range []struct {
		name string
		e    klEstimator
	}{{"knn", KNN{K: 3}}, {"ensemble", KNNEnsemble{K: 3}}} {
		b.Run(tc.name+"/n=20000/d=3", func(b *testing.B) {
			for b.Loop() {
				if _, err := tc.e.KL(p, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSinkhorn against the exact solver on the same 1000-point clouds.
func BenchmarkSinkhorn(b *testing.B) {
	rng := rand.New(rand.NewPCG(59, 60))
	p := randGauss(rng, 1000, 2, 1)
	q := randGauss(rng, 1000, 2, 1)
	b.Run("sinkhorn/n=1000", func(b *testing.B) {
		for b.Loop() {
			if _, err := (Sinkhorn{}).W(p, q, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("exact/n=1000", func(b *testing.B) {
		for b.Loop() {
			if _, err := WExact(p, q, 2); err != nil {
				b.Fatal(err)
			}
		}
	})
}
