package inductivebias

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/optimize"

	"github.com/itlab/itlab/internal/check"
)

// NCX2 is a scaled non-central χ² distribution: X = Scale·Z with
// Z ~ χ'²(DF, NC), DF degrees of freedom and non-centrality NC. It is the law
// of Scale·‖ξ + μ‖² for ξ ~ N(0, I_DF) and ‖μ‖² = NC, which is why the test
// loss of a Gaussian-process hypothesis follows it (Boopathy et al. 2024).
type NCX2 struct {
	DF    float64 // degrees of freedom k > 0
	NC    float64 // non-centrality λ ≥ 0
	Scale float64 // scale s > 0
}

// Mean returns s·(k+λ).
func (d NCX2) Mean() float64 { return d.Scale * (d.DF + d.NC) }

// Variance returns 2s²·(k+2λ).
func (d NCX2) Variance() float64 { return 2 * d.Scale * d.Scale * (d.DF + 2*d.NC) }

// poissonTerms calls fn(j, log w_j) for the Poisson(λ/2) mixture weights of
// the non-central χ² over the range of j where w_j is within e^-45 of the
// largest weight (both sides of the mode). fn returns false to stop early.
func poissonTerms(nc float64, fn func(j int, logw float64) bool) {
	h := nc / 2
	if h == 0 {
		fn(0, 0)
		return
	}
	mode := math.Floor(h)
	logh := math.Log(h)
	logMode := -h + mode*logh - lgamma(mode+1)
	j0 := max(0, int(mode-12*math.Sqrt(mode)-12))
	for j := j0; ; j++ {
		fj := float64(j)
		lw := -h + fj*logh - lgamma(fj+1)
		if lw >= logMode-45 || fj <= mode {
			if !fn(j, lw) {
				return
			}
		}
		if fj > mode && lw < logMode-45 {
			return
		}
	}
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// logGammaIncReg returns ln P(a, x), the log of the regularised lower
// incomplete gamma function. For x < a+1 it sums the series in log space, so
// it stays finite (and accurate) far into the lower tail where P underflows.
func logGammaIncReg(a, x float64) float64 {
	if x <= 0 {
		return math.Inf(-1)
	}
	if x < a+1 {
		// P(a,x) = x^a e^-x / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)).
		sum, term := 1.0, 1.0
		for n := 1; n < 10000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if term < sum*1e-17 {
				break
			}
		}
		return a*math.Log(x) - x - lgamma(a+1) + math.Log(sum)
	}
	return math.Log1p(-mathext.GammaIncRegComp(a, x))
}

// LogCDF returns ln P(X ≤ x). It is computed as a log-sum-exp over the
// Poisson mixture of central χ² laws, each in log space, so it does not
// underflow in the far lower tail (where CDF itself would be 0).
func (d NCX2) LogCDF(x float64) float64 {
	if x <= 0 {
		return math.Inf(-1)
	}
	z := x / d.Scale / 2
	acc := math.Inf(-1)
	poissonTerms(d.NC, func(j int, lw float64) bool {
		t := lw + logGammaIncReg(d.DF/2+float64(j), z)
		acc = logAddExp(acc, t)
		return true
	})
	return acc
}

// CDF returns P(X ≤ x).
func (d NCX2) CDF(x float64) float64 { return math.Exp(d.LogCDF(x)) }

// LogPDF returns the log density at x > 0 (−Inf for x ≤ 0).
func (d NCX2) LogPDF(x float64) float64 {
	var p pdfTerms
	p.prepare(d)
	return p.logpdf(x)
}

// pdfTerms holds the x-independent part of the mixture density, so that
// evaluating it over many samples costs one exp per Poisson term:
// ln f(x) = ln Σ_j exp(c_j + j·ln z) + (k/2−1)·ln z − z/2 − ln s, z = x/s,
// c_j = ln w_j − (k/2+j)·ln 2 − lnΓ(k/2+j).
type pdfTerms struct {
	j0    int
	c     []float64
	half  float64 // k/2 − 1
	scale float64
}

func (p *pdfTerms) prepare(d NCX2) {
	p.c = p.c[:0]
	p.j0 = -1
	p.half = d.DF/2 - 1
	p.scale = d.Scale
	poissonTerms(d.NC, func(j int, lw float64) bool {
		if p.j0 < 0 {
			p.j0 = j
		}
		a := d.DF/2 + float64(j)
		p.c = append(p.c, lw-a*math.Ln2-lgamma(a))
		return true
	})
}

func (p *pdfTerms) logpdf(x float64) float64 {
	if x <= 0 {
		return math.Inf(-1)
	}
	z := x / p.scale
	lz := math.Log(z)
	m := math.Inf(-1)
	for i, c := range p.c {
		m = math.Max(m, c+float64(p.j0+i)*lz)
	}
	var s float64
	for i, c := range p.c {
		s += math.Exp(c + float64(p.j0+i)*lz - m)
	}
	return m + math.Log(s) + p.half*lz - z/2 - math.Log(p.scale)
}

func logAddExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a < b {
		a, b = b, a
	}
	return a + math.Log1p(math.Exp(b-a))
}

// SankaranLogCDF is the Sankaran (1963) normal approximation to ln P(X ≤ x)
// that the reference code (FieteLab/Exact-Inductive-Bias, inductive_bias_alt)
// uses when scipy's logcdf underflows. It returns −z²/2, the leading term of
// ln Φ(z) for z → −∞ (the log correction is dropped, as in the reference).
// It is kept for parity; LogCDF itself does not underflow.
func (d NCX2) SankaranLogCDF(x float64) float64 {
	k, l := d.DF, d.NC
	e := x / d.Scale
	h := 1 - (2.0/3.0)*(k+l)*(k+3*l)/((k+2*l)*(k+2*l))
	p := (k + 2*l) / ((k + l) * (k + l))
	m := (h - 1) * (1 - 3*h)
	z := (math.Pow(e/(k+l), h) - (1 + h*p*(h-1-0.5*(2-h)*m*p))) / (h * math.Sqrt(2*p) * (1 + 0.5*m*p))
	return -z * z / 2
}

// FitNCX2 fits a scaled non-central χ² (location fixed at 0) to positive
// samples by maximum likelihood, as scipy.stats.ncx2.fit(x, floc=0) does in
// the reference code. It starts from the method of moments (mean, variance
// and third central moment determine k, λ and s) and refines with
// Nelder–Mead on (ln k, ln λ, ln s). Cost: O(len(x)·J) per likelihood
// evaluation, J the number of Poisson terms (about λ/2 + 10√λ).
func FitNCX2(x []float64) (NCX2, error) {
	return fitNCX2(x, NCX2{}, 3000)
}

// fitNCX2 fits from start (the method of moments when start is zero) with
// at most evals likelihood evaluations.
func fitNCX2(x []float64, start NCX2, evals int) (NCX2, error) {
	if len(x) < 10 {
		return NCX2{}, fmt.Errorf("fit non-central χ²: %d samples, need at least 10: %w", len(x), check.ErrTooFewSamples)
	}
	for i, v := range x {
		if !(v > 0) || math.IsInf(v, 0) {
			return NCX2{}, fmt.Errorf("fit non-central χ²: sample %d is %v, need finite values > 0: %w", i, v, check.ErrNonFinite)
		}
	}
	init := start
	if init.DF == 0 {
		init = momentsNCX2(x)
	}
	var terms pdfTerms
	nll := func(th []float64) float64 {
		d := NCX2{DF: math.Exp(th[0]), NC: math.Exp(th[1]), Scale: math.Exp(th[2])}
		if d.DF > 1e6 || d.NC > 1e6 || math.IsNaN(d.DF+d.NC+d.Scale) {
			return math.Inf(1)
		}
		terms.prepare(d)
		var s float64
		for _, v := range x {
			s -= terms.logpdf(v)
		}
		if math.IsNaN(s) {
			return math.Inf(1)
		}
		return s / float64(len(x))
	}
	th0 := []float64{math.Log(init.DF), math.Log(math.Max(init.NC, 1e-3*init.DF+1e-6)), math.Log(init.Scale)}
	res, err := optimize.Minimize(optimize.Problem{Func: nll}, th0,
		&optimize.Settings{FuncEvaluations: evals, Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 60}},
		&optimize.NelderMead{})
	if err != nil && res == nil {
		return init, fmt.Errorf("fit non-central χ²: %v: %w", err, check.ErrNoConvergence)
	}
	best := init
	if res != nil && res.F < nll(th0) {
		best = NCX2{DF: math.Exp(res.X[0]), NC: math.Exp(res.X[1]), Scale: math.Exp(res.X[2])}
	}
	return best, nil
}

// momentsNCX2 matches mean μ = s(k+λ), variance σ² = 2s²(k+2λ) and third
// central moment m3 = 8s³(k+3λ). Eliminating k and λ gives
// 8μs² − 8σ²s + m3 = 0; when that has no admissible root it falls back to a
// central χ² (λ = 0) matching the first two moments.
func momentsNCX2(x []float64) NCX2 {
	n := float64(len(x))
	var mu float64
	for _, v := range x {
		mu += v
	}
	mu /= n
	var m2, m3 float64
	for _, v := range x {
		d := v - mu
		m2 += d * d
		m3 += d * d * d
	}
	m2 /= n
	m3 /= n
	central := NCX2{DF: 2 * mu * mu / m2, NC: 0, Scale: m2 / (2 * mu)}
	disc := 64*m2*m2 - 32*mu*m3
	if disc < 0 {
		return central
	}
	for _, s := range []float64{(8*m2 - math.Sqrt(disc)) / (16 * mu), (8*m2 + math.Sqrt(disc)) / (16 * mu)} {
		if !(s > 0) {
			continue
		}
		u, v := mu/s, m2/(2*s*s)
		l, k := v-u, 2*u-v
		if k > 0 && l >= 0 {
			return NCX2{DF: k, NC: l, Scale: s}
		}
	}
	return central
}
