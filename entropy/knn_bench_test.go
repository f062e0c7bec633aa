package entropy

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/special"
	"github.com/itlab/itlab/synth"
)

// klBrute is the O(n²) baseline: max-norm k-th neighbour distances by
// exhaustive scan, then the same formula.
func klBrute(x *mat.Dense, k int) float64 {
	n, d := x.Dims()
	raw := x.RawMatrix()
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
			var m float64
			for c := 0; c < d; c++ {
				m = math.Max(m, math.Abs(raw.Data[i*raw.Stride+c]-raw.Data[j*raw.Stride+c]))
			}
			if m < best[k-1] {
				p := k - 1
				for p > 0 && best[p-1] > m {
					best[p] = best[p-1]
					p--
				}
				best[p] = m
			}
		}
		sum += math.Log(best[k-1])
	}
	return special.DigammaInt(n) - special.DigammaInt(k) + float64(d)*math.Ln2 + float64(d)*sum/float64(n)
}

func TestKLBruteBaselineAgrees(t *testing.T) {
	x := synth.StandardGaussian(3).Sample(1500, rand.New(rand.NewPCG(1, 1)))
	v, err := KL{Noise: -1}.Entropy(x)
	if err != nil {
		t.Fatal(err)
	}
	if b := klBrute(x, 3); math.Abs(b-v) > 1e-10 {
		t.Fatalf("tree %v, brute %v", v, b)
	}
}

// BenchmarkKL3D is Kozachenko–Leonenko on 3-D Gaussians (k = 3, max norm),
// n = 10³…10⁵, against the O(n²) exhaustive scan (n ≤ 10⁴).
func BenchmarkKL3D(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		x := synth.StandardGaussian(3).Sample(n, rand.New(rand.NewPCG(1, 1)))
		b.Run(fmt.Sprintf("n=%d/kl", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := (KL{}).Entropy(x); err != nil {
					b.Fatal(err)
				}
			}
		})
		if n <= 10000 {
			b.Run(fmt.Sprintf("n=%d/brute", n), func(b *testing.B) {
				for b.Loop() {
					klBrute(x, 3)
				}
			})
		}
	}
}
