package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/synth"
)

// BenchMICmd runs the known-truth mutual-information benchmark.
type BenchMICmd struct {
	N     int    `name:"n" default:"10000" help:"Samples per case."`
	Seed  uint64 `name:"seed" help:"Seed of the samples."`
	Cases string `name:"cases" help:"Only the cases whose name contains this text."`
	JSON  bool   `name:"json" help:"Print a JSON array, one object per case and estimator."`
}

// Help gives the command's example.
func (BenchMICmd) Help() string {
	return `Draws n samples from every case of the known-MI suite (Gaussians dense and
sparse, their images under monotone maps, Student-t, additive uniform noise,
independent pairs) and prints each estimator's estimate, error and time.
Values in nats. The machine's load affects the seconds.

Examples:
  itlab bench mi
  itlab bench mi --n 1000 --json`
}

type benchMIRow struct {
	Case      string    `json:"case"`
	N         int       `json:"n"`
	DX        int       `json:"dx"`
	DY        int       `json:"dy"`
	Truth     float64   `json:"truth"`
	Estimator string    `json:"estimator"`
	Estimate  jsonFloat `json:"estimate"`
	Error     jsonFloat `json:"error"`
	Seconds   float64   `json:"seconds"`
}

// benchMIEstimators are the estimators of continuous X and Y in the table.
func benchMIEstimators() []struct {
	name string
	est  mi.Estimator
} {
	return []struct {
		name string
		est  mi.Estimator
	}{
		{"ksg", mi.KSG{}},
		{"ksg2", mi.KSG{Algorithm: 2}},
		{"ksg-ranks", mi.KSG{Ranks: true}},
		{"gaussian", mi.Gaussian{}},
	}
}

// Run runs the benchmark and prints the table.
func (c BenchMICmd) Run(env *Env) error {
	if c.N < 10 {
		return usageErrorf("--n %d: need at least 10", c.N)
	}
	ests := benchMIEstimators()
	var rows []benchMIRow
	for ci, p := range synth.Suite() {
		if c.Cases != "" && !strings.Contains(p.Name(), c.Cases) {
			continue
		}
		x, y := p.Sample(c.N, rand.New(rand.NewPCG(c.Seed, uint64(ci))))
		dx, dy := p.Dims()
		for _, e := range ests {
			t0 := time.Now()
			v, err := e.est.MI(x, y)
			sec := time.Since(t0).Seconds()
			if err != nil {
				v = math.NaN()
			}
			rows = append(rows, benchMIRow{Case: p.Name(), N: c.N, DX: dx, DY: dy, Truth: p.MI(),
				Estimator: e.name, Estimate: jsonFloat(v), Error: jsonFloat(v - p.MI()), Seconds: sec})
		}
	}
	if len(rows) == 0 {
		return usageErrorf("--cases %q matches no case", c.Cases)
	}
	if c.JSON {
		return writeJSON(env, rows)
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "case\tn\tdims\ttruth\t")
	for _, e := range ests {
		fmt.Fprintf(tw, "%s\terror\tseconds\t", e.name)
	}
	fmt.Fprintln(tw)
	for i := 0; i < len(rows); i += len(ests) {
		r := rows[i]
		fmt.Fprintf(tw, "%s\t%d\t%dx%d\t%.4f\t", r.Case, r.N, r.DX, r.DY, r.Truth)
		for _, e := range rows[i : i+len(ests)] {
			fmt.Fprintf(tw, "%.4f\t%+.4f\t%.3f\t", float64(e.Estimate), float64(e.Error), e.Seconds)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "(nats; error = estimate − truth)")
	return nil
}
