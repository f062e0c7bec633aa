package vendi_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/vendi"
)

func ExampleScore() {
	// The 3×3 example of the reference README: two near-duplicates and one distinct item.
	k := mat.NewDense(3, 3, []float64{1, .9, 0, .9, 1, 0, 0, 0, 1})
	for _, q := range []float64{1, 2, math.Inf(1)} {
		vs, _ := vendi.Score(k, q)
		fmt.Printf("q=%v: %.4f\n", q, vs)
	}
	// Output:
	// q=1: 2.1573
	// q=2: 1.9481
	// q=+Inf: 1.5789
}

func ExampleScoreFeatures() {
	// Four embeddings: two copies of one direction and two orthogonal ones.
	x := mat.NewDense(4, 3, []float64{
		1, 0, 0,
		2, 0, 0,
		0, 1, 0,
		0, 0, 3,
	})
	vs, _ := vendi.ScoreFeatures(x, vendi.Cosine{}, 1)
	fmt.Printf("%.4f\n", vs)
	// Output:
	// 2.8284
}
