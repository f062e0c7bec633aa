package main

import (
	"fmt"
	"math"

	"github.com/itlab/itlab/inductivebias"
)

// TaskDifficultyCmd computes the inductive-bias complexity of a labelled data
// set (Boopathy et al. 2023).
type TaskDifficultyCmd struct {
	X       string  `required:"" help:"Sample file (.npy, .npz:name, .csv): rows are samples."`
	Labels  string  `required:"" help:"Labels file (integers, one per row)."`
	Epsilon float64 `default:"0.01" help:"Desired error ε (relative to the loss's Lipschitz constant)."`
	M       int     `help:"Intrinsic dimension; estimated by the Levina–Bickel MLE (k = 5) when 0."`
	Delta   float64 `help:"Resolution δ; estimated as the minimum distance between differently labelled points when 0."`
	Subset  int     `default:"5000" help:"Points used to estimate m and δ (random subset)."`
	Seed    uint64  `default:"0" help:"Seed of the subsets."`
	JSON    bool    `name:"json" help:"Print one JSON object."`
}

// Help gives the example shown by --help.
func (TaskDifficultyCmd) Help() string {
	return `Evaluates Ĩ = dimΘ_q·[log₂B + ½log₂D + ½log₂Πd − log₂ε + log₂L_f + log₂W] in bits from the
intrinsic dimension, the resolution δ, the radius and the classes of the data (log-gamma
throughout, so it never overflows; log10_bits is always finite).

Examples:
  itlab task-difficulty --x images.npy --labels labels.csv --epsilon 0.01
  itlab task-difficulty --x x.csv --labels y.csv --m 14 --delta 2.4 --json`
}

// Run executes the command.
func (c *TaskDifficultyCmd) Run(env *Env) error {
	if !(c.Epsilon > 0) {
		return usageErrorf("--epsilon %v: need a value > 0", c.Epsilon)
	}
	if c.M < 0 || c.Delta < 0 {
		return usageErrorf("--m and --delta must be ≥ 0")
	}
	x, err := loadMatrix("x", c.X)
	if err != nil {
		return err
	}
	y, err := loadLabels("labels", c.Labels)
	if err != nil {
		return err
	}
	n, _ := x.Dims()
	if len(y) != n {
		return fmt.Errorf("--x %s has %s but --labels %s has %s", c.X, count(n, "row"), c.Labels, count(len(y), "label"))
	}
	// the number of classes is the number of distinct labels (not max+1:
	// labels {0, 7} are two classes)
	y, classes := denseLabels(y)
	if classes < 2 {
		return fmt.Errorf("--labels %s: need at least two classes", c.Labels)
	}
	m := float64(c.M)
	if m == 0 {
		md, err := inductivebias.IntrinsicDim(x, 5, min(c.Subset, 2000), c.Seed)
		if err != nil {
			return fmt.Errorf("--x %s: %w", c.X, err)
		}
		m = math.Max(1, math.Round(md))
	}
	delta := c.Delta
	if delta == 0 {
		if delta, err = inductivebias.Resolution(x, y, c.Subset, c.Seed); err != nil {
			return fmt.Errorf("--x %s: %w", c.X, err)
		}
	}
	p := inductivebias.TaskParams{Epsilon: c.Epsilon, N: float64(n), M: m, R: inductivebias.Radius(x),
		Classes: float64(classes), Delta: delta, D: float64(classes - 1), B: 1}
	if math.IsInf(p.R, 1) {
		return fmt.Errorf("--x %s: the radius max‖x‖ overflows float64 (values near ±1.8e308); rescale the data (the difficulty depends only on R/δ)", c.X)
	}
	d, err := inductivebias.TaskDifficulty(p)
	if err != nil {
		// every parameter but --epsilon (checked above) comes from the data
		return fmt.Errorf("--x %s: %w", c.X, err)
	}
	if c.JSON {
		return writeJSON(env, struct {
			Result
			Log10   jsonFloat `json:"log10_bits"`
			M       float64   `json:"intrinsic_dim"`
			Delta   float64   `json:"delta"`
			R       float64   `json:"radius"`
			Classes int       `json:"classes"`
			Epsilon float64   `json:"epsilon"`
		}{Result{Value: d.Bits, Unit: "bits", Estimator: "boopathy2023", N: n}, jsonFloat(d.Log10), m, delta, p.R, classes, c.Epsilon})
	}
	fmt.Fprintf(env.Stdout, "task difficulty  %.4g bits  (log10 = %.4f)\n", d.Bits, d.Log10)
	fmt.Fprintf(env.Stdout, "n = %d, intrinsic dimension m = %g, δ = %.4g, R = %.4g, classes = %d, ε = %g\n", n, m, delta, p.R, classes, c.Epsilon)
	return nil
}
