package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/itlab/itlab/dataio"
	"github.com/itlab/itlab/inductivebias"
	"github.com/itlab/itlab/nets"
	"github.com/itlab/itlab/synth"
)

// InductiveBiasCmd estimates the inductive bias a hypothesis space needs to
// reach a test error (Boopathy et al. 2024).
type InductiveBiasCmd struct {
	Task      string  `default:"xor" help:"Task: szt, xor, gauss, moons, teacher:d=N (random teacher network on N-dimensional inputs), or a sample FILE with --labels."`
	Labels    string  `help:"Labels file (integers), when --task is a sample file."`
	Space     string  `default:"gp-rbf" help:"Hypothesis space: gp-rbf (GP posterior, RBF kernel), nngp (GP posterior, NNGP kernel of a ReLU MLP), or mlp:W1,W2,... (ReLU networks trained from random initialisations)."`
	Epsilon   float64 `default:"0.01" help:"Target test loss ε (mean squared error against one-hot targets)."`
	Samples   int     `default:"1000" help:"Hypotheses to sample (networks to train for mlp)."`
	Train     int     `default:"200" help:"Training points drawn from the task (0 = 80% of it)."`
	Test      int     `default:"100" help:"Test points drawn from the task (0 = the rest)."`
	Sigma     float64 `default:"1" help:"RBF kernel width σ."`
	Depth     int     `default:"1" help:"NNGP: hidden layers of the infinite-width ReLU network."`
	Epochs    int     `default:"2000" help:"mlp: epoch budget per network (training stops once it fits the training set)."`
	Bootstrap int     `default:"20" help:"Bootstrap refits for the interval (0 = none)."`
	Seed      uint64  `default:"0" help:"Seed of the task, the split and the hypotheses."`
	Quiet     bool    `help:"No progress output."`
	JSON      bool    `name:"json" help:"Print one JSON object."`
}

// Help gives the example shown by --help.
func (InductiveBiasCmd) Help() string {
	return `Samples hypotheses that fit the training data, fits a scaled non-central χ² to their test
losses and reports −log₂ P(loss ≤ ε) in bits, with a bootstrap interval.

Examples:
  itlab inductive-bias --task teacher:d=8 --space gp-rbf --epsilon 0.01 --samples 1000
  itlab inductive-bias --task moons --space mlp:10,7 --samples 40 --json
  itlab inductive-bias --task acts.npy --labels y.csv --space nngp`
}

// Limits of the count flags of inductive-bias.
const (
	maxHypotheses = 10_000_000
	maxBootstrap  = 1_000_000
)

// Run executes the command.
func (c *InductiveBiasCmd) Run(env *Env) error {
	if c.Samples < 10 {
		return usageErrorf("--samples %d: need at least 10 hypotheses to fit the loss law", c.Samples)
	}
	// bounds that keep an absurd count from becoming a fatal out-of-memory
	// (the losses of --samples hypotheses are held in memory)
	if c.Samples > maxHypotheses {
		return usageErrorf("--samples %d: at most %d hypotheses", c.Samples, maxHypotheses)
	}
	if c.Bootstrap < 0 || c.Bootstrap > maxBootstrap {
		return usageErrorf("--bootstrap %d: need 0 (none) to %d refits", c.Bootstrap, maxBootstrap)
	}
	if !(c.Epsilon > 0) {
		return usageErrorf("--epsilon %v: need a value > 0", c.Epsilon)
	}
	space, err := parseSpace(c.Space, c.Sigma, c.Depth, c.Epochs)
	if err != nil {
		return err
	}
	task, teacher, err := loadTask(c.Task, c.Labels, c.Seed)
	if err != nil {
		return err
	}
	data, err := splitTask(task, c.Train, c.Test, c.Seed)
	if err != nil {
		return err
	}
	targets := "one-hot labels"
	if teacher != nil {
		// The teacher family is scored against the teacher's real-valued
		// outputs, a target every smooth hypothesis space can reach.
		data.TrainT, data.TestT = teacher.Outputs(data.TrainX), teacher.Outputs(data.TestX)
		targets = "teacher outputs"
	}
	start := time.Now()
	if !c.Quiet && env.StderrIsTerminal {
		fmt.Fprintf(env.Stderr, "sampling %s from %s on %s...\n", count(c.Samples, "hypothesis"), space.Name(), task.Name)
	}
	losses, err := space.Losses(data, c.Samples, c.Seed)
	if err != nil {
		return fmt.Errorf("%s: %w", space.Name(), err)
	}
	nb := c.Bootstrap
	if nb == 0 {
		nb = -1
	}
	res, err := inductivebias.FromLosses(losses, c.Epsilon, inductivebias.Options{Bootstrap: nb, Seed: c.Seed})
	if err != nil {
		return err
	}
	ntr, _ := data.TrainX.Dims()
	nte, _ := data.TestX.Dims()
	if c.JSON {
		return writeJSON(env, struct {
			Result
			Low     jsonFloat `json:"ci_low"`
			High    jsonFloat `json:"ci_high"`
			Level   float64   `json:"level"`
			Nats    jsonFloat `json:"nats"`
			Task    string    `json:"task"`
			Space   string    `json:"space"`
			Epsilon float64   `json:"epsilon"`
			Train   int       `json:"n_train"`
			Test    int       `json:"n_test"`
			DF      float64   `json:"fit_df"`
			NC      float64   `json:"fit_nc"`
			Scale   float64   `json:"fit_scale"`
			Hits    int       `json:"hits"`
			Tail    string    `json:"tail"`
			Targets string    `json:"targets"`
			Seconds float64   `json:"seconds"`
		}{Result{Value: res.Bits, Unit: "bits", Estimator: "ncx2-fit", N: res.Samples},
			jsonFloat(res.Low), jsonFloat(res.High), res.Level, jsonFloat(res.Nats), task.Name, space.Name(), c.Epsilon,
			ntr, nte, res.Fit.DF, res.Fit.NC, res.Fit.Scale, res.Hits, res.Tail, targets, time.Since(start).Seconds()})
	}
	fmt.Fprintf(env.Stdout, "inductive bias  %.4g bits  (%.0f%% interval %.4g … %.4g)\n", res.Bits, 100*res.Level, res.Low, res.High)
	fmt.Fprintf(env.Stdout, "task %s (%d train, %d test, MSE against %s), space %s, ε = %g, %s (%d already ≤ ε)\n",
		task.Name, ntr, nte, targets, space.Name(), c.Epsilon, count(res.Samples, "hypothesis"), res.Hits)
	fmt.Fprintf(env.Stdout, "loss law: %.4g·χ'²(k = %.4g, λ = %.4g); mean loss %.4g; tail %s; %.2fs\n",
		res.Fit.Scale, res.Fit.DF, res.Fit.NC, res.Fit.Mean(), res.Tail, time.Since(start).Seconds())
	return nil
}

// parseSpace reads --space.
func parseSpace(s string, sigma float64, depth, epochs int) (inductivebias.Space, error) {
	switch {
	case s == "gp-rbf":
		if !(sigma > 0) {
			return nil, usageErrorf("--sigma %v: need a value > 0", sigma)
		}
		return inductivebias.GP{Kernel: inductivebias.RBF{Sigma: sigma}}, nil
	case s == "nngp":
		if depth < 1 {
			return nil, usageErrorf("--depth %d: need at least 1", depth)
		}
		return inductivebias.GP{Kernel: inductivebias.NNGP{Depth: depth}}, nil
	case s == "mlp" || strings.HasPrefix(s, "mlp:"):
		layers := []int{10, 7}
		if w, ok := strings.CutPrefix(s, "mlp:"); ok {
			layers = layers[:0]
			for _, f := range strings.Split(w, ",") {
				v, err := strconv.Atoi(strings.TrimSpace(f))
				if err != nil || v < 1 {
					return nil, usageErrorf("--space %s: widths must be integers ≥ 1, as in mlp:10,7", s)
				}
				layers = append(layers, v)
			}
		}
		if epochs < 1 {
			return nil, usageErrorf("--epochs %d: need at least 1", epochs)
		}
		return inductivebias.MLP{Layers: layers, Activation: nets.ReLU, Epochs: epochs}, nil
	}
	return nil, usageErrorf("--space %q: want gp-rbf, nngp or mlp:W1,W2,...", s)
}

// loadTask resolves a built-in task name, a teacher spec (which also returns
// the teacher network), or a sample file with labels.
func loadTask(spec, labels string, seed uint64) (*synth.Task, *synth.TeacherNet, error) {
	if d, ok, err := synth.ParseTeacher(spec); ok {
		if err != nil {
			return nil, nil, usageErrorf("--task: %v", err)
		}
		net, err := synth.NewTeacherNet(d, seed)
		if err != nil {
			return nil, nil, err
		}
		t, err := synth.Teacher(d, 2000, seed, seed+1)
		return t, net, err
	}
	for _, name := range synth.TaskNames {
		if spec == name {
			t, err := synth.TaskByName(spec, 0, seed)
			return t, nil, err
		}
	}
	if labels == "" {
		return nil, nil, usageErrorf("--task %q is not a built-in task (%s, teacher:d=N); for a sample file give --labels too", spec, strings.Join(synth.TaskNames, ", "))
	}
	x, err := loadMatrix("task", spec)
	if err != nil {
		return nil, nil, err
	}
	y, err := loadLabels("labels", labels)
	if err != nil {
		return nil, nil, err
	}
	y, classes := denseLabels(y)
	t := &synth.Task{Name: spec, X: x, Y: y, Classes: max(classes, 2)}
	if err := t.Validate(); err != nil {
		return nil, nil, fmt.Errorf("--task %s with --labels %s: %w", spec, labels, err)
	}
	return t, nil, nil
}

// splitTask draws a seeded train/test split of the requested sizes.
func splitTask(t *synth.Task, ntrain, ntest int, seed uint64) (inductivebias.Data, error) {
	n := t.Len()
	if ntrain < 0 || ntest < 0 {
		return inductivebias.Data{}, usageErrorf("--train and --test must be ≥ 0")
	}
	if ntrain == 0 {
		ntrain = int(math.Round(0.8 * float64(n)))
	}
	if ntest == 0 {
		ntest = n - ntrain
	}
	if ntrain+ntest > n {
		return inductivebias.Data{}, fmt.Errorf("task %s has %s, fewer than --train %d + --test %d", t.Name, count(n, "sample"), ntrain, ntest)
	}
	if ntrain < 2 || ntest < 1 {
		return inductivebias.Data{}, fmt.Errorf("task %s: need at least 2 training and 1 test sample", t.Name)
	}
	train, rest, err := t.Split(float64(ntrain)/float64(n), seed)
	if err != nil {
		return inductivebias.Data{}, err
	}
	// Split rounds the fraction; trim to the exact sizes.
	train = train.Subset(seq(min(ntrain, train.Len())))
	test := rest.Subset(seq(min(ntest, rest.Len())))
	return inductivebias.Data{TrainX: train.X, TrainY: train.Y, TestX: test.X, TestY: test.Y, Classes: t.Classes}, nil
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// denseLabels maps the distinct label values to 0..C−1 in increasing order
// and returns the mapped copy and C (see dataio.ClassIDs).
func denseLabels(y []int) ([]int, int) {
	ids, classes := dataio.ClassIDs(y)
	return ids, len(classes)
}
