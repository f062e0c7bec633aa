package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/internal/check"
)

// InfoEpochs draws I(X;T) (left column) and I(T;Y) (right column) in bits
// against the epoch (log axis), one row per estimator and one line per layer.
// Epoch 0 (before training) cannot sit on a log axis and is left out, as are
// rows whose I(X;T) or I(T;Y) is NaN or infinite.
func InfoEpochs(rows []ib.Row, estimators []string) (*Figure, error) {
	ests, traj, layers := group(rows, estimators)
	if len(traj) == 0 {
		return nil, fmt.Errorf("plots: no trajectory rows after epoch 0: %w", check.ErrTooFewSamples)
	}
	n := len(ests)
	grid := make([][]*plot.Plot, n)
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for _, tr := range traj {
		for _, r := range tr {
			xmin = math.Min(xmin, float64(r.Epoch))
			xmax = math.Max(xmax, float64(r.Epoch))
		}
	}
	if xmax <= xmin {
		xmax = xmin * 10
	}
	for i, est := range ests {
		xl := ""
		if i == n-1 {
			xl = "epoch"
		}
		left := newPlot("", xl, "I(X;T)  [bits]")
		right := newPlot("", xl, "I(T;Y)  [bits]")
		left.Y.Label.Text = est + "\nI(X;T)  [bits]"
		right.Y.Label.Text = "I(T;Y)  [bits]"
		for _, p := range []*plot.Plot{left, right} {
			p.X.Scale = plot.LogScale{}
			p.X.Tick.Marker = logTicks{}
			if i < n-1 { // inner rows: ticks without labels
				p.X.Tick.Marker = plot.TickerFunc(func(a, b float64) []plot.Tick {
					t := logTicks{}.Ticks(a, b)
					for k := range t {
						t[k].Label = ""
					}
					return t
				})
			}
			p.X.Min, p.X.Max = xmin, xmax
			p.Y.Min = 0
			p.Add(gridLines())
		}
		nl := len(layers[est])
		for li, l := range layers[est] {
			tr := traj[key{est, l}]
			xs := make(plotter.XYs, len(tr))
			ys := make(plotter.XYs, len(tr))
			for j, r := range tr {
				xs[j] = plotter.XY{X: float64(r.Epoch), Y: ib.Bits(r.IXT)}
				ys[j] = plotter.XY{X: float64(r.Epoch), Y: ib.Bits(r.ITY)}
			}
			for k, pts := range []plotter.XYs{xs, ys} {
				line, err := plotter.NewLine(pts)
				if err != nil {
					return nil, err
				}
				line.Color = layerColor(l)
				// layers are drawn input side first, each wider than the
				// next, so a layer that coincides with a later one (saturated
				// layers all at H(X)) still shows as a border around it
				line.Width = vg.Points(1.1 * math.Pow(1.3, float64(nl-1-li)))
				if k == 0 {
					left.Add(line)
				} else {
					right.Add(line)
				}
			}
		}
		for _, p := range []*plot.Plot{left, right} {
			// room above the top: saturated layers sit at the maximum, and
			// their lines would be cut in half by the frame
			p.Y.Max *= 1.04
		}
		grid[i] = []*plot.Plot{left, right}
	}
	var all []int
	seen := map[int]bool{}
	for _, est := range ests {
		for _, l := range layers[est] {
			if !seen[l] {
				seen[l] = true
				all = append(all, l)
			}
		}
	}
	sort.Ints(all)
	f := &Figure{Width: PaperWidth, Height: vg.Length(0.5+1.75*float64(n)) * vg.Inch}
	f.draw = func(dc draw.Canvas) {
		drawLayerKey(dc, all)
		dc.Max.Y -= vg.Points(16)
		tiles := draw.Tiles{Rows: n, Cols: 2, PadX: vg.Points(14), PadY: vg.Points(6), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(6)}
		cs := plot.Align(grid, tiles, dc)
		for i := range grid {
			for j, p := range grid[i] {
				p.Draw(cs[i][j])
			}
		}
	}
	return f, nil
}

// Training draws the train and test loss (left) and accuracy (right) against
// the epoch (log axis), from the rows of any one estimator and layer (they
// all carry the same epoch metrics). Rows with NaN metrics are skipped.
func Training(rows []ib.Row) (*Figure, error) {
	type m struct {
		e                  int
		trL, teL, trA, teA float64
	}
	byEpoch := map[int]m{}
	for _, r := range rows {
		if r.Epoch < 1 || math.IsNaN(r.TrainLoss) {
			continue
		}
		byEpoch[r.Epoch] = m{r.Epoch, r.TrainLoss, r.TestLoss, r.TrainAcc, r.TestAcc}
	}
	if len(byEpoch) == 0 {
		return nil, fmt.Errorf("plots: no loss/accuracy in the rows: %w", check.ErrTooFewSamples)
	}
	ms := make([]m, 0, len(byEpoch))
	for _, v := range byEpoch {
		ms = append(ms, v)
	}
	sort.Slice(ms, func(a, b int) bool { return ms[a].e < ms[b].e })
	loss := newPlot("loss", "epoch", "cross-entropy  [nats]")
	acc := newPlot("accuracy", "epoch", "accuracy")
	series := []struct {
		p     *plot.Plot
		name  string
		get   func(m) float64
		c     color.Color
		dash  bool
		first bool
	}{
		{loss, "train", func(v m) float64 { return v.trL }, layerColors[0], false, true},
		{loss, "test", func(v m) float64 { return v.teL }, layerColors[5], true, true},
		{acc, "train", func(v m) float64 { return v.trA }, layerColors[0], false, false},
		{acc, "test", func(v m) float64 { return v.teA }, layerColors[5], true, false},
	}
	for _, s := range series {
		pts := make(plotter.XYs, 0, len(ms))
		for _, v := range ms {
			if y := s.get(v); !math.IsNaN(y) && !math.IsInf(y, 0) {
				pts = append(pts, plotter.XY{X: float64(v.e), Y: y})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color = s.c
		l.Width = vg.Points(1.2)
		if s.dash {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
		s.p.Add(l)
		s.p.Legend.Add(s.name, l)
	}
	for _, p := range []*plot.Plot{loss, acc} {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
		p.X.Min = float64(ms[0].e)
		p.X.Max = math.Max(float64(ms[len(ms)-1].e), p.X.Min*10)
		p.Add(gridLines())
	}
	loss.Y.Min = 0
	acc.Y.Max = 1
	loss.Legend.Top = true
	acc.Legend.Top = false
	acc.Legend.XOffs = -vg.Points(4)
	acc.Legend.YOffs = vg.Points(4)
	f := &Figure{Width: PaperWidth, Height: 2.3 * vg.Inch}
	f.draw = func(dc draw.Canvas) {
		tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(16), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2), PadRight: vg.Points(6)}
		cs := plot.Align([][]*plot.Plot{{loss, acc}}, tiles, dc)
		loss.Draw(cs[0][0])
		acc.Draw(cs[0][1])
	}
	return f, nil
}

// IBCurve draws the optimal IB curve of a discrete joint distribution: the
// (I(X;T), I(T;Y)) points of the solutions in bits, joined in order of I(X;T),
// with the limits I(X;Y) and H(X) as reference lines.
func IBCurve(c *ib.Curve, title string) (*Figure, error) {
	if c == nil || len(c.Points) == 0 {
		return nil, fmt.Errorf("plots: empty IB curve: %w", check.ErrTooFewSamples)
	}
	x, y := c.Frontier()
	pts := make(plotter.XYs, len(x))
	for i := range x {
		pts[i] = plotter.XY{X: ib.Bits(x[i]), Y: ib.Bits(y[i])}
	}
	hx, ixy := ib.Bits(c.HX), ib.Bits(c.IXY)
	p := newPlot(title, "I(X;T)  [bits]", "I(T;Y)  [bits]")
	xmax := niceCeil(math.Max(pts[len(pts)-1].X, 1e-3) * 1.15)
	p.X.Min, p.X.Max = 0, xmax
	p.Y.Min, p.Y.Max = 0, math.Max(ixy, 1e-3)*1.1
	p.Add(gridLines())
	ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: ixy}, {X: xmax, Y: ixy}})
	if err != nil {
		return nil, err
	}
	ref.Color = color.NRGBA{120, 120, 120, 255}
	ref.Dashes = []vg.Length{vg.Points(3), vg.Points(2)}
	ref.Width = vg.Points(0.8)
	p.Add(ref)
	notes := plotter.XYLabels{
		XYs:    []plotter.XY{{X: 0.02 * xmax, Y: ixy + 0.01*p.Y.Max}},
		Labels: []string{fmt.Sprintf("I(X;Y) = %.3g bits", ixy)},
	}
	if hx <= xmax {
		hl, err := plotter.NewLine(plotter.XYs{{X: hx, Y: 0}, {X: hx, Y: p.Y.Max}})
		if err == nil {
			hl.Color = ref.Color
			hl.Dashes = []vg.Length{vg.Points(1), vg.Points(2)}
			p.Add(hl)
			notes.XYs = append(notes.XYs, plotter.XY{X: hx - 0.01*xmax, Y: 0.03 * p.Y.Max})
			notes.Labels = append(notes.Labels, fmt.Sprintf("H(X) = %.3g bits", hx))
		}
	}
	nl, err := plotter.NewLabels(notes)
	if err != nil {
		return nil, err
	}
	for i := range nl.TextStyle {
		nl.TextStyle[i].Font.Size = vg.Points(noteSize)
		nl.TextStyle[i].YAlign = draw.YBottom
		nl.TextStyle[i].Color = color.NRGBA{80, 80, 80, 255}
	}
	if len(nl.TextStyle) > 1 {
		nl.TextStyle[1].XAlign = draw.XRight
	}
	p.Add(nl)
	l, s, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, err
	}
	l.Color = layerColors[0]
	l.Width = vg.Points(1.3)
	s.Color = layerColors[0]
	s.Radius = vg.Points(1.8)
	s.Shape = draw.CircleGlyph{}
	p.Add(l, s)
	f := &Figure{Width: 3.4 * vg.Inch, Height: 2.8 * vg.Inch}
	f.draw = func(dc draw.Canvas) { p.Draw(dc) }
	return f, nil
}

type key struct {
	est   string
	layer int
}

// group splits rows (epoch ≥ 1) by estimator and layer, sorted by epoch.
func group(rows []ib.Row, estimators []string) ([]string, map[key][]ib.Row, map[string][]int) {
	traj := map[key][]ib.Row{}
	layers := map[string][]int{}
	var order []string
	for _, r := range rows {
		if r.Epoch < 1 || !finiteRow(r) {
			continue
		}
		k := key{r.Estimator, r.Layer}
		if _, ok := layers[r.Estimator]; !ok {
			order = append(order, r.Estimator)
		}
		if traj[k] == nil {
			layers[r.Estimator] = append(layers[r.Estimator], r.Layer)
		}
		traj[k] = append(traj[k], r)
	}
	for k := range traj {
		tr := traj[k]
		sort.SliceStable(tr, func(a, b int) bool { return tr[a].Epoch < tr[b].Epoch })
	}
	for _, l := range layers {
		sort.Ints(l)
	}
	if estimators != nil {
		order = estimators
	}
	return order, traj, layers
}

// drawLayerKey draws a one-line key of the layer colours centred at the top
// of dc: a short line and "L<k>" per layer.
func drawLayerKey(dc draw.Canvas, layers []int) {
	sty := newPlot("", "", "").Title.TextStyle
	sty.Font.Size = vg.Points(labelSize)
	sty.XAlign = draw.XLeft
	sty.YAlign = draw.YCenter
	seg, gap, pad := vg.Points(16), vg.Points(4), vg.Points(12)
	var total vg.Length
	widths := make([]vg.Length, len(layers))
	for i, l := range layers {
		widths[i] = sty.Width(fmt.Sprintf("L%d", l))
		total += seg + gap + widths[i]
	}
	total += pad * vg.Length(len(layers)-1)
	x := (dc.Min.X+dc.Max.X)/2 - total/2
	y := dc.Max.Y - vg.Points(8)
	for i, l := range layers {
		ls := draw.LineStyle{Color: layerColor(l), Width: vg.Points(1.6)}
		dc.StrokeLine2(ls, x, y, x+seg, y)
		x += seg + gap
		dc.FillText(sty, vg.Point{X: x, Y: y}, fmt.Sprintf("L%d", l))
		x += widths[i] + pad
	}
}

// finiteRow reports whether both informations of r are finite; the figures
// skip the other rows (an estimator that failed, or +Inf from a
// deterministic relation) instead of failing on them.
func finiteRow(r ib.Row) bool {
	return !math.IsNaN(r.IXT) && !math.IsInf(r.IXT, 0) && !math.IsNaN(r.ITY) && !math.IsInf(r.ITY, 0)
}
