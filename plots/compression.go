package plots

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/internal/check"
)

// CompressionSpread draws the compression metrics of several runs (one
// []ib.Compression per seed, from ib.Compress): per estimator a panel, per
// hidden layer the compression max − final I(X;T) (open circles, left) and the
// late compression (filled, right) of every run in bits, with the mean as a
// horizontal bar. It shows how much compression varies between
// initialisations.
func CompressionSpread(runs [][]ib.Compression, estimators []string) (*Figure, error) {
	type key struct {
		est   string
		layer int
	}
	total := map[key][]float64{}
	late := map[key][]float64{}
	layers := map[string][]int{}
	var order []string
	ymax := 0.5
	for _, run := range runs {
		for _, c := range run {
			k := key{c.Estimator, c.Layer}
			if _, ok := layers[c.Estimator]; !ok {
				order = append(order, c.Estimator)
				layers[c.Estimator] = nil
			}
			if _, ok := total[k]; !ok {
				layers[c.Estimator] = append(layers[c.Estimator], c.Layer)
			}
			total[k] = append(total[k], ib.Bits(c.Compression))
			late[k] = append(late[k], ib.Bits(c.LateCompression))
			ymax = max(ymax, ib.Bits(c.Compression))
		}
	}
	if len(total) == 0 {
		return nil, fmt.Errorf("plots: no compression metrics: %w", check.ErrTooFewSamples)
	}
	if estimators != nil {
		order = estimators
	}
	n := len(order)
	panels := make([]*plot.Plot, n)
	for i, est := range order {
		yl := ""
		if i == 0 {
			yl = "compression of I(X;T)  [bits]"
		}
		p := newPlot(est, "layer", yl)
		p.Add(gridLines())
		ls := append([]int(nil), layers[est]...)
		sort.Ints(ls)
		var ticks []plot.Tick
		for _, l := range ls {
			ticks = append(ticks, plot.Tick{Value: float64(l), Label: fmt.Sprintf("L%d", l)})
			for s, vals := range [][]float64{total[key{est, l}], late[key{est, l}]} {
				x0 := float64(l) - 0.17 + 0.34*float64(s)
				pts := make(plotter.XYs, len(vals))
				mean := 0.0
				for j, v := range vals {
					// spread the runs a little sideways so equal values stay visible
					pts[j] = plotter.XY{X: x0 + 0.16*(float64(j)/float64(max(len(vals)-1, 1))-0.5), Y: v}
					mean += v
				}
				mean /= float64(len(vals))
				sc, err := plotter.NewScatter(pts)
				if err != nil {
					return nil, err
				}
				sc.Radius = vg.Points(2)
				sc.Color = layerColors[0]
				sc.Shape = draw.RingGlyph{}
				if s == 1 {
					sc.Color = layerColors[5]
					sc.Shape = draw.CircleGlyph{}
				}
				p.Add(sc)
				bar, err := plotter.NewLine(plotter.XYs{{X: x0 - 0.13, Y: mean}, {X: x0 + 0.13, Y: mean}})
				if err != nil {
					return nil, err
				}
				bar.Width = vg.Points(1.5)
				bar.Color = color.Black
				p.Add(bar)
				if i == 0 && l == ls[0] {
					name := "max − final"
					if s == 1 {
						name = "late"
					}
					p.Legend.Add(name, sc)
				}
			}
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		if len(ls) > 0 {
			p.X.Min, p.X.Max = float64(ls[0])-0.6, float64(ls[len(ls)-1])+0.6
		}
		p.Y.Min, p.Y.Max = 0, ymax*1.2
		p.Legend.Top = true
		p.Legend.Left = true
		p.Legend.XOffs = vg.Points(4)
		panels[i] = p
	}
	width := min(PaperWidth, vg.Length(0.6+1.95*float64(n))*vg.Inch)
	f := &Figure{Width: width, Height: 2.4 * vg.Inch}
	f.draw = func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: n, PadX: vg.Points(10), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(4)}
		cs := plot.Align([][]*plot.Plot{panels}, tiles, dc)
		for i, p := range panels {
			p.Draw(cs[0][i])
		}
	}
	return f, nil
}
