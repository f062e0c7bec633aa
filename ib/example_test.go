package ib_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
)

// A tracker turns snapshots into information-plane rows. Here two made-up
// snapshots of one layer stand in for the engine's; with a real network pass
// tracker.Observe to nets.Net.Train as its SnapshotFunc.
func ExampleTracker() {
	labels := []int{0, 0, 1, 1}
	tr, err := ib.NewTracker(ib.Config{
		Estimators: []mi.LayerEstimator{mi.Binning{Bins: 5, Lo: -1, Hi: 1}},
		Labels:     labels,
	})
	if err != nil {
		panic(err)
	}
	// epoch 0: four bins, every sample distinct; epoch 10: two bins, the label
	early := mat.NewDense(4, 1, []float64{-0.9, -0.1, 0.1, 0.9})
	late := mat.NewDense(4, 1, []float64{-0.9, -0.8, 0.8, 0.9})
	for _, s := range []*nets.Snapshot{{Epoch: 0, Layers: []*mat.Dense{early}}, {Epoch: 10, Layers: []*mat.Dense{late}}} {
		if err := tr.Observe(s); err != nil {
			panic(err)
		}
	}
	if err := tr.Close(); err != nil {
		panic(err)
	}
	for _, r := range tr.Rows() {
		fmt.Printf("epoch %2d layer %d: I(X;T) = %.2f bits, I(T;Y) = %.2f bits\n", r.Epoch, r.Layer, ib.Bits(r.IXT), ib.Bits(r.ITY))
	}
	c := ib.Compress(tr.Rows(), ib.CompressionOptions{})
	fmt.Printf("compression %.2f bits (max at epoch %d)\n", ib.Bits(c[0].Compression), c[0].MaxEpoch)
	// Output:
	// epoch  0 layer 1: I(X;T) = 2.00 bits, I(T;Y) = 1.00 bits
	// epoch 10 layer 1: I(X;T) = 1.00 bits, I(T;Y) = 1.00 bits
	// compression 1.00 bits (max at epoch 0)
}

// The IB curve of a joint where y is a copy of one fair bit of x (x has two
// bits): the curve is I(T;Y) = I(X;T) up to I(X;Y) = 1 bit. On the diagonal
// the Lagrangian is (1 − β)·I(X;T), so the solution jumps from the origin to
// the end at β = 1.
func ExampleMethod_Curve() {
	p := mat.NewDense(4, 2, []float64{
		0.25, 0, // x = 00 → y = 0
		0.25, 0, // x = 01 → y = 0
		0, 0.25, // x = 10 → y = 1
		0, 0.25, // x = 11 → y = 1
	})
	c, err := ib.Method{}.Curve(p, ib.CurveOptions{Betas: []float64{0.5, 2, 50}, NoRefine: true})
	if err != nil {
		panic(err)
	}
	fmt.Printf("H(X) = %.0f bits, I(X;Y) = %.0f bit, %d x values after merging\n", ib.Bits(c.HX), ib.Bits(c.IXY), c.Reduced)
	for _, pt := range c.Points {
		fmt.Printf("β = %4.1f: I(X;T) = %.3f, I(T;Y) = %.3f bits\n", pt.Beta, ib.Bits(pt.IXT), ib.Bits(pt.ITY))
	}
	// Output:
	// H(X) = 2 bits, I(X;Y) = 1 bit, 2 x values after merging
	// β =  0.5: I(X;T) = 0.000, I(T;Y) = 0.000 bits
	// β =  2.0: I(X;T) = 1.000, I(T;Y) = 1.000 bits
	// β = 50.0: I(X;T) = 1.000, I(T;Y) = 1.000 bits
}
