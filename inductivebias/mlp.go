package inductivebias

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/nets"
)

// MLP is the hypothesis space of networks trained by the engine from random
// initialisations, as in the reference nn_inductive_bias.py: each hypothesis
// is a network with the given hidden widths, trained with Adam on the mean
// squared error against one-hot targets until it fits the training set
// (every training point classified right) or Epochs run out; its test MSE
// is one loss sample. Trial i uses seed+i, so the samples do not depend on
// the worker count. Cost: n trainings.
//
// The reference networks are ReLU networks, but the zero Activation is
// nets.Tanh (the engine's default): set Activation: nets.ReLU to reproduce
// the reference, as the itlab command does.
type MLP struct {
	Layers     []int           // hidden widths; {10, 7} when empty
	Activation nets.Activation // hidden activation; the zero value is tanh, the reference uses relu (set by the CLI)
	LR         float64         // Adam learning rate; 1e-3 when zero (the reference's)
	Epochs     int             // epoch budget per trial; 2000 when zero
	Batch      int             // mini-batch; full batch when zero
	Workers    int             // trials in parallel; 0 = GOMAXPROCS
}

// Name returns "mlp".
func (MLP) Name() string { return "mlp" }

// Losses trains n networks and returns their test MSE.
func (s MLP) Losses(d Data, n int, seed uint64) ([]float64, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("samples = %d, need ≥ 1: %w", n, check.ErrParam)
	}
	layers := s.Layers
	if len(layers) == 0 {
		layers = []int{10, 7}
	}
	lr := s.LR
	if lr == 0 {
		lr = 1e-3
	}
	epochs := s.Epochs
	if epochs == 0 {
		epochs = 2000
	}
	ntr, din := d.TrainX.Dims()
	batch := s.Batch
	if batch == 0 {
		batch = ntr
	}
	trT, target := d.targets()
	_, outs := target.Dims()
	train := nets.Data{X: d.TrainX, Y: d.TrainY, Target: trT}
	regression := d.TrainT != nil
	nte, _ := d.TestX.Dims()
	losses := make([]float64, n)
	errs := make([]error, n)
	parallel.Blocks(n, 1, s.Workers, func(i, _, _ int) {
		cfg := nets.Config{Layers: layers, Activation: s.Activation, Output: nets.MSE, Optimizer: nets.Adam,
			Init: nets.Xavier, LR: lr, Batch: batch, Epochs: epochs, Seed: seed + uint64(i), Workers: 1}
		net, err := nets.New(cfg, din, outs)
		if err != nil {
			errs[i] = err
			return
		}
		// Stop as soon as the network fits the training data (classification).
		fit := func(sn *nets.Snapshot) error {
			if !regression && sn.TrainAcc >= 1 {
				return nets.ErrStop
			}
			return nil
		}
		if _, err := net.Train(train, nets.Data{}, nets.Every(10, epochs), mat.NewDense(1, din, nil), fit); err != nil {
			errs[i] = err
			return
		}
		pred, err := net.Predict(d.TestX)
		if err != nil {
			errs[i] = err
			return
		}
		var sum float64
		for r := 0; r < nte; r++ {
			for c := 0; c < outs; c++ {
				v := pred.At(r, c) - target.At(r, c)
				sum += v * v
			}
		}
		losses[i] = sum / float64(nte*outs)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return losses, nil
}

var _ Space = MLP{}
