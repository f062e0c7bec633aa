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
