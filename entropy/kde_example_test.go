package entropy_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/entropy"
)

func ExampleKDEBound() {
	// four 2-D activations; entropy of T + N(0, 0.1·I), Kolchinsky–Tracey
	t := mat.NewDense(4, 2, []float64{0, 0, 0.5, 0, 0, 0.5, 1, 1})
	up, _ := entropy.KDEBound{NoiseVar: 0.1}.Entropy(t)
	lo, _ := entropy.KDEBound{NoiseVar: 0.1, Lower: true}.Entropy(t)
	fmt.Printf("H in [%.4f, %.4f] nats\n", lo, up)
	// Output: H in [1.1330, 1.6498] nats
}

func ExampleKDE() {
	// a regular grid standing in for a uniform sample on [0, 1]:
	// the resubstitution estimate is near the true entropy 0
	n := 2000
	x := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		x.Set(i, 0, (float64(i)+0.5)/float64(n))
	}
	h, _ := entropy.KDE{Bandwidth: 0.01}.Entropy(x)
	fmt.Printf("H = %.2f nats (|H| < 0.02: %v)\n", h, math.Abs(h) < 0.02)
	// Output: H = 0.01 nats (|H| < 0.02: true)
}
