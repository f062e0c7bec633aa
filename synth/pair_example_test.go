package synth_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/itlab/itlab/synth"
)

// The benchmark suite: every pair reports its exact MI in nats.
func ExampleSuite() {
	for _, p := range synth.Suite()[:3] {
		dx, dy := p.Dims()
		fmt.Printf("%-32s %dx%d  %.6f\n", p.Name(), dx, dy, p.MI())
	}
	// Output:
	// normal-1x1-rho0.9                1x1  0.830366
	// normal-1x1-rho0.75               1x1  0.413339
	// normal-cdf-normal-1x1-rho0.75    1x1  0.413339
}

// A sparse Gaussian pair (bmi's "2-pair" construction) pushed through the
// half-cube map: the MI is unchanged by the marginal diffeomorphism.
func ExampleTransform() {
	base, err := synth.SparseNormal(5, 5, 2, 2)
	if err != nil {
		panic(err)
	}
	p := synth.Transform(base, synth.HalfCube, synth.HalfCube)
	x, y := p.Sample(1000, rand.New(rand.NewPCG(1, 2)))
	fmt.Println(p.Name(), x.RawMatrix().Cols, y.RawMatrix().Cols)
	fmt.Printf("%.10f\n", p.MI())
	// Output:
	// half-cube-normal-sparse-5x5 5 5
	// 1.0216512475
}
