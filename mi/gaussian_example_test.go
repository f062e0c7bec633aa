package mi_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/synth"
)

// The Gaussian (canonical-correlation) estimator on the bivariate normal with
// ρ = 0.9, whose MI is −½ log(1 − 0.81) = 0.8304 nats.
func ExampleGaussian() {
	p, err := synth.BivariateNormal(0.9)
	if err != nil {
		panic(err)
	}
	x, y := p.Sample(10000, rand.New(rand.NewPCG(1, 2)))
	est, err := mi.Gaussian{}.MI(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("truth %.4f  estimate %.4f nats\n", p.MI(), est)
	// Output:
	// truth 0.8304  estimate 0.8395 nats
}
