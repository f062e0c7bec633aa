package plots

import (
	"bytes"
	"flag"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/ib"
)

var outDir = flag.String("plots.out", "", "write the test figures to this folder for viewing")

// synthRows imitates the trajectories of the 12-bit network: wide layers
// stay near 12 bits, the last layers rise and then compress.
func synthRows(ests []string) []ib.Row {
	var rows []ib.Row
	epochs := []int{0}
	for e := 1.0; e <= 8000; e *= 1.05 {
		if k := int(e); k != epochs[len(epochs)-1] {
			epochs = append(epochs, k)
		}
	}
	for _, est := range ests {
		for _, e := range epochs {
			s := math.Log10(float64(e) + 1)
			for l := 1; l <= 5; l++ {
				top := 12 - 1.2*float64(l-1)*float64(l-1)/2
				rise := top * (0.7 + 0.3*math.Tanh(s))
				comp := 0.0
				if l >= 4 {
					comp = float64(l-3) * 1.5 * math.Max(0, s-2.3)
				}
				ixt := math.Max(0.5, rise-comp) * math.Ln2
				ity := math.Min(ixt, (0.3+0.69*math.Tanh(1.2*s)-0.02*float64(l))*math.Ln2)
				rows = append(rows, ib.Row{Estimator: est, Epoch: e, Layer: l, IXT: ixt, ITY: ity,
					TrainLoss: 0.7 * math.Exp(-s), TestLoss: 0.75*math.Exp(-s) + 0.02*s, TrainAcc: 1 - 0.48*math.Exp(-s), TestAcc: 1 - 0.5*math.Exp(-0.9*s)})
			}
		}
	}
	return rows
}

func bound(t *testing.T) *ib.Curve {
	p := mat.NewDense(2, 2, []float64{0.48, 0, 0, 0.52})
	c, err := ib.Method{Seed: 1}.Curve(p, ib.CurveOptions{})
	require.NoError(t, err)
	c.HX = 12 * math.Ln2
	return c
}

func save(t *testing.T, f *Figure, name string) ([]byte, []byte) {
	var pb, sb bytes.Buffer
	require.NoError(t, f.WriteTo(&pb, "png"))
	require.NoError(t, f.WriteTo(&sb, "svg"))
	if *outDir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(*outDir, name+".png"), pb.Bytes(), 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(*outDir, name+".svg"), sb.Bytes(), 0o644))
	}
	img, err := png.Decode(bytes.NewReader(pb.Bytes()))
	require.NoError(t, err)
	w := img.Bounds().Dx()
	assert.InDelta(t, f.Width.Points()/72*dpi, float64(w), 2)
	return pb.Bytes(), sb.Bytes()
}

func TestInfoPlaneStructure(t *testing.T) {
	ests := []string{"binning", "adaptive-binning", "kde"}
	rows := synthRows(ests)
	f, err := InfoPlane(rows, InfoPlaneOptions{Bound: bound(t), Title: "12-10-7-5-4-3-2 tanh, seed 0"})
	require.NoError(t, err)
	assert.InDelta(t, 6.5, f.Width.Points()/72, 1e-9, "three panels fill the text width")
	p1, s1 := save(t, f, "infoplane")
	svg := string(s1)
	for _, want := range append(ests, "I(X;T)", "I(T;Y)", "[bits]", "epoch", "L1", "L5", "IB bound", "1000") {
		assert.Contains(t, svg, want)
	}
	// deterministic output
	p2, s2 := save(t, f, "infoplane")
	assert.Equal(t, p1, p2)
	assert.Equal(t, s1, s2)
	// one panel
	f1, err := InfoPlane(rows[:len(rows)/3], InfoPlaneOptions{})
	require.NoError(t, err)
	assert.Less(t, f1.Width.Points()/72, 4.0)
	_, s := save(t, f1, "infoplane-one")
	assert.NotContains(t, string(s), "IB bound")
	assert.Less(t, len(p1), 300<<10, "README figures stay small")
}

func TestEpochFigures(t *testing.T) {
	rows := synthRows([]string{"binning", "kde"})
	f, err := InfoEpochs(rows, nil)
	require.NoError(t, err)
	_, s := save(t, f, "info-epochs")
	for _, want := range []string{"binning", "kde", "epoch", "L3", "I(T;Y)"} {
		assert.Contains(t, string(s), want)
	}
	f, err = Training(rows)
	require.NoError(t, err)
	_, s = save(t, f, "training")
	for _, want := range []string{"loss", "accuracy", "train", "test"} {
		assert.Contains(t, string(s), want)
	}
	nan := []ib.Row{{Estimator: "x", Epoch: 3, TrainLoss: math.NaN()}}
	_, err = Training(nan)
	assert.Error(t, err)
}

func TestIBCurveFigure(t *testing.T) {
	p := mat.NewDense(3, 3, []float64{0.2, 0.05, 0.05, 0.02, 0.3, 0.03, 0.1, 0.05, 0.2})
	c, err := ib.Method{Seed: 1}.Curve(p, ib.CurveOptions{})
	require.NoError(t, err)
	f, err := IBCurve(c, "3×3 joint")
	require.NoError(t, err)
	_, s := save(t, f, "ibcurve")
	assert.True(t, strings.Contains(string(s), "I(X;Y) ="))
	_, err = IBCurve(&ib.Curve{}, "")
	assert.Error(t, err)
}

func TestErrors(t *testing.T) {
	_, err := InfoPlane(nil, InfoPlaneOptions{})
	assert.Error(t, err)
	_, err = InfoPlane([]ib.Row{{IXT: math.NaN()}}, InfoPlaneOptions{})
	assert.Error(t, err)
	f, err := InfoPlane(synthRows([]string{"a"}), InfoPlaneOptions{})
	require.NoError(t, err)
	assert.Error(t, f.WriteTo(&bytes.Buffer{}, "gif"))
}

func TestCompressionSpread(t *testing.T) {
	var runs [][]ib.Compression
	for s := 0; s < 4; s++ {
		rows := synthRows([]string{"binning", "kde"})
		for i := range rows {
			rows[i].IXT *= 1 + 0.05*float64(s)
		}
		runs = append(runs, ib.Compress(rows, ib.CompressionOptions{}))
	}
	f, err := CompressionSpread(runs, nil)
	require.NoError(t, err)
	_, s := save(t, f, "compression")
	for _, want := range []string{"binning", "kde", "L5", "late", "max − final", "[bits]"} {
		assert.Contains(t, string(s), want)
	}
	_, err = CompressionSpread(nil, nil)
	assert.Error(t, err)
}
