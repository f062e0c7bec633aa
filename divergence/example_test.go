package divergence_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/divergence"
)

func ExampleW1D() {
	// scipy.stats.wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.
	w, _ := divergence.W1D([]float64{0, 1, 3}, []float64{5, 6, 8}, nil, nil, 1)
	fmt.Println(w)
	// Output: 5
}

func ExampleCSGaussian() {
	// Two unit-variance normals one unit apart: Δ²/(2σ²) = 0.5 nats.
	one := mat.NewSymDense(1, []float64{1})
	d, _ := divergence.CSGaussian([]float64{0}, one, []float64{1}, one)
	fmt.Printf("%.4f\n", d)
	// Output: 0.5000
}

func ExampleWExact() {
	// A point cloud and its translate by (3, 4): W2 is the shift length.
	p := mat.NewDense(3, 2, []float64{0, 0, 1, 0, 0, 1})
	q := mat.NewDense(3, 2, []float64{3, 5, 3, 4, 4, 4})
	w, _ := divergence.WExact(p, q, 2)
	fmt.Printf("%.6f\n", w)
	// Output: 5.000000
}

func ExampleKLDiscrete() {
	kl, _ := divergence.KLDiscrete([]float64{0.5, 0.5}, []float64{0.9, 0.1})
	fmt.Printf("%.6f nats\n", kl)
	// Output: 0.510826 nats
}

func ExampleKNN() {
	// KL(N(0,1) ‖ N(1,1)) = 0.5 nats, from 20,000 samples of each.
	rng := rand.New(rand.NewPCG(1, 2))
	n := 20000
	p := mat.NewDense(n, 1, nil)
	q := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		p.Set(i, 0, rng.NormFloat64())
		q.Set(i, 0, rng.NormFloat64()+1)
	}
	kl, _ := divergence.KNN{K: 3}.KL(p, q)
	fmt.Printf("%.1f nats\n", kl)
	// Output: 0.5 nats
}
