package nets_test

import (
	"bytes"
	"fmt"

	"github.com/itlab/itlab/nets"
	"github.com/itlab/itlab/synth"
)

// Train a small tanh network on the XOR task and watch the last hidden layer
// through snapshots.
func ExampleNet_Train() {
	task, err := synth.TaskByName("xor", 400, 1)
	if err != nil {
		panic(err)
	}
	train, test, err := task.Split(0.75, 1)
	if err != nil {
		panic(err)
	}
	cfg := nets.Config{Layers: []int{8, 3}, LR: 0.01, Batch: 32, Epochs: 200, Seed: 1}
	net, err := nets.New(cfg, 2, 2)
	if err != nil {
		panic(err)
	}
	snapshots := 0
	res, err := net.Train(
		nets.Data{X: train.X, Y: train.Y}, nets.Data{X: test.X, Y: test.Y},
		nets.Every(50, cfg.Epochs), nil,
		func(s *nets.Snapshot) error {
			snapshots++
			rows, width := s.Layers[1].Dims() // the 3-unit layer on train ++ test
			if s.Epoch == 0 {
				fmt.Println("probe", rows, "rows, width", width)
			}
			return nil
		})
	if err != nil {
		panic(err)
	}
	fmt.Println("snapshots:", snapshots, "epochs:", res.Epochs, "steps:", res.Steps)
	fmt.Println("test accuracy above 0.8:", res.TestAcc > 0.8)
	// Output:
	// probe 400 rows, width 3
	// snapshots: 5 epochs: 200 steps: 2000
	// test accuracy above 0.8: true
}

// The reference network of the 12-bit task on its reference split, trained
// for 100 epochs.
func ExampleReference() {
	train, test := synth.SZT12Reference()
	cfg := nets.Reference(0)
	cfg.Epochs = 100
	net, err := nets.New(cfg, synth.SZT12Bits, 2)
	if err != nil {
		panic(err)
	}
	res, err := net.Train(nets.Data{X: train.X, Y: train.Y}, nets.Data{X: test.X, Y: test.Y}, nil, nil, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(net.Sizes(), net.NumParams(), "parameters")
	fmt.Println("steps:", res.Steps, "train accuracy above 0.8:", res.TrainAcc > 0.8)
	// Output:
	// [12 10 7 5 4 3 2] 294 parameters
	// steps: 700 train accuracy above 0.8: true
}

func ExampleLogSchedule() {
	fmt.Println(nets.LogSchedule(1000, 12))
	// Output: [0 1 3 6 11 22 42 80 151 284 533 1000]
}

func ExampleLoad() {
	net, err := nets.New(nets.Config{Layers: []int{4}, Activation: nets.ReLU, Init: nets.He, Seed: 7}, 3, 2)
	if err != nil {
		panic(err)
	}
	var buf bytes.Buffer
	if err := net.Save(&buf); err != nil {
		panic(err)
	}
	back, err := nets.Load(&buf)
	if err != nil {
		panic(err)
	}
	fmt.Println(back.Sizes(), back.Config().Activation, back.Config().Init)
	// Output: [3 4 2] relu he
}

func ExampleParseActivation() {
	a, err := nets.ParseActivation("softsign")
	if err != nil {
		panic(err)
	}
	fmt.Println(a, nets.ActivationNames())
	// Output: softsign [tanh relu elu softsign softplus sigmoid leakyrelu linear]
}
