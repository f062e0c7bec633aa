package synth_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/itlab/itlab/synth"
)

// Exact differential entropies (nats) of the entropy test cases.
func ExampleEntropySuite() {
	for _, d := range synth.EntropySuite() {
		x := d.Sample(10, rand.New(rand.NewPCG(1, 1)))
		r, c := x.Dims()
		fmt.Printf("%-24s %2dx%d h = %.6f\n", d.Name(), r, c, d.Entropy())
	}
	// Output:
	// gaussian-1d              10x1 h = 1.418939
	// gaussian-3d-correlated   10x3 h = 3.594686
	// uniform-1d               10x1 h = 0.000000
	// uniform-3d               10x3 h = 1.098612
	// exponential-rate2        10x1 h = 0.306853
	// laplace-b1.5             10x1 h = 2.098612
	// cauchy-s1                10x1 h = 2.531024
	// student-t-2d-nu3         10x2 h = 3.784352
}
