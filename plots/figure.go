package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/itlab/itlab/internal/check"
)

// Sizes of the figures: they are laid out for a 6.5 in text width and
// readable when printed at that size (no text smaller than 8 pt).
const (
	PaperWidth = 6.5 * vg.Inch
	titleSize  = 10
	labelSize  = 9.5
	tickSize   = 8.5
	noteSize   = 8
	dpi        = 200
)

// Figure is a drawing of a fixed size that can be written as PNG or SVG.
// Output is deterministic: the same data give the same bytes.
type Figure struct {
	// Width and Height are the size of the drawing (vg.Inch = 72 points);
	// PNG output has 200 pixels per inch.
	Width, Height vg.Length
	draw          func(dc draw.Canvas)
}

// WriteTo writes the figure in format "png" or "svg" to w.
func (f *Figure) WriteTo(w io.Writer, format string) error {
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
		f.draw(draw.New(c))
		_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
		return err
	case "svg":
		c := vgsvg.New(f.Width, f.Height)
		f.draw(draw.New(c))
		_, err := c.WriteTo(w)
		return err
	}
	return fmt.Errorf("plots: unknown format %q (want png or svg): %w", format, check.ErrParam)
}

// newPlot returns a plot with the package's paper-size text styles.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleSize
	p.Title.Padding = vg.Points(3)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
		a.Label.Padding = vg.Points(2)
	}
	p.Legend.TextStyle.Font.Size = noteSize
	p.Legend.Padding = vg.Points(1)
	p.Legend.ThumbnailWidth = vg.Points(14)
	return p
}

// viridis control points (van der Walt & Smith's perceptually uniform map,
// sampled at 9 points); luminance is monotone, as NewLuminance needs.
var viridisPts = []color.Color{
	color.NRGBA{68, 1, 84, 255},
	color.NRGBA{71, 45, 123, 255},
	color.NRGBA{59, 82, 139, 255},
	color.NRGBA{44, 114, 142, 255},
	color.NRGBA{33, 145, 140, 255},
	color.NRGBA{40, 174, 128, 255},
	color.NRGBA{94, 201, 98, 255},
	color.NRGBA{173, 220, 48, 255},
	color.NRGBA{253, 231, 37, 255},
}

// epochMap returns a colour map over log10(epoch) in [lo, hi].
func epochMap(lo, hi float64) palette.ColorMap {
	cm, err := moreland.NewLuminance(viridisPts)
	if err != nil {
		cm = moreland.Kindlmann()
	}
	if hi <= lo {
		hi = lo + 1
	}
	cm.SetMin(lo)
	cm.SetMax(hi)
	return cm
}

// layerColors is a qualitative palette for layers (Okabe–Ito, colour-blind safe).
var layerColors = []color.Color{
	color.NRGBA{0, 114, 178, 255},
	color.NRGBA{230, 159, 0, 255},
	color.NRGBA{0, 158, 115, 255},
	color.NRGBA{204, 121, 167, 255},
	color.NRGBA{86, 180, 233, 255},
	color.NRGBA{213, 94, 0, 255},
	color.NRGBA{240, 228, 66, 255},
	color.NRGBA{0, 0, 0, 255},
}

func layerColor(l int) color.Color { return layerColors[(l-1+len(layerColors))%len(layerColors)] }

// logEpoch maps an epoch to the log10 scale used by the colour maps; epoch
// 0 (before training) shares the colour of epoch 1.
func logEpoch(e int) float64 { return math.Log10(math.Max(1, float64(e))) }

// epochTicks labels a log10(epoch) axis at powers of ten.
type epochTicks struct{}

func (epochTicks) Ticks(min, max float64) []plot.Tick {
	var t []plot.Tick
	for p := math.Floor(min); p <= math.Ceil(max)+1e-9; p++ {
		for m := 1; m < 10; m++ {
			v := p + math.Log10(float64(m))
			if v < min-1e-9 || v > max+1e-9 {
				continue
			}
			lab := ""
			if m == 1 {
				lab = fmt.Sprintf("%g", math.Pow(10, p))
			}
			t = append(t, plot.Tick{Value: v, Label: lab})
		}
	}
	return t
}

// logTicks labels a log-scaled axis at 1, 10, 100, … with minor ticks.
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	if min <= 0 {
		min = 1
	}
	var t []plot.Tick
	for p := math.Floor(math.Log10(min)); p <= math.Ceil(math.Log10(max)); p++ {
		base := math.Pow(10, p)
		for m := 1; m < 10; m++ {
			v := base * float64(m)
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			lab := ""
			if m == 1 {
				lab = fmt.Sprintf("%g", v)
			}
			t = append(t, plot.Tick{Value: v, Label: lab})
		}
	}
	return t
}
