package divergence

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Gaussian is a multivariate normal N(Mean, Cov) in d = len(Mean) dimensions.
type Gaussian struct {
	Mean []float64     // μ, length d
	Cov  mat.Symmetric // Σ, d×d, positive definite
}

// Mixture is a Gaussian mixture Σ_a Weights[a]·N(Components[a]). Weights must
// be non-negative with a positive sum; they are normalised to sum 1.
type Mixture struct {
	Weights    []float64  // one weight per component, normalised to sum 1
	Components []Gaussian // the normals, all of the same dimension
}

// KLGaussian returns the Kullback–Leibler divergence between two d-variate
// normals, in nats:
//
//	KL(N₁‖N₂) = ½ [ tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁) − d + log(det Σ₂ / det Σ₁) ]
//
// Both covariances must be symmetric positive definite (Cholesky), else the
// error wraps itlab.ErrNotPSD; lengths must agree (itlab.ErrShape). Cost O(d³).
func KLGaussian(mu1 []float64, s1 mat.Symmetric, mu2 []float64, s2 mat.Symmetric) (float64, error) {
	d, err := checkGaussians(mu1, s1, mu2, s2)
	if err != nil {
		return 0, err
	}
	var c1, c2 mat.Cholesky
	if !c1.Factorize(s1) {
		return 0, fmt.Errorf("divergence: covariance 1 is not positive definite: %w", check.ErrNotPSD)
	}
	if !c2.Factorize(s2) {
		return 0, fmt.Errorf("divergence: covariance 2 is not positive definite: %w", check.ErrNotPSD)
	}
	// tr(Σ₂⁻¹Σ₁) = Σ_ij (Σ₂⁻¹)_ij (Σ₁)_ji.
	var inv mat.SymDense
	if err := c2.InverseTo(&inv); err != nil {
		return 0, fmt.Errorf("divergence: covariance 2: %v: %w", err, check.ErrNotPSD)
	}
	var tr float64
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			tr += inv.At(i, j) * s1.At(j, i)
		}
	}
	diff := make([]float64, d)
	floats.SubTo(diff, mu2, mu1)
	dv := mat.NewVecDense(d, diff)
	var sol mat.VecDense
	if err := c2.SolveVecTo(&sol, dv); err != nil {
		return 0, fmt.Errorf("divergence: covariance 2: %v: %w", err, check.ErrNotPSD)
	}
	maha := mat.Dot(dv, &sol)
	kl := 0.5 * (tr + maha - float64(d) + c2.LogDet() - c1.LogDet())
	return math.Max(kl, 0), nil
}

// W2Gaussian returns the 2-Wasserstein distance between two normals by the
// Bures formula, in the units of the data:
//
//	W₂² = ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr( (Σ₁^½ Σ₂ Σ₁^½)^½ )
//
// Covariances must be symmetric PSD within 1e-10·max(1, tr Σ) (singular ones
// are fine: the formula holds for degenerate normals). Square roots are taken
// through symmetric eigen-decompositions (gonum EigenSym), negative rounding
// eigenvalues clipped to 0. Cost O(d³).
func W2Gaussian(mu1 []float64, s1 mat.Symmetric, mu2 []float64, s2 mat.Symmetric) (float64, error) {
	d, err := checkGaussians(mu1, s1, mu2, s2)
	if err != nil {
		return 0, err
	}
	r, err := sqrtPSD(s1, "covariance 1")
	if err != nil {
		return 0, err
	}
	if _, err := sqrtPSD(s2, "covariance 2"); err != nil {
		return 0, err
	}
	var m, tmp mat.Dense
	tmp.Mul(r, s2)
	m.Mul(&tmp, r)
	ms := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			ms.SetSym(i, j, 0.5*(m.At(i, j)+m.At(j, i)))
		}
	}
	var e mat.EigenSym
	if !e.Factorize(ms, false) {
		return 0, fmt.Errorf("divergence: eigen-decomposition failed: %w", check.ErrNoConvergence)
	}
	var cross float64
	for _, v := range e.Values(nil) {
		if v > 0 {
			cross += math.Sqrt(v)
		}
	}
	var dm2 float64
	for i := range mu1 {
		t := mu1[i] - mu2[i]
		dm2 += t * t
	}
	w2 := dm2 + mat.Trace(s1) + mat.Trace(s2) - 2*cross
	return math.Sqrt(math.Max(w2, 0)), nil
}

// sqrtPSD returns the symmetric square root of a PSD matrix.
func sqrtPSD(s mat.Symmetric, name string) (*mat.Dense, error) {
	d := s.SymmetricDim()
	var e mat.EigenSym
	if !e.Factorize(s, true) {
		return nil, fmt.Errorf("divergence: %s: eigen-decomposition failed: %w", name, check.ErrNoConvergence)
	}
	vals := e.Values(nil)
	tol := 1e-10 * math.Max(1, math.Abs(mat.Trace(s)))
	for i, v := range vals {
		if v < -tol {
			return nil, fmt.Errorf("divergence: %s has eigenvalue %.3g < 0: %w", name, v, check.ErrNotPSD)
		}
		vals[i] = math.Sqrt(math.Max(v, 0))
	}
	var q mat.Dense
	e.VectorsTo(&q)
	var qs mat.Dense
	qs.Mul(&q, mat.NewDiagDense(d, vals))
	var out mat.Dense
	out.Mul(&qs, q.T())
	return &out, nil
}

// CSGaussian returns the Cauchy–Schwarz divergence between two normals in the
// CS-IB convention (Yu et al. 2024), in nats:
//
//	D_CS(p‖q) = log ∫p² + log ∫q² − 2 log ∫pq,
//	∫pq = N(μ₁; μ₂, Σ₁+Σ₂),  ∫p² = N(0; 0, 2Σ₁) = (4π)^(−d/2) det(Σ₁)^(−½).
//
// For two normals of equal covariance σ²I it is ‖μ₁−μ₂‖²/(2σ²) — twice the
// value of texts that define D_CS with a factor ½. Covariances must be
// positive definite (itlab.ErrNotPSD). Cost O(d³).
func CSGaussian(mu1 []float64, s1 mat.Symmetric, mu2 []float64, s2 mat.Symmetric) (float64, error) {
	if _, err := checkGaussians(mu1, s1, mu2, s2); err != nil {
		return 0, err
	}
	return CSMixture(
		Mixture{Weights: []float64{1}, Components: []Gaussian{{mu1, s1}}},
		Mixture{Weights: []float64{1}, Components: []Gaussian{{mu2, s2}}})
}

// CSMixture returns the Cauchy–Schwarz divergence (CS-IB convention, nats,
// see CSGaussian) between two Gaussian mixtures, in closed form:
//
//	∫pq = Σ_a Σ_b w_a v_b N(μ_a; μ_b, Σ_a+Σ_b)
//
// evaluated in the log domain (log-sum-exp). Cost O((A+B)²·d³) for A and B
// components.
func CSMixture(p, q Mixture) (float64, error) {
	if err := checkMixture("p", p); err != nil {
		return 0, err
	}
	if err := checkMixture("q", q); err != nil {
		return 0, err
	}
	if len(p.Components[0].Mean) != len(q.Components[0].Mean) {
		return 0, fmt.Errorf("divergence: p has dimension %d but q has %d: %w", len(p.Components[0].Mean), len(q.Components[0].Mean), check.ErrShape)
	}
	lpp, err := logCrossIntegral(p, p)
	if err != nil {
		return 0, err
	}
	lqq, err := logCrossIntegral(q, q)
	if err != nil {
		return 0, err
	}
	lpq, err := logCrossIntegral(p, q)
	if err != nil {
		return 0, err
	}
	return math.Max(lpp+lqq-2*lpq, 0), nil
}

// logCrossIntegral returns log ∫ p q for two mixtures.
func logCrossIntegral(p, q Mixture) (float64, error) {
	wp, _ := normalise("p weights", p.Weights)
	wq, _ := normalise("q weights", q.Weights)
	terms := make([]float64, 0, len(wp)*len(wq))
	for a, ga := range p.Components {
		if wp[a] == 0 {
			continue
		}
		for b, gb := range q.Components {
			if wq[b] == 0 {
				continue
			}
			l, err := logNormalAt(ga.Mean, gb.Mean, ga.Cov, gb.Cov)
			if err != nil {
				return 0, err
			}
			terms = append(terms, math.Log(wp[a])+math.Log(wq[b])+l)
		}
	}
	return floats.LogSumExp(terms), nil
}

// logNormalAt returns log N(x; μ, A+B).
func logNormalAt(x, mu []float64, a, b mat.Symmetric) (float64, error) {
	d := len(x)
	s := mat.NewSymDense(d, nil)
	s.AddSym(a, b)
	var c mat.Cholesky
	if !c.Factorize(s) {
		return 0, fmt.Errorf("divergence: covariance is not positive definite: %w", check.ErrNotPSD)
	}
	diff := make([]float64, d)
	floats.SubTo(diff, x, mu)
	dv := mat.NewVecDense(d, diff)
	var sol mat.VecDense
	if err := c.SolveVecTo(&sol, dv); err != nil {
		return 0, fmt.Errorf("divergence: %v: %w", err, check.ErrNotPSD)
	}
	return -0.5*float64(d)*math.Log(2*math.Pi) - 0.5*c.LogDet() - 0.5*mat.Dot(dv, &sol), nil
}

func checkGaussians(mu1 []float64, s1 mat.Symmetric, mu2 []float64, s2 mat.Symmetric) (int, error) {
	d := len(mu1)
	if d == 0 {
		return 0, fmt.Errorf("divergence: empty mean: %w", check.ErrShape)
	}
	if s1 == nil || s2 == nil {
		return 0, fmt.Errorf("divergence: nil covariance: %w", check.ErrShape)
	}
	if len(mu2) != d || s1.SymmetricDim() != d || s2.SymmetricDim() != d {
		return 0, fmt.Errorf("divergence: dimensions disagree: means %d and %d, covariances %d and %d: %w",
			d, len(mu2), s1.SymmetricDim(), s2.SymmetricDim(), check.ErrShape)
	}
	if err := check.FiniteSlice("mean 1", mu1); err != nil {
		return 0, err
	}
	if err := check.FiniteSlice("mean 2", mu2); err != nil {
		return 0, err
	}
	if err := check.Finite("covariance 1", s1); err != nil {
		return 0, err
	}
	if err := check.Finite("covariance 2", s2); err != nil {
		return 0, err
	}
	return d, nil
}

func checkMixture(name string, m Mixture) error {
	if len(m.Components) == 0 || len(m.Weights) != len(m.Components) {
		return fmt.Errorf("divergence: mixture %s has %d weights and %d components, need equal and ≥ 1: %w", name, len(m.Weights), len(m.Components), check.ErrShape)
	}
	if _, err := normalise(name+" weights", m.Weights); err != nil {
		return err
	}
	d := len(m.Components[0].Mean)
	for _, g := range m.Components {
		if _, err := checkGaussians(m.Components[0].Mean, m.Components[0].Cov, g.Mean, g.Cov); err != nil {
			return fmt.Errorf("mixture %s: %w", name, err)
		}
		_ = d
	}
	return nil
}
