package mi_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/mi"
)

// The 8-sample, two-unit ReLU layer of the worked example in Chelombiev et
// al.'s adaptive binning (methods.md §2b), with its labels.
func exampleLayer() (*mat.Dense, []int) {
	t := mat.NewDense(8, 2, []float64{0, .3, .1, 0, .25, .9, 0, 0, .5, .45, 1.2, .3, .05, 2, .7, 0})
	return t, []int{0, 0, 1, 0, 1, 1, 0, 1}
}

func ExampleAdaptiveBinning() {
	t, y := exampleLayer()
	l, err := mi.AdaptiveBinning{Bins: 3}.Layer(t, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("I(X;T) = %.4f bits, I(T;Y) = %.4f bits\n", l.IXT/math.Ln2, l.ITY/math.Ln2)
	// Output: I(X;T) = 3.0000 bits, I(T;Y) = 1.0000 bits
}

func ExampleBinning() {
	t, y := exampleLayer()
	// the fixed-width binning of Saxe et al.'s code, bin size 0.5
	l, err := mi.Binning{Width: 0.5}.Layer(t, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("I(X;T) = %.4f bits, I(T;Y) = %.4f bits\n", l.IXT/math.Ln2, l.ITY/math.Ln2)
	// Output: I(X;T) = 2.1556 bits, I(T;Y) = 1.0000 bits
}

func ExampleKDE() {
	// three 1-D activations with noise variance 0.1 (Kolchinsky–Tracey)
	t := mat.NewDense(3, 1, []float64{0, 1, 3})
	up, _ := mi.KDE{NoiseVar: 0.1}.Bounds(t, nil)
	lo, _ := mi.KDE{NoiseVar: 0.1, Lower: true}.Bounds(t, nil)
	fmt.Printf("I(X;T) in [%.4f, %.4f] nats\n", lo.IXT, up.IXT)
	// Output: I(X;T) in [0.9267, 1.0941] nats
}

func ExampleRenyiGramMI() {
	ka := mat.NewSymDense(3, []float64{1, .9, 0, .9, 1, 0, 0, 0, 1})
	kb := mat.NewSymDense(3, []float64{1, .5, .2, .5, 1, .3, .2, .3, 1})
	v, _ := mi.RenyiGramMI(ka, kb, 1.01)
	fmt.Printf("I_1.01 = %.4f bits\n", v/math.Ln2)
	// Output: I_1.01 = 1.0284 bits
}
