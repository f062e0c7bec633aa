package plots_test

import (
	"bytes"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/plots"
)

// Draw the information plane of trajectory rows (here made up: one layer
// that fits, then compresses) with the optimal IB curve of a balanced binary
// task as the bound, and write it as PNG.
func ExampleInfoPlane() {
	var rows []ib.Row
	for e := 0; e <= 1000; e += 50 {
		s := float64(e) / 1000
		rows = append(rows, ib.Row{Estimator: "binning", Epoch: e, Layer: 1,
			IXT: (6 - 3*s*s) * math.Ln2, ITY: (0.4 + 0.5*math.Sqrt(s)) * math.Ln2})
	}
	curve, err := ib.Method{}.Curve(mat.NewDense(2, 2, []float64{0.5, 0, 0, 0.5}), ib.CurveOptions{})
	if err != nil {
		panic(err)
	}
	fig, err := plots.InfoPlane(rows, plots.InfoPlaneOptions{Bound: curve, Title: "one layer"})
	if err != nil {
		panic(err)
	}
	var png bytes.Buffer
	if err := fig.WriteTo(&png, "png"); err != nil {
		panic(err)
	}
	fmt.Printf("%.2f in × %.2f in, PNG %t\n", fig.Width.Points()/72, fig.Height.Points()/72, bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	// Output:
	// 3.20 in × 2.65 in, PNG true
}
