package plots_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/plots"
)

// madeUpRows is a made-up trajectory of two layers under one estimator, with
// the loss and accuracy of each epoch.
func madeUpRows() []ib.Row {
	var rows []ib.Row
	for e := 0; e <= 1000; e += 100 {
		s := float64(e) / 1000
		for l := 1; l <= 2; l++ {
			rows = append(rows, ib.Row{Estimator: "kde", Epoch: e, Layer: l,
				IXT: (8 - 2*float64(l) - 2*s) * math.Ln2, ITY: (0.5 + 0.4*s) * math.Ln2,
				TrainLoss: 0.7 - 0.6*s, TestLoss: 0.7 - 0.5*s, TrainAcc: 0.5 + 0.5*s, TestAcc: 0.5 + 0.4*s})
		}
	}
	return rows
}

// I(X;T) and I(T;Y) against the epoch, one row of panels per estimator, and
// the training curves, written as SVG.
func ExampleInfoEpochs() {
	rows := madeUpRows()
	fig, err := plots.InfoEpochs(rows, nil) // nil: every estimator, in order of appearance
	if err != nil {
		panic(err)
	}
	var svg bytes.Buffer
	if err := fig.WriteTo(&svg, "svg"); err != nil {
		panic(err)
	}
	tr, err := plots.Training(rows)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.2f in wide, SVG %t; training figure %.2f in wide\n", fig.Width.Points()/72, bytes.Contains(svg.Bytes(), []byte("<svg")), tr.Width.Points()/72)
	// Output: 6.50 in wide, SVG true; training figure 6.50 in wide
}

// The optimal IB curve of a discrete joint distribution p(x, y) (rows x,
// columns y), solved by ib.Method.
func ExampleIBCurve() {
	joint := mat.NewDense(4, 2, []float64{
		0.20, 0.05,
		0.05, 0.20,
		0.15, 0.10,
		0.10, 0.15,
	})
	curve, err := ib.Method{}.Curve(joint, ib.CurveOptions{})
	if err != nil {
		panic(err)
	}
	fig, err := plots.IBCurve(curve, "four inputs, two labels")
	if err != nil {
		panic(err)
	}
	var png bytes.Buffer
	if err := fig.WriteTo(&png, "png"); err != nil {
		panic(err)
	}
	fmt.Printf("I(X;Y) = %.3f bits, PNG %t\n", ib.Bits(curve.IXY), bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	// Output: I(X;Y) = 0.154 bits, PNG true
}

// Errors match the sentinels of package itlab.
func ExampleFigure_WriteTo() {
	fig, err := plots.InfoPlane(madeUpRows(), plots.InfoPlaneOptions{})
	if err != nil {
		panic(err)
	}
	err = fig.WriteTo(new(bytes.Buffer), "jpg")
	fmt.Println(errors.Is(err, itlab.ErrParam), err)
	_, err = plots.InfoPlane(nil, plots.InfoPlaneOptions{})
	fmt.Println(errors.Is(err, itlab.ErrTooFewSamples), err)
	// Output:
	// true plots: unknown format "jpg" (want png or svg): invalid parameter
	// true plots: no trajectory rows: too few samples
}
