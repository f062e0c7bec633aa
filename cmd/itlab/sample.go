package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/itlab/itlab/dataio"
	"github.com/itlab/itlab/synth"
)

// SampleCmd writes samples from a known-truth distribution or a built-in
// task, so that every estimating command can be tried on data whose answer
// is known.
type SampleCmd struct {
	Case string `arg:"" optional:"" help:"A known-MI pair (writes x.npy, y.npy), a known-entropy distribution (writes x.npy), or a task (writes x.npy, labels.npy). See --list."`
	N    int    `default:"10000" help:"Samples to draw (tasks: szt is fixed at 4096)."`
	Seed uint64 `default:"0" help:"Seed."`
	Out  string `default:"itlab-data" help:"Output folder."`
	List bool   `help:"List the cases with their exact values."`
	JSON bool   `name:"json" help:"Print one JSON object."`
}

// Help gives the example shown by --help.
func (SampleCmd) Help() string {
	return `Examples:
  itlab sample --list
  itlab sample normal-1x1-rho0.9 --n 10000 --out data && itlab mi --x data/x.npy --y data/y.npy
  itlab sample xor --n 2000 --out xor && itlab mi --x xor/x.npy --labels xor/labels.npy`
}

// Run executes the command.
func (c *SampleCmd) Run(env *Env) error {
	if c.List || c.Case == "" {
		if !c.List {
			return usageErrorf("name a case, or use --list to see them")
		}
		fmt.Fprintln(env.Stdout, "known-MI pairs (nats):")
		for _, p := range synth.ExtendedSuite() {
			dx, dy := p.Dims()
			fmt.Fprintf(env.Stdout, "  %-32s %dx%d  I = %.6f\n", p.Name(), dx, dy, p.MI())
		}
		fmt.Fprintln(env.Stdout, "known-entropy distributions (nats):")
		for _, d := range synth.EntropySuite() {
			fmt.Fprintf(env.Stdout, "  %-32s d=%d  H = %.6f\n", d.Name(), d.Dim(), d.Entropy())
		}
		fmt.Fprintf(env.Stdout, "tasks: %s, teacher:d=N\n", strings.Join(synth.TaskNames, ", "))
		return nil
	}
	if c.N < 1 || c.N > maxCount {
		return usageErrorf("--n %d: need 1 ≤ n ≤ %d", c.N, maxCount)
	}
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return fmt.Errorf("--out %s: %w", c.Out, err)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5a3))
	type out struct {
		Case  string   `json:"case"`
		Kind  string   `json:"kind"`
		Truth *float64 `json:"truth_nats,omitempty"`
		N     int      `json:"n"`
		Files []string `json:"files"`
	}
	var o out
	// the files of a case are put in place together (set.Commit in report)
	var set outputSet
	defer set.Abort()
	write := func(name string, f func(io.Writer) error) error {
		p := filepath.Join(c.Out, name)
		o.Files = append(o.Files, p)
		return set.Write(p, f)
	}
	for _, p := range synth.ExtendedSuite() {
		if p.Name() != c.Case {
			continue
		}
		x, y := p.Sample(c.N, rng)
		v := p.MI()
		o = out{Case: c.Case, Kind: "mutual information", Truth: &v, N: c.N}
		if err := write("x.npy", func(w io.Writer) error { return dataio.WriteNPYTo(w, x) }); err != nil {
			return err
		}
		if err := write("y.npy", func(w io.Writer) error { return dataio.WriteNPYTo(w, y) }); err != nil {
			return err
		}
		if err := set.Commit(); err != nil {
			return err
		}
		return c.report(env, o.Case, o.Kind, o.Truth, o.Files, o)
	}
	for _, d := range synth.EntropySuite() {
		if d.Name() != c.Case {
			continue
		}
		x := d.Sample(c.N, rng)
		v := d.Entropy()
		o = out{Case: c.Case, Kind: "entropy", Truth: &v, N: c.N}
		if err := write("x.npy", func(w io.Writer) error { return dataio.WriteNPYTo(w, x) }); err != nil {
			return err
		}
		if err := set.Commit(); err != nil {
			return err
		}
		return c.report(env, o.Case, o.Kind, o.Truth, o.Files, o)
	}
	var task *synth.Task
	var err error
	if dim, ok, perr := synth.ParseTeacher(c.Case); ok {
		if perr != nil {
			return usageErrorf("%v", perr)
		}
		task, err = synth.Teacher(dim, c.N, c.Seed, c.Seed+1)
	} else {
		for _, name := range synth.TaskNames {
			if name == c.Case {
				task, err = synth.TaskByName(name, c.N, c.Seed)
			}
		}
	}
	if err != nil {
		return err
	}
	if task == nil {
		return usageErrorf("unknown case %q (see 'itlab sample --list')", c.Case)
	}
	o = out{Case: c.Case, Kind: "task", N: task.Len()}
	if err := write("x.npy", func(w io.Writer) error { return dataio.WriteNPYTo(w, task.X) }); err != nil {
		return err
	}
	if err := write("labels.npy", func(w io.Writer) error { return dataio.WriteLabelsNPYTo(w, task.Y) }); err != nil {
		return err
	}
	if err := set.Commit(); err != nil {
		return err
	}
	return c.report(env, o.Case, o.Kind, nil, o.Files, o)
}

func (c *SampleCmd) report(env *Env, name, kind string, truth *float64, files []string, o any) error {
	if c.JSON {
		return writeJSON(env, o)
	}
	if truth != nil {
		fmt.Fprintf(env.Stdout, "%s: exact %s %.6f nats; wrote %s\n", name, kind, *truth, strings.Join(files, ", "))
		return nil
	}
	fmt.Fprintf(env.Stdout, "%s: wrote %s\n", name, strings.Join(files, ", "))
	return nil
}
