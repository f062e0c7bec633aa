package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/internal/check"
)

// InfoPlaneOptions configures InfoPlane.
type InfoPlaneOptions struct {
	// Estimators gives the panel order; nil means order of first appearance
	// in the rows.
	Estimators []string
	// Bound, when set, is drawn as a dashed line in every panel: the optimal
	// IB curve (ib.Curve.Frontier), extended flat at I(X;Y) to the right
	// edge. No point of a trajectory can lie above it (up to estimator bias).
	Bound *ib.Curve
	// Title is an optional line above the panels.
	Title string
	// XMax is the right end of the I(X;T) axis in bits (0: from the data,
	// at least the bound's H(X)).
	XMax float64
	// Width of the whole figure (0: 6.5 in for three or more panels,
	// narrower for fewer).
	Width vg.Length
}

// InfoPlane draws the information plane of trajectory rows (ib.Row, in nats;
// the figure is in bits): x = I(X;T), y = I(T;Y), one panel per estimator side
// by side with shared axes, one line per layer with its points coloured by
// epoch on a log scale (colour bar on the right), the layer number at the
// last point, and optionally the IB bound. Rows whose I(X;T) or I(T;Y) is
// NaN or infinite are skipped.
func InfoPlane(rows []ib.Row, opt InfoPlaneOptions) (*Figure, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("plots: no trajectory rows: %w", check.ErrTooFewSamples)
	}
	ests := opt.Estimators
	if ests == nil {
		seen := map[string]bool{}
		for _, r := range rows {
			if !seen[r.Estimator] {
				seen[r.Estimator] = true
				ests = append(ests, r.Estimator)
			}
		}
	}
	type key struct {
		est   string
		layer int
	}
	traj := map[key][]ib.Row{}
	layersOf := map[string][]int{}
	xmax, ymax := 0.0, 0.0
	emin, emax := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		if !finiteRow(r) {
			continue
		}
		k := key{r.Estimator, r.Layer}
		if traj[k] == nil {
			layersOf[r.Estimator] = append(layersOf[r.Estimator], r.Layer)
		}
		traj[k] = append(traj[k], r)
		xmax = math.Max(xmax, ib.Bits(r.IXT))
		ymax = math.Max(ymax, ib.Bits(r.ITY))
		emin = math.Min(emin, logEpoch(r.Epoch))
		emax = math.Max(emax, logEpoch(r.Epoch))
	}
	if len(traj) == 0 {
		return nil, fmt.Errorf("plots: no finite trajectory rows: %w", check.ErrNonFinite)
	}
	var bx, by []float64
	if opt.Bound != nil {
		x, y := opt.Bound.Frontier()
		for i := range x {
			bx = append(bx, ib.Bits(x[i]))
			by = append(by, ib.Bits(y[i]))
		}
		ymax = math.Max(ymax, ib.Bits(opt.Bound.IXY))
	}
	if opt.XMax > 0 {
		xmax = opt.XMax
	}
	xmax = math.Ceil(math.Max(xmax, 1) * 1.06)
	ymax = math.Max(ymax, 0.1) * 1.15
	cmap := epochMap(emin, emax)

	n := len(ests)
	width := opt.Width
	if width == 0 {
		width = min(PaperWidth, vg.Length(1.25+1.95*float64(n))*vg.Inch)
	}
	height := 2.45 * vg.Inch
	if opt.Title != "" {
		height += 0.2 * vg.Inch
	}
	panels := make([]*plot.Plot, n)
	for i, est := range ests {
		ylabel := ""
		if i == 0 {
			ylabel = "I(T;Y)  [bits]"
		}
		p := newPlot(est, "I(X;T)  [bits]", ylabel)
		p.X.Min, p.X.Max = 0, xmax
		p.Y.Min, p.Y.Max = 0, ymax
		p.Add(gridLines())
		if len(bx) > 0 {
			pts := make(plotter.XYs, 0, len(bx)+1)
			for j := range bx {
				pts = append(pts, plotter.XY{X: bx[j], Y: by[j]})
			}
			pts = append(pts, plotter.XY{X: xmax, Y: by[len(by)-1]})
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, err
			}
			l.Color = color.NRGBA{60, 60, 60, 255}
			l.Width = vg.Points(1)
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(2.5)}
			p.Add(l)
			if i == 0 {
				bl, err := plotter.NewLabels(plotter.XYLabels{
					XYs:    []plotter.XY{{X: bx[len(bx)-1] + 0.03*xmax, Y: by[len(by)-1] + 0.02*ymax}},
					Labels: []string{"IB bound"},
				})
				if err != nil {
					return nil, err
				}
				bl.TextStyle[0].Font.Size = vg.Points(noteSize)
				bl.TextStyle[0].YAlign = draw.YBottom
				bl.TextStyle[0].Color = l.Color
				p.Add(bl)
			}
		}
		layers := layersOf[est]
		sort.Ints(layers)
		var labels plotter.XYLabels
		for _, l := range layers {
			tr := traj[key{est, l}]
			sort.SliceStable(tr, func(a, b int) bool { return tr[a].Epoch < tr[b].Epoch })
			pts := make(plotter.XYs, len(tr))
			for j, r := range tr {
				pts[j] = plotter.XY{X: ib.Bits(r.IXT), Y: ib.Bits(r.ITY)}
			}
			line, err := plotter.NewLine(pts)
			if err != nil {
				return nil, err
			}
			line.Color = color.NRGBA{150, 150, 150, 255}
			line.Width = vg.Points(0.5)
			p.Add(line)
			sc, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, err
			}
			sc.GlyphStyleFunc = func(j int) draw.GlyphStyle {
				c, err := cmap.At(math.Min(math.Max(logEpoch(tr[j].Epoch), cmap.Min()), cmap.Max()))
				if err != nil {
					c = color.Black
				}
				return draw.GlyphStyle{Color: c, Radius: vg.Points(1.7), Shape: draw.CircleGlyph{}}
			}
			p.Add(sc)
			last := pts[len(pts)-1]
			labels.XYs = append(labels.XYs, last)
			labels.Labels = append(labels.Labels, fmt.Sprintf("L%d", l))
		}
		if len(labels.XYs) > 0 {
			lb, err := layerLabels(labels, layers, xmax, ymax)
			if err != nil {
				return nil, err
			}
			p.Add(lb)
		}
		panels[i] = p
	}
	cb := colorBar(cmap)
	f := &Figure{Width: width, Height: height}
	f.draw = func(dc draw.Canvas) {
		if opt.Title != "" {
			drawTitle(dc, opt.Title)
			dc.Max.Y -= 0.2 * vg.Inch
		}
		barW := 0.8 * vg.Inch
		main := dc
		main.Max.X -= barW
		tiles := draw.Tiles{Rows: 1, Cols: n, PadX: vg.Points(10), PadTop: vg.Points(2), PadBottom: vg.Points(2), PadLeft: vg.Points(2)}
		cs := plot.Align([][]*plot.Plot{panels}, tiles, main)
		for i, p := range panels {
			p.Draw(cs[0][i])
		}
		// colour bar aligned with the panels' data area
		da := panels[0].DataCanvas(cs[0][0])
		bar := dc
		bar.Min.X = dc.Max.X - barW + vg.Points(8)
		bar.Max.X = dc.Max.X - vg.Points(2)
		bar.Min.Y = da.Min.Y - vg.Points(2)
		bar.Max.Y = da.Max.Y + vg.Points(2)
		cb.Draw(bar)
	}
	return f, nil
}

// colorBar returns a vertical colour-bar plot of a log10(epoch) map.
func colorBar(cmap palette.ColorMap) *plot.Plot {
	p := newPlot("", "", "epoch")
	p.HideX()
	p.Y.Padding = 0
	p.Y.Tick.Marker = epochTicks{}
	p.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true, Colors: 256})
	p.Y.Min, p.Y.Max = cmap.Min(), cmap.Max()
	return p
}

// gridLines returns light major grid lines.
func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = color.NRGBA{225, 225, 225, 255}
	g.Horizontal.Color = color.NRGBA{225, 225, 225, 255}
	g.Vertical.Width = vg.Points(0.5)
	g.Horizontal.Width = vg.Points(0.5)
	return g
}

// layerLabels merges the labels of trajectories that end at nearly the
// same point ("L1–3") and centres each label just below its point (the
// trajectories arrive from the lower left, so this spot is usually free),
// kept inside the panel.
func layerLabels(in plotter.XYLabels, layers []int, xmax, ymax float64) (*plotter.Labels, error) {
	var out plotter.XYLabels
	used := make([]bool, len(in.XYs))
	for i := range in.XYs {
		if used[i] {
			continue
		}
		used[i] = true
		group := []int{layers[i]}
		pt := in.XYs[i]
		for j := i + 1; j < len(in.XYs); j++ {
			if !used[j] && math.Abs(in.XYs[j].X-pt.X) < 0.06*xmax && math.Abs(in.XYs[j].Y-pt.Y) < 0.06*ymax {
				used[j] = true
				group = append(group, layers[j])
				pt.X = math.Max(pt.X, in.XYs[j].X)
			}
		}
		out.XYs = append(out.XYs, pt)
		out.Labels = append(out.Labels, "L"+layerList(group))
	}
	lb, err := plotter.NewLabels(out)
	if err != nil {
		return nil, err
	}
	// Approximate text boxes in data units for a panel of about 1.6 in ×
	// 1.9 in (8 pt text: a character ≈ 4.4 pt wide, a line ≈ 10 pt high).
	charW := 4.4 / 115 * xmax
	lineH := 10.0 / 137 * ymax
	type box struct{ x0, x1, y0, y1 float64 }
	var placed []box
	order := make([]int, len(lb.XYs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lb.XYs[order[a]].Y > lb.XYs[order[b]].Y })
	for _, j := range order {
		st := &lb.TextStyle[j]
		st.Font.Size = vg.Points(noteSize)
		st.Color = color.Black
		st.XAlign = draw.XCenter
		st.YAlign = draw.YTop
		pt := &lb.XYs[j]
		pt.Y -= 0.035 * ymax
		w := charW * float64(len([]rune(lb.Labels[j])))
		pt.X = math.Min(pt.X, xmax-0.55*w)
		pt.X = math.Max(pt.X, 0.55*w)
		// move down until the label overlaps no label placed before
		for k := 0; k < 2*len(placed)+1; k++ {
			b := box{pt.X - w/2, pt.X + w/2, pt.Y - lineH, pt.Y}
			hit := false
			for _, p := range placed {
				if b.x0 < p.x1 && p.x0 < b.x1 && b.y0 < p.y1 && p.y0 < b.y1 {
					hit = true
					pt.Y = p.y0 - 0.1*lineH
					break
				}
			}
			if !hit {
				break
			}
		}
		placed = append(placed, box{pt.X - w/2, pt.X + w/2, pt.Y - lineH, pt.Y})
	}
	return lb, nil
}

// layerList formats sorted layer numbers: contiguous runs as "1–3", the rest
// joined by commas.
func layerList(ls []int) string {
	sort.Ints(ls)
	var parts []string
	for i := 0; i < len(ls); {
		j := i
		for j+1 < len(ls) && ls[j+1] == ls[j]+1 {
			j++
		}
		switch {
		case j == i:
			parts = append(parts, fmt.Sprint(ls[i]))
		case j == i+1:
			parts = append(parts, fmt.Sprint(ls[i]), fmt.Sprint(ls[j]))
		default:
			parts = append(parts, fmt.Sprintf("%d–%d", ls[i], ls[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// drawTitle writes a centred title line at the top of dc.
func drawTitle(dc draw.Canvas, s string) {
	sty := newPlot("", "", "").Title.TextStyle
	sty.Font.Size = vg.Points(titleSize)
	sty.XAlign = draw.XCenter
	sty.YAlign = draw.YTop
	dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(2)}, s)
}

// niceCeil rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if m*p >= v*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}
