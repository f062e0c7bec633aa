package vendi_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/vendi"
)

// A custom similarity through vendi.Func: a Laplace kernel exp(−‖a−b‖₁).
// It must be symmetric, positive semidefinite and 1 on the diagonal; the
// matrix it produces is checked as in Score. Two tight clusters of three
// items each count as about two effective items.
func ExampleFunc() {
	x := mat.NewDense(6, 2, []float64{
		0, 0, 0.01, 0, 0, 0.01,
		5, 5, 5.01, 5, 5, 5.01,
	})
	laplace := vendi.Func(func(a, b []float64) float64 {
		var d float64
		for i := range a {
			d += math.Abs(a[i] - b[i])
		}
		return math.Exp(-d)
	})
	vs, err := vendi.ScoreFeatures(x, laplace, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f\n", vs)
	// Output: 2.114
}

// The RBF kernel with an explicit width (in the units of the features) and
// with the median heuristic (Sigma 0), and the order q: q = 0 counts the
// rank, q = ∞ is 1/λ_max.
func ExampleRBF() {
	x := mat.NewDense(5, 1, []float64{0, 1, 2, 3, 10})
	for _, k := range []vendi.RBF{{Sigma: 0.5}, {}} {
		for _, q := range []float64{0, 1, math.Inf(1)} {
			vs, err := vendi.ScoreFeatures(x, k, q)
			if err != nil {
				panic(err)
			}
			fmt.Printf("σ=%v q=%v: %.3f\n", k.Sigma, q, vs)
		}
	}
	// Output:
	// σ=0.5 q=0: 5.000
	// σ=0.5 q=1: 4.945
	// σ=0.5 q=+Inf: 4.101
	// σ=0 q=0: 5.000
	// σ=0 q=1: 2.394
	// σ=0 q=+Inf: 1.476
}

// Weights over the items: a probability vector p replaces the uniform 1/n.
// Putting almost all the mass on one of three orthogonal items brings the
// score near 1.
func ExampleScoreWeighted() {
	k := mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1})
	for _, p := range [][]float64{nil, {1, 1, 1}, {0.98, 0.01, 0.01}} {
		vs, err := vendi.ScoreWeighted(k, p, 1)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%v: %.3f\n", p, vs)
	}
	// Output:
	// []: 3.000
	// [1 1 1]: 3.000
	// [0.98 0.01 0.01]: 1.118
}
