package itlab_test

import (
	"fmt"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
	"github.com/itlab/itlab/synth"
)

// The library end to end: train a small network with nets, hand each
// snapshot of its layers to an ib.Tracker running two layer estimators, and
// read the information-plane rows (nats; ib.Bits converts). The same
// estimators take any activation matrix directly: mi.KDE{}.Layer(t, labels).
func Example_informationPlane() {
	task, err := synth.TaskByName("xor", 400, 1)
	if err != nil {
		panic(err)
	}
	train, test, err := task.Split(0.75, 1)
	if err != nil {
		panic(err)
	}
	net, err := nets.New(nets.Config{Layers: []int{6, 3}, LR: 0.01, Batch: 32, Epochs: 100, Seed: 1}, 2, 2)
	if err != nil {
		panic(err)
	}
	// The engine's default probe set is the train rows, then the test rows.
	labels := append(append([]int(nil), train.Y...), test.Y...)
	tr, err := ib.NewTracker(ib.Config{
		Estimators: []mi.LayerEstimator{mi.Binning{}, mi.KDE{}},
		Labels:     labels,
		Layers:     2, // the hidden layers; the softmax output is the third
	})
	if err != nil {
		panic(err)
	}
	_, err = net.Train(nets.Data{X: train.X, Y: train.Y}, nets.Data{X: test.X, Y: test.Y},
		nets.Schedule{0, 100}, nil, tr.Observe)
	if err != nil {
		panic(err)
	}
	if err := tr.Close(); err != nil {
		panic(err)
	}
	for _, r := range tr.Rows() {
		fmt.Printf("%-7s epoch %3d layer %d: I(X;T) = %.2f bits, I(T;Y) = %.2f bits\n",
			r.Estimator, r.Epoch, r.Layer, ib.Bits(r.IXT), ib.Bits(r.ITY))
	}
	// Output:
	// binning epoch   0 layer 1: I(X;T) = 8.09 bits, I(T;Y) = 0.90 bits
	// kde     epoch   0 layer 1: I(X;T) = 3.07 bits, I(T;Y) = 0.52 bits
	// binning epoch   0 layer 2: I(X;T) = 6.55 bits, I(T;Y) = 0.73 bits
	// kde     epoch   0 layer 2: I(X;T) = 1.94 bits, I(T;Y) = 0.36 bits
	// binning epoch 100 layer 1: I(X;T) = 7.99 bits, I(T;Y) = 0.89 bits
	// kde     epoch 100 layer 1: I(X;T) = 3.72 bits, I(T;Y) = 0.55 bits
	// binning epoch 100 layer 2: I(X;T) = 5.12 bits, I(T;Y) = 0.66 bits
	// kde     epoch 100 layer 2: I(X;T) = 2.53 bits, I(T;Y) = 0.54 bits
}
