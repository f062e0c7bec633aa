//go:build ignore

// Command inductivebias regenerates docs/inductive-bias-teacher.png and the
// table in the README: the inductive bias that a GP-RBF hypothesis space
// needs to reach test MSE ε = 0.01 on the teacher task family teacher:d=N,
// for N = 2…16, three teacher seeds each, 200 training and 100 test points,
// 1000 hypotheses. Run from the repository root:
//
//	go run docs/gen/inductivebias.go
package main

import (
	"fmt"
	"image/color"
	"log"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/itlab/itlab/inductivebias"
	"github.com/itlab/itlab/synth"
)

func main() {
	dims := []int{2, 4, 6, 8, 10, 12, 14, 16}
	seeds := []uint64{0, 1, 2}
	var mean plotter.XYs
	var pts plotter.XYs
	fmt.Println("| d | bits (mean of 3 teachers) | per teacher (95% bootstrap interval) |")
	fmt.Println("|---|---|---|")
	for _, d := range dims {
		var sum float64
		cells := ""
		for _, s := range seeds {
			r := run(d, s)
			sum += r.Bits
			pts = append(pts, plotter.XY{X: float64(d), Y: math.Max(r.Bits, 0.01)}) // log axis: 0 bits drawn at 0.01
			cells += fmt.Sprintf("%.1f (%.1f–%.1f) ", r.Bits, r.Low, r.High)
		}
		m := sum / float64(len(seeds))
		mean = append(mean, plotter.XY{X: float64(d), Y: math.Max(m, 0.01)})
		fmt.Printf("| %d | %.1f | %s|\n", d, m, cells)
	}
	p := plot.New()
	p.Title.Text = "Inductive bias to reach test MSE 0.01 (GP-RBF, 200 train points)"
	p.X.Label.Text = "intrinsic dimension d of the teacher task"
	p.Y.Label.Text = "inductive bias [bits]"
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	var ticks []plot.Tick
	for _, d := range dims {
		ticks = append(ticks, plot.Tick{Value: float64(d), Label: fmt.Sprint(d)})
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = 1.5, 16.5
	p.Add(plotter.NewGrid())
	l, err := plotter.NewLine(mean)
	if err != nil {
		log.Fatal(err)
	}
	l.Width = vg.Points(1.5)
	l.Color = color.RGBA{B: 170, A: 255}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		log.Fatal(err)
	}
	sc.Color = color.RGBA{R: 200, G: 80, A: 255}
	sc.Radius = vg.Points(2.5)
	p.Add(l, sc)
	p.Legend.Add("mean of 3 teachers", l)
	p.Legend.Add("one teacher", sc)
	p.Legend.Top = false
	p.Legend.Left = false
	if err := p.Save(7*vg.Inch, 4*vg.Inch, "docs/inductive-bias-teacher.png"); err != nil {
		log.Fatal(err)
	}
}

func run(d int, seed uint64) inductivebias.Result {
	task, err := synth.Teacher(d, 300, seed, seed+1)
	if err != nil {
		log.Fatal(err)
	}
	net, err := synth.NewTeacherNet(d, seed)
	if err != nil {
		log.Fatal(err)
	}
	idx := func(lo, hi int) []int {
		s := make([]int, 0, hi-lo)
		for i := lo; i < hi; i++ {
			s = append(s, i)
		}
		return s
	}
	tr, te := task.Subset(idx(0, 200)), task.Subset(idx(200, 300))
	data := inductivebias.Data{TrainX: tr.X, TrainY: tr.Y, TestX: te.X, TestY: te.Y, Classes: 2,
		TrainT: net.Outputs(tr.X), TestT: net.Outputs(te.X)}
	losses, err := inductivebias.GP{Kernel: inductivebias.RBF{Sigma: 1}}.Losses(data, 1000, seed)
	if err != nil {
		log.Fatal(err)
	}
	r, err := inductivebias.FromLosses(losses, 0.01, inductivebias.Options{Bootstrap: 20, Seed: seed})
	if err != nil {
		log.Fatal(err)
	}
	return r
}
