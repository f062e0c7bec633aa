package itlab_test

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
	"github.com/itlab/itlab/mi"
)

// Errors from any estimator match the sentinels of package itlab.
func Example() {
	x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	y := mat.NewDense(3, 1, []float64{1, 2, 3})
	_, err := mi.KSG{}.MI(x, y)
	fmt.Println(errors.Is(err, itlab.ErrShape))
	// Output: true
}

// A wrong number of labels is a shape error about labels: it matches both
// ErrShape and ErrLabels. A nil matrix, even a typed one (var x *mat.Dense),
// is an ErrShape error, not a panic.
func Example_labelsAndNil() {
	x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	_, err := mi.Ross{}.MILabels(x, []int{0, 1, 0})
	fmt.Println(errors.Is(err, itlab.ErrLabels), errors.Is(err, itlab.ErrShape))
	fmt.Println(err)

	var unset *mat.Dense
	_, err = mi.KSG{}.MI(x, unset)
	fmt.Println(errors.Is(err, itlab.ErrShape))
	// Output:
	// true true
	// labels: 3 labels for 4 samples: shape mismatch
	// true
}
