package inductivebias_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/inductivebias"
)

// The whole estimate on a data set: sample hypotheses that fit the training
// data from a Space (here GP posteriors with the RBF kernel of width 1, also
// what GP{} uses), then fit their test losses and read off the bits needed to
// reach a test MSE of ε. Result.Hits says whether any sampled hypothesis was
// already that good (0: the estimate extrapolates the fitted law).
func ExampleGP() {
	rng := rand.New(rand.NewPCG(2, 2))
	data := func(n int) (*mat.Dense, []int) {
		x := mat.NewDense(n, 3, nil)
		y := make([]int, n)
		for i := 0; i < n; i++ {
			for j := 0; j < 3; j++ {
				x.Set(i, j, rng.NormFloat64())
			}
			if x.At(i, 0)+0.5*x.At(i, 1) > 0 {
				y[i] = 1
			}
		}
		return x, y
	}
	trX, trY := data(60)
	teX, teY := data(40)
	d := inductivebias.Data{TrainX: trX, TrainY: trY, TestX: teX, TestY: teY, Classes: 2}

	space := inductivebias.GP{Kernel: inductivebias.RBF{Sigma: 1}}
	losses, err := space.Losses(d, 200, 1)
	if err != nil {
		panic(err)
	}
	r, err := inductivebias.FromLosses(losses, 0.05, inductivebias.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.0f bits (95%% interval %.0f–%.0f), %d of %d samples below ε\n",
		space.Name(), r.Bits, r.Low, r.High, r.Hits, r.Samples)
	// Output: gp-rbf: 982 bits (95% interval 883–1182), 0 of 200 samples below ε
}

// The inputs of the task difficulty estimated from data: the intrinsic
// dimension of points on a circle embedded in 3-D is 1.
func ExampleIntrinsicDim() {
	rng := rand.New(rand.NewPCG(3, 3))
	x := mat.NewDense(500, 3, nil)
	for i := 0; i < 500; i++ {
		t := 2 * math.Pi * rng.Float64()
		x.Set(i, 0, math.Cos(t))
		x.Set(i, 1, math.Sin(t))
		x.Set(i, 2, 0.5*math.Cos(t)+0.2)
	}
	m, err := inductivebias.IntrinsicDim(x, 0, 0, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("m ≈ %.1f, radius %.2f\n", m, inductivebias.Radius(x))
	// Output: m ≈ 1.0, radius 1.22
}
