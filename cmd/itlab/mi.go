package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/mi"
)

// MICmd estimates the mutual information between two sample files, or a
// sample file and labels.
type MICmd struct {
	X            string        `name:"x" help:"Samples of X (.npy or .csv), one row per sample." type:"path"`
	Y            string        `name:"y" help:"Samples of Y, paired row by row with --x." type:"path" xor:"target"`
	Labels       string        `name:"labels" help:"Integer labels, any sign (one per row of --x), instead of --y." type:"path" xor:"target"`
	Estimator    string        `enum:"ksg,ksg2,gaussian,kde,adaptive-kde,binning,adaptive-binning,renyi,plugin,miller-madow,grassberger" default:"ksg" help:"Estimator: ksg (KSG algorithm 1; with --labels, Ross 2014), ksg2 (algorithm 2; with --labels, also Ross 2014), gaussian, kde, adaptive-kde, binning, adaptive-binning, renyi; for discrete data (each distinct row one symbol): plugin, miller-madow, grassberger."`
	K            int           `name:"k" default:"3" help:"Neighbours for ksg/ksg2."`
	Ranks        bool          `name:"ranks" help:"ksg/ksg2: replace every column by its ranks first (the empirical copula). The MI is unchanged by it and the estimate becomes invariant to monotone warps of each coordinate. Chosen automatically when a column's skewness exceeds 10 (a note says so)."`
	NoRanks      bool          `name:"no-ranks" help:"ksg/ksg2: never rank, even for very skewed columns."`
	Bins         int           `name:"bins" default:"30" help:"Bins for binning/adaptive-binning."`
	NoiseVar     positiveFloat `name:"noise-var" placeholder:"FLOAT-64" help:"Noise variance σ² for kde (default 0.1)."`
	Alpha        positiveFloat `name:"alpha" placeholder:"FLOAT-64" help:"Order α of the Rényi estimator (default 1.01)."`
	Permutations int           `name:"permutations" help:"Add a permutation-test p-value from N surrogates (rows of Y or labels shuffled)."`
	Bootstrap    int           `name:"bootstrap" help:"Add a 95% bootstrap confidence interval from N replicates."`
	Seed         uint64        `name:"seed" help:"Seed for the jitter, permutations and bootstrap."`
	BaseFlag
	JSON bool `name:"json" help:"Print one JSON object."`

	dataLow float64 // low edge for adaptive-binning, set from --x
}

// Help gives the command's example.
func (MICmd) Help() string {
	return `Estimates I(X;Y) between the rows of two files, or between the rows of --x and
integer --labels. The default estimator is KSG (Kraskov et al. 2004, k = 3); with
--labels, ksg and ksg2 use the continuous-discrete estimator of Ross (2014).
When a column is very skewed (|skewness| > 10: heavy tails, a few huge values)
ksg and ksg2 estimate on every column's ranks, which carry the same MI, and a
note says so (--no-ranks to keep the raw values, --ranks to always rank).
Values are in nats (--base 2 for bits). --permutations adds a p-value of the
test of independence, --bootstrap a 95% confidence interval. For discrete data
(integer codes, binned values), plugin, miller-madow and grassberger take each
distinct row as one symbol.

Examples:
  itlab mi --x x.npy --y y.npy
  itlab mi --x returns.npy --y volume.npy --ranks      # invariant to monotone warps
  itlab mi --x codes.csv --labels y.csv --estimator miller-madow
  itlab mi --x acts.npy --labels y.csv --estimator ksg --permutations 999 --json`
}

type miResult struct {
	Result
	DX           int        `json:"dx"`
	DY           int        `json:"dy,omitempty"`
	K            int        `json:"k,omitempty"`
	Method       string     `json:"method,omitempty"`
	Ranks        bool       `json:"ranks,omitempty"`
	PValue       *jsonFloat `json:"p_value,omitempty"`
	Permutations int        `json:"permutations,omitempty"`
	CILow        *jsonFloat `json:"ci_low,omitempty"`
	CIHigh       *jsonFloat `json:"ci_high,omitempty"`
	CILevel      float64    `json:"ci_level,omitempty"`
	Bootstrap    int        `json:"bootstrap,omitempty"`
	CIMethod     string     `json:"ci_method,omitempty"`
	Notes        notes      `json:"notes,omitempty"`
}

// ksgCeilingHint returns a note (or "") when a KSG estimate is at least
// three quarters of the largest value KSG can return at this n and k
// (mi.KSGMax): k-NN estimators need a sample size exponential in the
// true MI, so such an estimate is a lower bound, often a loose one.
func ksgCeilingHint(value float64, n, k int, est string) string {
	alg := 1
	if est == "ksg2" {
		alg = 2
	}
	top := mi.KSGMax(n, k, alg)
	if math.IsNaN(top) || top <= 0 || value < 0.75*top {
		return ""
	}
	return fmt.Sprintf("the estimate %.4g nats is close to the most KSG can give with n = %d and k = %d (%.4g nats): the true MI may be much larger; read it as a lower bound (more samples, or --estimator gaussian for near-Gaussian data)", value, n, k, top)
}

// miEstimators builds the estimator named by --estimator: its continuous form
// (nil if it has none) and its labels form (nil if it has none).
func (c MICmd) miEstimators() (mi.Estimator, mi.LabelEstimator, error) {
	switch c.Estimator {
	case "ksg", "ksg2":
		alg := 1
		if c.Estimator == "ksg2" {
			alg = 2
		}
		e := mi.KSG{K: c.K, Algorithm: alg, Seed: c.Seed, Ranks: c.Ranks}
		return e, e, nil
	case "gaussian":
		return mi.Gaussian{}, nil, nil
	case "renyi":
		e := mi.Renyi{Alpha: float64(c.Alpha)}
		return e, e, nil
	case "kde":
		e := mi.KDE{NoiseVar: float64(c.NoiseVar)}
		return nil, e, nil
	case "adaptive-kde":
		return nil, mi.AdaptiveKDE{}, nil
	case "binning":
		e := mi.Binning{Bins: c.Bins, Observed: true}
		return e, e, nil
	case "plugin":
		return mi.Discrete{}, mi.Discrete{}, nil
	case "miller-madow":
		e := mi.Discrete{Entropy: entropy.MillerMadow{}}
		return e, e, nil
	case "grassberger":
		e := mi.Discrete{Entropy: entropy.Grassberger{}}
		return e, e, nil
	case "adaptive-binning":
		// the data's own minimum as the low edge (the reference's 0 or the
		// tanh edge −1 would reject general data)
		e := mi.AdaptiveBinning{Bins: c.Bins, Low: c.dataLow}
		return nil, e, nil
	}
	return miExtraEstimators(c)
}

// Run estimates and prints.
func (c MICmd) Run(env *Env) error {
	if c.X == "" {
		return usageErrorf("--x is required")
	}
	if (c.Y == "") == (c.Labels == "") {
		return usageErrorf("give exactly one of --y and --labels")
	}
	if c.K < 1 {
		return usageErrorf("--k %d: need k ≥ 1", c.K)
	}
	if (c.Ranks || c.NoRanks) && c.Estimator != "ksg" && c.Estimator != "ksg2" {
		return usageErrorf("--ranks and --no-ranks apply to --estimator ksg or ksg2, not %s", c.Estimator)
	}
	if c.Ranks && c.NoRanks {
		return usageErrorf("give at most one of --ranks and --no-ranks")
	}
	if c.Bins < 1 || (c.Bins < 2 && c.Estimator == "binning") {
		return usageErrorf("--bins %d: need ≥ 2 edges for binning, ≥ 1 bin for adaptive-binning", c.Bins)
	}
	if err := checkCount("permutations", c.Permutations); err != nil {
		return err
	}
	if err := checkCount("bootstrap", c.Bootstrap); err != nil {
		return err
	}
	if c.Permutations < 0 || c.Bootstrap < 0 {
		return usageErrorf("--permutations and --bootstrap need N ≥ 0")
	}
	if c.Bootstrap > 0 && c.Bootstrap < minBootstrap {
		// the 2.5% and 97.5% quantiles of fewer replicates are the
		// extremes, or one replicate twice
		return usageErrorf("--bootstrap %d: a 95%% interval needs at least %d replicates (200 or more are usual)", c.Bootstrap, minBootstrap)
	}
	est, lest, err := c.miEstimators()
	if err != nil {
		return err
	}
	if c.Labels != "" && lest == nil {
		return usageErrorf("estimator %s does not take --labels; use --y", c.Estimator)
	}
	if c.Y != "" && est == nil {
		return usageErrorf("estimator %s needs discrete --labels (it estimates I(T;Y) for labels Y); use --labels", c.Estimator)
	}
	x, err := loadMatrix("x", c.X)
	if err != nil {
		return err
	}
	if c.Estimator == "adaptive-binning" {
		c.dataLow = math.Min(0, mat.Min(x))
		if c.dataLow < 0 {
			c.dataLow = math.Nextafter(c.dataLow, math.Inf(-1))
		}
		if est, lest, err = c.miEstimators(); err != nil {
			return err
		}
	}
	n, dx := x.Dims()
	res := miResult{Result: Result{Estimator: c.Estimator, N: n}, DX: dx}
	if c.Estimator == "ksg" || c.Estimator == "ksg2" {
		res.K = c.K
	}
	var y *mat.Dense
	var labels []int
	if c.Y != "" {
		if y, err = loadMatrix("y", c.Y); err != nil {
			return err
		}
		_, res.DY = y.Dims()
	} else {
		if labels, err = loadLabels("labels", c.Labels); err != nil {
			return err
		}
		if c.Estimator == "ksg" || c.Estimator == "ksg2" {
			res.Method = "ross" // the continuous-discrete form of KSG
		}
	}
	if ry := miRows(y, labels); ry != n {
		if y == nil {
			return fmt.Errorf("--x %s has %s but --labels %s has %s", c.X, count(n, "row"), c.Labels, count(ry, "label"))
		}
		return fmt.Errorf("--x %s has %s but --y %s has %s", c.X, count(n, "row"), c.Y, count(ry, "row"))
	}
	if n < 2 {
		return fmt.Errorf("--x %s has %s, need at least 2", c.X, count(n, "row"))
	}

	switch c.Estimator {
	case "ksg", "ksg2":
		hint := "use --estimator plugin, miller-madow or grassberger (rows as symbols)"
		res.Notes.add(discreteHint("--x", x, hint))
		res.Notes.add(discreteHint("--y", y, hint))
		if !c.Ranks {
			col, flag, skew := skewedColumn(x, y)
			switch {
			case col == 0:
			case c.NoRanks:
				res.Notes.add(fmt.Sprintf("column %d of %s is very skewed (skewness %.3g): KSG on the raw values sees most of its points crowded together and can fall far below the MI; without --no-ranks it would estimate on ranks (the same MI)", col, flag, skew))
			default:
				// the estimate on ranks: the same MI, and KSG's balls no
				// longer see a corner holding almost every point
				c.Ranks = true
				if est, lest, err = c.miEstimators(); err != nil {
					return err
				}
				res.Notes.add(fmt.Sprintf("column %d of %s is very skewed (skewness %.3g): estimated on every column's ranks (the same MI; KSG on the raw values can fall far below it); --no-ranks for the raw values", col, flag, skew))
			}
		}
		res.Ranks = c.Ranks
	case "plugin", "miller-madow", "grassberger":
		hint := "use --estimator ksg (or binning)"
		res.Notes.add(continuousHint("--x", x, hint))
		res.Notes.add(continuousHint("--y", y, hint))
	}
	var value float64
	if y != nil {
		value, err = est.MI(x, y)
	} else {
		value, err = lest.MILabels(x, labels)
	}
	if err != nil {
		if y != nil {
			return fmt.Errorf("--x %s, --y %s: %w", c.X, c.Y, err)
		}
		return fmt.Errorf("--x %s, --labels %s: %w", c.X, c.Labels, err)
	}
	if c.Permutations > 0 {
		rng := rand.New(rand.NewPCG(c.Seed, 0x7065726d)) // "perm"
		var s mi.Significance
		if y != nil {
			s, err = mi.Permutation(est, x, y, c.Permutations, rng)
		} else {
			s, err = mi.PermutationLabels(lest, x, labels, c.Permutations, rng)
		}
		if err != nil {
			return fmt.Errorf("permutation test: %w", err)
		}
		p := jsonFloat(s.PValue)
		res.PValue, res.Permutations = &p, c.Permutations
	}
	if c.Bootstrap > 0 {
		rng := rand.New(rand.NewPCG(c.Seed, 0x626f6f74)) // "boot"
		var iv mi.Interval
		if y != nil {
			iv, err = mi.Bootstrap(est, x, y, c.Bootstrap, 0.95, rng)
		} else {
			iv, err = mi.BootstrapLabels(lest, x, labels, c.Bootstrap, 0.95, rng)
		}
		if err != nil {
			return fmt.Errorf("bootstrap: %w", err)
		}
		lo, _ := c.convert(iv.Low)
		hi, _ := c.convert(iv.High)
		l, h := jsonFloat(lo), jsonFloat(hi)
		res.CILow, res.CIHigh, res.CILevel, res.Bootstrap, res.CIMethod = &l, &h, iv.Level, c.Bootstrap, iv.Method
	}
	if y != nil && (c.Estimator == "ksg" || c.Estimator == "ksg2") {
		res.Notes.add(ksgCeilingHint(value, n, c.K, c.Estimator))
	}
	res.Value, res.Unit = c.convert(value)
	res.Notes.print(env)
	if c.JSON {
		return writeJSON(env, miJSON{res, jsonFloat(res.Value)})
	}
	what := "I(X;Y)"
	if labels != nil {
		what = "I(X;labels)"
	}
	name := res.Estimator
	if res.Method != "" {
		name += ", " + res.Method
	}
	if res.Ranks {
		name += ", ranks"
	}
	fmt.Fprintf(env.Stdout, "%s = %.6g %s  (%s, n = %d)\n", what, res.Value, res.Unit, name, n)
	if res.PValue != nil {
		fmt.Fprintf(env.Stdout, "p-value %.4g  (permutation test of independence, %s)\n", float64(*res.PValue), count(res.Permutations, "surrogate"))
	}
	if res.CILow != nil {
		fmt.Fprintf(env.Stdout, "95%% CI [%.6g, %.6g] %s  (%s bootstrap, %s)\n", float64(*res.CILow), float64(*res.CIHigh), res.Unit, res.CIMethod, count(res.Bootstrap, "replicate"))
	}
	return nil
}

// miJSON overrides "value" with a jsonFloat so that ±Inf/NaN stay valid JSON.
type miJSON struct {
	miResult
	Value jsonFloat `json:"value"`
}

func miRows(y *mat.Dense, labels []int) int {
	if y != nil {
		r, _ := y.Dims()
		return r
	}
	return len(labels)
}

// miExtraEstimators is reached only for an estimator the enum accepts but
// this build lacks.
func miExtraEstimators(c MICmd) (mi.Estimator, mi.LabelEstimator, error) {
	return nil, nil, usageErrorf("estimator %s is not available in this build", c.Estimator)
}
