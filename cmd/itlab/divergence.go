package main

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/itlab/itlab/divergence"
	"github.com/itlab/itlab/internal/check"
)

// DivergenceCmd estimates a divergence or distance between two sample files.
type DivergenceCmd struct {
	P           string        `name:"p" help:"Sample file of P (.npy or .csv), one point per row." type:"path"`
	Q           string        `name:"q" help:"Sample file of Q, same number of columns as P." type:"path"`
	Measure     string        `enum:"kl,w1,w2,cs,js,mmd" default:"kl" help:"kl (nats), w1/w2 (Wasserstein, data units), cs (Cauchy–Schwarz, nats), js (Jensen–Shannon, nats), mmd (unbiased MMD²)."`
	Estimator   string        `help:"kl: knn (default), ensemble, adaptive, gaussian; w1/w2: exact (default; sorted in 1-D, assignment otherwise), sinkhorn, sliced (the sliced distance SW_p = (mean over random directions of W_p^p of the 1-D projections)^(1/p): SW_p ≤ W_p, a different distance, not an estimate of W_p in more than one dimension), gaussian; cs: kernel (default), gaussian; js: knn; mmd: kernel."`
	K           int           `default:"3" help:"Neighbours for the k-NN estimators."`
	Bandwidth   positiveFloat `placeholder:"FLOAT-64" help:"Gaussian kernel width σ for cs and mmd (default: Silverman's rule)."`
	Eps         positiveFloat `placeholder:"FLOAT-64" help:"Sinkhorn regularisation ε in cost units (default: 1e-2 × mean cost)."`
	Projections int           `default:"50" help:"Random directions for the sliced estimator."`
	Seed        uint64        `help:"Seed for the sliced projections and the k-NN JS subsampling."`
	BaseFlag
	JSON  bool `name:"json" help:"Print one JSON object."`
	Quiet bool `help:"No progress bar (sinkhorn shows one on a terminal)."`
}

// Help gives the command's example.
func (DivergenceCmd) Help() string {
	return `Measures: kl and js and cs are in nats (--base 2 for bits), w1 and w2 in the units of the data,
mmd is the unbiased squared MMD with a Gaussian kernel.

Examples:
  itlab divergence --p p.npy --q q.npy --measure kl --k 3 --json
  itlab divergence --p p.csv --q q.csv --measure w2 --estimator sinkhorn
  itlab divergence --p p.npy --q q.npy --measure cs --bandwidth 0.5`
}

type divergenceResult struct {
	Result
	Measure   string  `json:"measure"`
	M         int     `json:"m"`
	D         int     `json:"d"`
	K         int     `json:"k,omitempty"`
	Bandwidth float64 `json:"bandwidth,omitempty"`
	Order     float64 `json:"order,omitempty"`
}

var measureEstimators = map[string][]string{
	"kl":  {"knn", "ensemble", "adaptive", "gaussian"},
	"w1":  {"exact", "sinkhorn", "sliced", "gaussian"},
	"w2":  {"exact", "sinkhorn", "sliced", "gaussian"},
	"cs":  {"kernel", "gaussian"},
	"js":  {"knn"},
	"mmd": {"kernel"},
}

// Run estimates the measure and prints it.
func (c DivergenceCmd) Run(env *Env) error {
	est := c.Estimator
	allowed := measureEstimators[c.Measure]
	if est == "" {
		est = allowed[0]
	}
	ok := false
	for _, a := range allowed {
		ok = ok || a == est
	}
	if !ok {
		return usageErrorf("--estimator %q is not available for --measure %s (choose from %v)", est, c.Measure, allowed)
	}
	if c.K < 1 {
		return usageErrorf("--k %d: need k ≥ 1", c.K)
	}
	if c.Projections > maxCount {
		return usageErrorf("--projections %d: need at most %d", c.Projections, maxCount)
	}
	if c.Projections < 1 {
		return usageErrorf("--projections %d: need ≥ 1", c.Projections)
	}
	p, err := loadMatrix("p", c.P)
	if err != nil {
		return err
	}
	q, err := loadMatrix("q", c.Q)
	if err != nil {
		return err
	}
	n, d := p.Dims()
	m, dq := q.Dims()
	if d != dq {
		return fmt.Errorf("--p %s has %s but --q %s has %d: the samples must have the same dimension", c.P, count(d, "column"), c.Q, dq)
	}
	res := divergenceResult{Measure: c.Measure, M: m, D: d}
	var v float64
	nats := true
	switch c.Measure {
	case "kl":
		res.K = c.K
		switch est {
		case "knn":
			v, err = divergence.KNN{K: c.K}.KL(p, q)
		case "ensemble":
			v, err = divergence.KNNEnsemble{K: c.K}.KL(p, q)
		case "adaptive":
			v, err = divergence.KNNAdaptive{K: c.K}.KL(p, q)
		case "gaussian":
			res.K = 0
			v, err = gaussianFit(p, q, divergence.KLGaussian)
		}
	case "js":
		res.K = c.K
		v, err = divergence.KNNJS{K: c.K, Seed: c.Seed}.JS(p, q)
	case "cs":
		if est == "gaussian" {
			v, err = gaussianFit(p, q, divergence.CSGaussian)
		} else {
			res.Bandwidth = divergence.SigmaUsed(float64(c.Bandwidth), p, q)
			v, err = divergence.CS{Sigma: res.Bandwidth}.Divergence(p, q)
		}
	case "mmd":
		nats = false
		res.Bandwidth = divergence.SigmaUsed(float64(c.Bandwidth), p, q)
		v, err = divergence.MMD{Sigma: res.Bandwidth}.MMD2(p, q)
	case "w1", "w2":
		nats = false
		order := 1.0
		if c.Measure == "w2" {
			order = 2
		}
		res.Order = order
		switch est {
		case "exact":
			if d == 1 {
				est = "exact-1d"
				v, err = divergence.W1D(mat.Col(nil, 0, p), mat.Col(nil, 0, q), nil, nil, order)
			} else {
				est = "exact-assignment"
				v, err = divergence.WExact(p, q, order)
			}
		case "sinkhorn":
			// Iterations until the marginals match to 1e-4 (at most 10000):
			// minutes on large clouds, so a bar shows the violation falling.
			prog := newProgress(env, c.Quiet, 10000, "sinkhorn")
			v, err = divergence.Sinkhorn{Eps: float64(c.Eps), Progress: func(it, _ int, viol float64) {
				prog.Set(it, fmt.Sprintf("sinkhorn: marginal violation %.2g (stops at 1e-4)", viol))
			}}.W(p, q, order)
			prog.Finish()
		case "sliced":
			v, err = divergence.Sliced{Projections: c.Projections, Seed: c.Seed}.W(p, q, order)
		case "gaussian":
			if order != 2 {
				return usageErrorf("--estimator gaussian (Bures) is only for --measure w2")
			}
			v, err = gaussianFit(p, q, divergence.W2Gaussian)
		}
	}
	if err != nil {
		return fmt.Errorf("--p %s, --q %s: %w", c.P, c.Q, err)
	}
	unit := "data units"
	if c.Measure == "mmd" {
		unit = "squared kernel units"
	}
	if nats {
		v, unit = c.convert(v)
	}
	res.Result = Result{Value: v, Unit: unit, Estimator: est, N: n}
	if c.JSON {
		return writeJSON(env, struct {
			divergenceResult
			Value jsonFloat `json:"value"`
		}{res, jsonFloat(v)})
	}
	fmt.Fprintf(env.Stdout, "%s(P‖Q) = %.6g %s  (estimator %s, n=%d, m=%d, d=%d", c.Measure, v, unit, est, n, m, d)
	if res.K > 0 {
		fmt.Fprintf(env.Stdout, ", k=%d", res.K)
	}
	if res.Bandwidth > 0 {
		fmt.Fprintf(env.Stdout, ", σ=%.4g", res.Bandwidth)
	}
	fmt.Fprintln(env.Stdout, ")")
	return nil
}

// gaussianFit fits a normal to each sample (mean, unbiased covariance) and
// applies a closed form.
func gaussianFit(p, q *mat.Dense, f func([]float64, mat.Symmetric, []float64, mat.Symmetric) (float64, error)) (float64, error) {
	mu1, s1, err := fitNormal("p", p)
	if err != nil {
		return 0, err
	}
	mu2, s2, err := fitNormal("q", q)
	if err != nil {
		return 0, err
	}
	return f(mu1, s1, mu2, s2)
}

func fitNormal(name string, x *mat.Dense) ([]float64, *mat.SymDense, error) {
	// Covariances of values beyond the checked range over- or underflow.
	if err := check.Scale(name, x); err != nil {
		return nil, nil, err
	}
	n, d := x.Dims()
	if n < 2 {
		return nil, nil, fmt.Errorf("--%s: %s, need at least 2 to fit a normal", name, count(n, "sample"))
	}
	mu := make([]float64, d)
	for j := 0; j < d; j++ {
		mu[j] = stat.Mean(mat.Col(nil, j, x), nil)
	}
	var s mat.SymDense
	stat.CovarianceMatrix(&s, x, nil)
	return mu, &s, nil
}
