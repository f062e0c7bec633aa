package nets_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/nets"
)

// Every layer's activations on any inputs, after (or without) training:
// hidden layers first, then the output (softmax probabilities). Each matrix
// has one row per input, ready for the estimators of package mi.
func ExampleNet_Activations() {
	net, err := nets.New(nets.Config{Layers: []int{4, 3}, Activation: nets.ReLU, Init: nets.He, Seed: 2}, 2, 2)
	if err != nil {
		panic(err)
	}
	x := mat.NewDense(5, 2, []float64{0, 0, 1, 0, 0, 1, 1, 1, -1, -1})
	layers, err := net.Activations(x)
	if err != nil {
		panic(err)
	}
	for l, a := range layers {
		r, c := a.Dims()
		fmt.Printf("layer %d: %d×%d, constant units %v\n", l+1, r, c, nets.DeadUnits(a))
	}
	fmt.Println("sizes", net.Sizes(), "parameters", net.NumParams())
	// Output:
	// layer 1: 5×4, constant units []
	// layer 2: 5×3, constant units []
	// layer 3: 5×2, constant units []
	// sizes [2 4 3 2] parameters 35
}

// Schedules say at which epochs Train emits snapshots: every k epochs,
// log-spaced, or a union of both.
func ExampleMerge() {
	fmt.Println(nets.Every(250, 1000))
	fmt.Println(nets.LogSchedule(1000, 8))
	fmt.Println(nets.Merge(nets.LogSchedule(1000, 8), nets.Schedule{500}))
	// Output:
	// [0 250 500 750 1000]
	// [0 2 6 18 51 138 372 1000]
	// [0 2 6 18 51 138 372 500 1000]
}
