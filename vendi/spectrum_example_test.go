package vendi_test

import (
	"fmt"
	"math"

	"github.com/itlab/itlab/vendi"
)

// The score of a spectrum computed elsewhere (the eigenvalues of K/n, here
// of four items in two orthogonal pairs of duplicates): the Hill numbers of
// every order agree when the spectrum is flat.
func ExampleFromSpectrum() {
	lambda := []float64{0.5, 0.5, 0, 0}
	for _, q := range []float64{0, 1, 2, math.Inf(1)} {
		vs, err := vendi.FromSpectrum(lambda, q)
		if err != nil {
			panic(err)
		}
		fmt.Printf("q=%v: %.4f\n", q, vs)
	}
	// Output:
	// q=0: 2.0000
	// q=1: 2.0000
	// q=2: 2.0000
	// q=+Inf: 2.0000
}
