package entropy_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/synth"
)

// The m-spacing estimators on 1000 standard normal draws (truth 1.4189 nats).
func ExampleSpacing() {
	x := synth.StandardGaussian(1).Sample(1000, rand.New(rand.NewPCG(1, 2)))
	for _, m := range []entropy.SpacingMethod{entropy.Ebrahimi, entropy.Vasicek, entropy.VanEs} {
		h, err := entropy.Spacing{Method: m}.Entropy(x)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s m=%d  %.4f\n", m, entropy.Spacing{}.Window(1000), h)
	}
	// Output:
	// ebrahimi m=32  1.4179
	// vasicek  m=32  1.3975
	// van-es   m=32  1.3329
}
