package main

import (
	"fmt"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/mi"
)

// EntropyCmd estimates the differential entropy of a sample file, or the
// discrete entropy of its rows taken as symbols.
type EntropyCmd struct {
	X         string        `name:"x" help:"Samples (.npy or .csv), one row per sample." type:"path"`
	Estimator string        `enum:"knn,kde,gaussian,spacing,plugin,miller-madow,grassberger,nsb,renyi" default:"knn" help:"Estimator: knn (Kozachenko-Leonenko), kde (resubstitution Gaussian KDE, or the Kolchinsky-Tracey bound with --noise-var), gaussian (plug-in ½ log det 2πeΣ̂), spacing (1-D m-spacing, Ebrahimi), a discrete one on rows as symbols: plugin, miller-madow, grassberger, nsb (needs --alphabet); or renyi (matrix-based Rényi α-entropy, O(n³))."`
	K         int           `name:"k" default:"3" help:"Neighbour k for knn."`
	Norm      string        `enum:"max,euclidean" default:"max" help:"Distance for knn: max (Chebyshev) or euclidean."`
	M         int           `name:"m" help:"Window m for spacing (default floor(√n + 0.5))."`
	Spacing   string        `name:"spacing-method" enum:"ebrahimi,vasicek,van-es" default:"ebrahimi" help:"m-spacing estimator: ebrahimi, vasicek or van-es."`
	Corrected bool          `name:"bias-corrected" help:"gaussian: remove the finite-sample bias of log det Σ̂ (exact for Gaussian data)."`
	Alphabet  int           `name:"alphabet" help:"nsb: the number of possible symbols K."`
	Bandwidth positiveFloat `name:"bandwidth" placeholder:"FLOAT-64" help:"kde: Gaussian kernel width h (default Silverman's rule); renyi: kernel width σ (default Silverman)."`
	NoiseVar  positiveFloat `name:"noise-var" placeholder:"FLOAT-64" help:"kde: instead of a density estimate, the Kolchinsky-Tracey bound on the entropy of X + N(0, σ²I) with this σ² (upper bound; --lower for the lower one)."`
	Lower     bool          `name:"lower" help:"kde with --noise-var: the Bhattacharyya lower bound instead of the KL upper bound."`
	Alpha     positiveFloat `name:"alpha" placeholder:"FLOAT-64" help:"Order α of the matrix-based Rényi entropy (default 1.01)."`
	Seed      uint64        `name:"seed" help:"Seed of the tie-breaking jitter (knn)."`
	BaseFlag
	JSON bool `name:"json" help:"Print one JSON object."`
}

// Help gives the command's example.
func (EntropyCmd) Help() string {
	return `Estimates the differential entropy h(X) of the rows of --x (continuous estimators),
or the Shannon entropy H of its rows taken as symbols (plugin, miller-madow,
grassberger, nsb: each distinct row is one symbol, e.g. binned activations or
integer codes). The default is the Kozachenko-Leonenko k-NN estimator with k = 3.
Values are in nats (--base 2 for bits). Differential entropy can be negative;
data with many repeated values (an atom) give -Inf with spacing and gaussian
(knn breaks ties with a tiny seeded jitter).

Examples:
  itlab entropy --x samples.npy
  itlab entropy --x x.csv --estimator spacing --json
  itlab entropy --x codes.csv --estimator grassberger --base 2`
}

type entropyResult struct {
	Result
	D         int     `json:"d"`
	K         int     `json:"k,omitempty"`
	Norm      string  `json:"norm,omitempty"`
	M         int     `json:"m,omitempty"`
	Method    string  `json:"method,omitempty"`
	Symbols   int     `json:"symbols,omitempty"`
	Alphabet  int     `json:"alphabet,omitempty"`
	NoiseVar  float64 `json:"noise_var,omitempty"`
	Bandwidth float64 `json:"bandwidth,omitempty"`
	Alpha     float64 `json:"alpha,omitempty"`
	Notes     notes   `json:"notes,omitempty"`
}

// entropyJSON overrides "value" with a jsonFloat so that ±Inf stays valid JSON.
type entropyJSON struct {
	entropyResult
	Value jsonFloat `json:"value"`
}

// discreteEstimators are the --estimator values that treat rows as symbols.
var discreteEstimators = map[string]bool{"plugin": true, "miller-madow": true, "grassberger": true, "nsb": true}

// estimator builds the estimator named by --estimator.
func (c EntropyCmd) estimator() (entropy.Estimator, error) {
	switch c.Estimator {
	case "knn":
		norm := entropy.MaxNorm
		if c.Norm == "euclidean" {
			norm = entropy.EuclideanNorm
		}
		return entropy.KL{K: c.K, Norm: norm, Seed: c.Seed}, nil
	case "gaussian":
		return entropy.Gaussian{BiasCorrected: c.Corrected}, nil
	case "spacing":
		m := entropy.Ebrahimi
		switch c.Spacing {
		case "vasicek":
			m = entropy.Vasicek
		case "van-es":
			m = entropy.VanEs
		}
		return entropy.Spacing{M: c.M, Method: m}, nil
	case "plugin":
		return entropy.PlugIn{}, nil
	case "miller-madow":
		return entropy.MillerMadow{}, nil
	case "grassberger":
		return entropy.Grassberger{}, nil
	case "nsb":
		if c.Alphabet < 1 {
			return nil, usageErrorf("--estimator nsb needs --alphabet K, the number of possible symbols")
		}
		return entropy.NSB{K: c.Alphabet}, nil
	}
	return entropyExtraEstimator(c)
}

// Run estimates and prints.
func (c EntropyCmd) Run(env *Env) error {
	if c.X == "" {
		return usageErrorf("--x is required")
	}
	if c.K < 1 {
		return usageErrorf("--k %d: need k ≥ 1", c.K)
	}
	if c.M < 0 {
		return usageErrorf("--m %d: need m ≥ 1 (or 0 for the default)", c.M)
	}
	if c.Alphabet < 0 {
		return usageErrorf("--alphabet %d: need K ≥ 1", c.Alphabet)
	}
	if c.Lower && c.Estimator != "kde" {
		return usageErrorf("--lower applies to --estimator kde with --noise-var, not %s", c.Estimator)
	}
	est, err := c.estimator()
	if err != nil {
		return err
	}
	x, err := loadMatrix("x", c.X)
	if err != nil {
		return err
	}
	n, d := x.Dims()
	if n < 2 {
		return fmt.Errorf("--x %s has %s, need at least 2", c.X, count(n, "row"))
	}
	if c.Estimator == "spacing" && d != 1 {
		return fmt.Errorf("--x %s has %s; the spacing estimator is 1-D (use knn, kde or gaussian)", c.X, count(d, "column"))
	}
	res := entropyResult{Result: Result{Estimator: c.Estimator, N: n}, D: d}
	switch c.Estimator {
	case "knn", "kde", "gaussian", "spacing":
		res.Notes.add(discreteHint("--x", x, "use --estimator plugin, miller-madow or grassberger (rows as symbols)"))
	case "plugin", "miller-madow", "grassberger", "nsb":
		res.Notes.add(continuousHint("--x", x, "use --estimator knn (Kozachenko–Leonenko)"))
	}
	value, err := est.Entropy(x)
	if err != nil {
		return fmt.Errorf("--x %s: %w", c.X, err)
	}
	switch {
	case c.Estimator == "knn":
		res.K, res.Norm = c.K, c.Norm
	case c.Estimator == "spacing":
		res.M, res.Method = entropy.Spacing{M: c.M}.Window(n), c.Spacing
	case c.Estimator == "gaussian" && c.Corrected:
		res.Method = "bias-corrected"
	case c.Estimator == "kde" && c.NoiseVar > 0:
		res.Method, res.NoiseVar = "kt-upper", float64(c.NoiseVar)
		if c.Lower {
			res.Method = "kt-lower"
		}
	case c.Estimator == "kde":
		res.Method, res.Bandwidth = "resubstitution", float64(c.Bandwidth)
	case c.Estimator == "renyi":
		res.Alpha, res.Bandwidth = float64(c.Alpha), float64(c.Bandwidth)
		if res.Alpha == 0 {
			res.Alpha = mi.DefaultRenyiAlpha
		}
	case discreteEstimators[c.Estimator]:
		_, res.Symbols = entropy.RowSymbols(x)
		res.Alphabet = c.Alphabet
	}
	res.Value, res.Unit = c.convert(value)
	res.Notes.print(env)
	if c.JSON {
		return writeJSON(env, entropyJSON{res, jsonFloat(res.Value)})
	}
	what := "h(X)"
	switch {
	case discreteEstimators[c.Estimator]:
		what = "H(rows)"
	case c.Estimator == "renyi":
		what = "S_α(X)" // the matrix-based Rényi entropy, not a differential entropy
	}
	detail := fmt.Sprintf("n = %d, d = %d", n, d)
	switch {
	case res.K > 0:
		detail += fmt.Sprintf(", k = %d, %s norm", res.K, res.Norm)
	case res.M > 0:
		detail += fmt.Sprintf(", m = %d, %s", res.M, res.Method)
	case res.Symbols > 0:
		detail += fmt.Sprintf(", %d distinct rows", res.Symbols)
	case res.NoiseVar > 0:
		detail += fmt.Sprintf(", %s, σ² = %g", res.Method, res.NoiseVar)
	case res.Alpha > 0:
		detail += fmt.Sprintf(", α = %g", res.Alpha)
	}
	fmt.Fprintf(env.Stdout, "%s = %.6g %s  (%s, %s)\n", what, res.Value, res.Unit, c.Estimator, detail)
	return nil
}

// entropyExtraEstimator builds the kernel estimators: kde (entropy.KDE, or
// entropy.KDEBound with --noise-var) and renyi (mi.Renyi's S_α).
func entropyExtraEstimator(c EntropyCmd) (entropy.Estimator, error) {
	switch c.Estimator {
	case "kde":
		if c.NoiseVar > 0 {
			return entropy.KDEBound{NoiseVar: float64(c.NoiseVar), Lower: c.Lower}, nil
		}
		if c.Lower {
			return nil, usageErrorf("--lower needs --noise-var (it selects the lower Kolchinsky-Tracey bound)")
		}
		return entropy.KDE{Bandwidth: float64(c.Bandwidth)}, nil
	case "renyi":
		return mi.Renyi{Alpha: float64(c.Alpha), Sigma: float64(c.Bandwidth)}, nil
	}
	return nil, usageErrorf("estimator %s is not available in this build yet", c.Estimator)
}
