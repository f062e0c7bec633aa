package entropy_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/entropy"
)

// Discrete estimators on a small sample of symbols: the bias-corrected ones
// raise the plug-in value, which is biased low.
func ExampleGrassberger() {
	x := []int{0, 1, 1, 2, 3, 3, 3, 4, 5, 6}
	for _, e := range []entropy.Discrete{entropy.PlugIn{}, entropy.MillerMadow{}, entropy.Grassberger{}, entropy.NSB{K: 10}} {
		h, err := entropy.Symbols(e, x)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-20T %.4f nats\n", e, h)
	}
	// Output:
	// entropy.PlugIn       1.8344 nats
	// entropy.MillerMadow  2.1344 nats
	// entropy.Grassberger  2.5729 nats
	// entropy.NSB          2.1041 nats
}

// Rows of a matrix as symbols: binned activations, one row per sample.
func ExampleRows() {
	t := mat.NewDense(6, 2, []float64{
		0, 1,
		0, 1,
		1, 1,
		1, 0,
		0, 1,
		1, 1,
	})
	h, err := entropy.Rows(entropy.PlugIn{}, t)
	if err != nil {
		panic(err)
	}
	ids, k := entropy.RowSymbols(t)
	fmt.Println(ids, k)
	fmt.Printf("%.4f nats\n", h)
	// Output:
	// [0 0 1 2 0 1] 3
	// 1.0114 nats
}

// The plug-in mutual information of two discrete samples.
func ExampleMutualInfoDiscrete() {
	x := []int{0, 0, 1, 1, 2, 2, 3, 3}
	y := []int{0, 0, 1, 1, 0, 0, 1, 1} // y = x mod 2
	mi, err := entropy.MutualInfoDiscrete(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f nats (log 2 = 0.6931)\n", mi)
	// Output:
	// 0.6931 nats (log 2 = 0.6931)
}
