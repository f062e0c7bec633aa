package divergence

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

// Sinkhorn estimates W_p between two point clouds by entropy-regularised
// optimal transport (Cuturi 2013), solved in the log domain with ε-scaling
// (Schmitzer 2019) so that small ε neither underflows nor needs thousands of
// iterations. It minimises ⟨π, C⟩ − ε H(π) over couplings π of the uniform
// (or given) weights, C_ij = ‖p_i − q_j‖^p, and reports (⟨π*, C⟩)^(1/p), the
// transport cost of the regularised plan: an upper bound of W_p that tends to
// it as ε → 0 (error of order ε·log(n·m)).
//
// The zero value is usable: Eps 0 means 1e-2 times the mean of C, MaxIter 0
// means 10000, Tol 0 means 1e-4 (L1 violation of the row marginals, i.e. 0.01 % of
// the mass; the reported cost is then stable to about 1e-5 relative).
// Cost per iteration O(n·m·d), memory O(n + m) (C is recomputed on the fly
// when n·m > 2^24, stored otherwise).
type Sinkhorn struct {
	// Eps is the entropic regularisation ε, in the units of C (distance^p).
	Eps float64
	// MaxIter bounds the iterations at the target ε.
	MaxIter int
	// Tol is the convergence threshold on Σ_i |π1 − a|_i.
	Tol float64
	// WeightsP and WeightsQ are optional weights (nil = uniform), normalised.
	WeightsP, WeightsQ []float64
	// Progress, if not nil, is called on the calling goroutine every 10
	// iterations at the target ε with the iteration, MaxIter and the current
	// marginal violation (the solve stops when it reaches Tol). A solve on
	// large clouds can take minutes; the CLI draws a progress bar with it.
	Progress func(iter, maxIter int, violation float64)
}

// SinkhornResult reports a Sinkhorn solve.
type SinkhornResult struct {
	W          float64 // (⟨π, C⟩)^(1/p), in the units of the data
	Cost       float64 // ⟨π, C⟩
	Eps        float64 // the ε used
	Iterations int     // iterations at the target ε
	Violation  float64 // final Σ_i |π1 − a|_i
}

// W returns the Sinkhorn estimate of W_p. If the marginal violation is still
// above Tol after MaxIter iterations, it returns the last iterate's value
// together with an error wrapping itlab.ErrNoConvergence.
func (s Sinkhorn) W(p, q mat.Matrix, order float64) (float64, error) {
	r, err := s.Solve(p, q, order)
	return r.W, err
}

// Solve runs the solver and returns its details (see W).
func (s Sinkhorn) Solve(p, q mat.Matrix, order float64) (SinkhornResult, error) {
	n, m, d, err := checkClouds(p, q)
	if err != nil {
		return SinkhornResult{}, err
	}
	if !(order >= 1) || math.IsInf(order, 0) {
		return SinkhornResult{}, fmt.Errorf("divergence: Wasserstein order %v, need a finite p ≥ 1: %w", order, check.ErrParam)
	}
	if s.Eps < 0 || math.IsNaN(s.Eps) || math.IsInf(s.Eps, 0) {
		return SinkhornResult{}, fmt.Errorf("divergence: Sinkhorn ε = %v, need ≥ 0: %w", s.Eps, check.ErrParam)
	}
	loga, err := logWeights("p weights", s.WeightsP, n)
	if err != nil {
		return SinkhornResult{}, err
	}
	logb, err := logWeights("q weights", s.WeightsQ, m)
	if err != nil {
		return SinkhornResult{}, err
	}
	maxIter := s.MaxIter
	if maxIter <= 0 {
		maxIter = 10000
	}
	tol := s.Tol
	if tol <= 0 {
		tol = 1e-4
	}
	c := newCostFunc(rowsOf(p), rowsOf(q), n, m, d, order)
	mean, cmax := c.stats()
	if math.IsInf(cmax, 0) || math.IsNaN(mean) {
		return SinkhornResult{}, fmt.Errorf("divergence: a ground cost overflows float64 (coordinates too large; rescale the data): %w", check.ErrParam)
	}
	eps := s.Eps
	if eps == 0 {
		eps = 1e-2 * mean
	}
	if eps > 0 && eps < 1e-12*cmax {
		return SinkhornResult{}, fmt.Errorf("divergence: Sinkhorn ε = %v is below 1e-12 of the largest cost %v; use the exact solver: %w", eps, cmax, check.ErrParam)
	}
	if eps == 0 { // all points coincide
		return SinkhornResult{W: 0, Eps: 0}, nil
	}
	f := make([]float64, n)
	g := make([]float64, m)
	// ε-scaling: one pair of updates per halving from max C down to ε.
	for e := cmax; e > eps; e *= 0.5 {
		c.updateF(f, g, logb, e)
		c.updateG(g, f, loga, e)
	}
	res := SinkhornResult{Eps: eps}
	omega := sinkhornOmega
	fOld := make([]float64, n)
	gOld := make([]float64, m)
	for it := 1; it <= maxIter; it++ {
		copy(fOld, f)
		c.updateF(f, g, logb, eps)
		relax(f, fOld, omega)
		copy(gOld, g)
		c.updateG(g, f, loga, eps)
		relax(g, gOld, omega)
		res.Iterations = it
		if it%10 == 0 || it == maxIter {
			res.Violation = c.rowViolation(f, g, loga, logb, eps)
			if s.Progress != nil {
				s.Progress(it, maxIter, res.Violation)
			}
			if res.Violation <= tol {
				break
			}
		}
	}
	res.Cost = c.planCost(f, g, loga, logb, eps)
	res.W = math.Pow(math.Max(res.Cost, 0), 1/order)
	if res.Violation > tol {
		return res, fmt.Errorf("divergence: Sinkhorn marginal violation %.3g > %.3g after %d iterations at ε = %.3g: %w",
			res.Violation, tol, res.Iterations, eps, check.ErrNoConvergence)
	}
	return res, nil
}

// expCut truncates the Gibbs kernel: a term e^t with t < −expCut relative
// to the row's (or column's) largest term is below 1.4e-17 of it and is not
// evaluated. At small ε most of the n·m terms fall below the cut, which makes
// an iteration several times cheaper without changing the result beyond
// rounding.
const expCut = 39

// sinkhornOmega is the over-relaxation factor of the dual updates
// (Thibault, Chizat, Dossal & Papadakis 2017): ω = 1.8 ∈ (1, 2) keeps the fixed
// point and converges much faster than plain Sinkhorn (ω = 1) at small ε.
var sinkhornOmega = 1.8

// relax sets x = (1−ω)·old + ω·x.
func relax(x, old []float64, omega float64) {
	if omega == 1 {
		return
	}
	for i := range x {
		x[i] = (1-omega)*old[i] + omega*x[i]
	}
}

func logWeights(name string, w []float64, n int) ([]float64, error) {
	out := make([]float64, n)
	if w == nil {
		for i := range out {
			out[i] = -math.Log(float64(n))
		}
		return out, nil
	}
	if len(w) != n {
		return nil, fmt.Errorf("divergence: %d %s for %d points: %w", len(w), name, n, check.ErrShape)
	}
	wn, err := normalise(name, w)
	if err != nil {
		return nil, err
	}
	for i, v := range wn {
		out[i] = math.Log(v) // −Inf for zero weight: that point carries no mass
	}
	return out, nil
}

// costFunc gives rows of C_ij = ‖p_i − q_j‖^order, stored or on the fly.
type costFunc struct {
	p, q      []float64
	n, m, d   int
	order     float64
	stored    []float64
	blockRows int
	blockCols int
}

func newCostFunc(p, q []float64, n, m, d int, order float64) *costFunc {
	c := &costFunc{p: p, q: q, n: n, m: m, d: d, order: order, blockRows: 32, blockCols: 256}
	if n*m <= 1<<24 {
		c.stored = make([]float64, n*m)
		parallel.Blocks(n, c.blockRows, 0, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				c.computeRow(i, 0, m, c.stored[i*m:(i+1)*m])
			}
		})
	}
	return c
}

func (c *costFunc) computeRow(i, lo, hi int, dst []float64) {
	a := c.p[i*c.d : (i+1)*c.d]
	for j := lo; j < hi; j++ {
		dst[j-lo] = groundCost(a, c.q[j*c.d:(j+1)*c.d], c.order)
	}
}

// row returns C[i, lo:hi], using buf when computing.
func (c *costFunc) row(i, lo, hi int, buf []float64) []float64 {
	if c.stored != nil {
		return c.stored[i*c.m+lo : i*c.m+hi]
	}
	c.computeRow(i, lo, hi, buf[:hi-lo])
	return buf[:hi-lo]
}

func (c *costFunc) stats() (mean, max float64) {
	nb := parallel.NumBlocks(c.n, c.blockRows)
	sums := make([]float64, nb)
	maxs := make([]float64, nb)
	parallel.Blocks(c.n, c.blockRows, 0, func(b, lo, hi int) {
		buf := make([]float64, c.m)
		for i := lo; i < hi; i++ {
			for _, v := range c.row(i, 0, c.m, buf) {
				sums[b] += v
				if v > maxs[b] {
					maxs[b] = v
				}
			}
		}
	})
	var s float64
	for b := range sums {
		s += sums[b]
		if maxs[b] > max {
			max = maxs[b]
		}
	}
	return s / float64(c.n*c.m), max
}

// updateF sets f_i = −ε log Σ_j exp((g_j − C_ij)/ε + log b_j).
func (c *costFunc) updateF(f, g, logb []float64, eps float64) {
	inv := 1 / eps
	parallel.Blocks(c.n, c.blockRows, 0, func(_, lo, hi int) {
		buf := make([]float64, c.m)
		x := make([]float64, c.m)
		for i := lo; i < hi; i++ {
			row := c.row(i, 0, c.m, buf)
			mx := math.Inf(-1)
			for j, cij := range row {
				v := (g[j]-cij)*inv + logb[j]
				x[j] = v
				if v > mx {
					mx = v
				}
			}
			var s float64
			for _, v := range x {
				// Terms below e^−expCut of the largest change the sum by
				// less than n·1e-17 relative: skip their exp.
				if t := v - mx; t > -expCut {
					s += math.Exp(t)
				}
			}
			f[i] = -eps * (mx + math.Log(s))
		}
	})
}

// updateG sets g_j = −ε log Σ_i exp((f_i − C_ij)/ε + log a_i), streaming over
// rows with an online log-sum-exp per column.
func (c *costFunc) updateG(g, f, loga []float64, eps float64) {
	inv := 1 / eps
	parallel.Blocks(c.m, c.blockCols, 0, func(_, lo, hi int) {
		w := hi - lo
		mx := make([]float64, w)
		s := make([]float64, w)
		buf := make([]float64, w)
		for k := range mx {
			mx[k] = math.Inf(-1)
		}
		for i := 0; i < c.n; i++ {
			if math.IsInf(loga[i], -1) {
				continue
			}
			row := c.row(i, lo, hi, buf)
			fi := f[i]*inv + loga[i]
			for k, cij := range row {
				v := fi - cij*inv
				if v <= mx[k] {
					if t := v - mx[k]; t > -expCut {
						s[k] += math.Exp(t)
					}
				} else {
					s[k] = s[k]*math.Exp(mx[k]-v) + 1
					mx[k] = v
				}
			}
		}
		for k := range mx {
			g[lo+k] = -eps * (mx[k] + math.Log(s[k]))
		}
	})
}

// rowViolation returns Σ_i |Σ_j π_ij − a_i|.
func (c *costFunc) rowViolation(f, g, loga, logb []float64, eps float64) float64 {
	nb := parallel.NumBlocks(c.n, c.blockRows)
	part := make([]float64, nb)
	parallel.Blocks(c.n, c.blockRows, 0, func(b, lo, hi int) {
		buf := make([]float64, c.m)
		for i := lo; i < hi; i++ {
			if math.IsInf(loga[i], -1) {
				continue
			}
			row := c.row(i, 0, c.m, buf)
			var s float64
			for j, cij := range row {
				if e := (f[i]+g[j]-cij)/eps + logb[j]; e > -expCut-20 {
					s += math.Exp(e)
				}
			}
			// π_i· = a_i · s
			part[b] += math.Abs(math.Exp(loga[i]) * (s - 1))
		}
	})
	var v float64
	for _, x := range part {
		v += x
	}
	return v
}

// planCost returns ⟨π, C⟩.
func (c *costFunc) planCost(f, g, loga, logb []float64, eps float64) float64 {
	nb := parallel.NumBlocks(c.n, c.blockRows)
	part := make([]float64, nb)
	parallel.Blocks(c.n, c.blockRows, 0, func(b, lo, hi int) {
		buf := make([]float64, c.m)
		for i := lo; i < hi; i++ {
			if math.IsInf(loga[i], -1) {
				continue
			}
			row := c.row(i, 0, c.m, buf)
			for j, cij := range row {
				if e := (f[i]+g[j]-cij)/eps + loga[i] + logb[j]; e > -expCut-20 {
					part[b] += cij * math.Exp(e)
				}
			}
		}
	})
	var v float64
	for _, x := range part {
		v += x
	}
	return v
}
