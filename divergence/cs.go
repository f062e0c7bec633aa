package divergence

import (
	"fmt"
	bw "github.com/itlab/itlab/internal/bandwidth"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/pairwise"
)

// Silverman returns the Gaussian-kernel bandwidth σ of Silverman's rule of
// thumb for d-dimensional data,
//
//	σ = (4/(d+2))^(1/(d+4)) · N^(−1/(d+4)) · σ̂,
//
// with σ̂² the mean over dimensions and over the two samples of the per-sample
// variances (so a shift between P and Q does not widen the kernel) and
// N = (n + m)/2. For d = 1 this is 1.06·σ̂·N^(−1/5). q may be nil (one sample).
// It returns 1 when every variance is 0, and NaN when p is nil.
func Silverman(p, q mat.Matrix) float64 {
	if check.IsNil(p) {
		return math.NaN()
	}
	_, d := p.Dims()
	var v float64
	var cnt, ns int
	for _, x := range []mat.Matrix{p, q} {
		if check.IsNil(x) {
			continue
		}
		n, _ := x.Dims()
		ns += n
		cnt++
		for j := 0; j < d; j++ {
			var mu, s2 float64
			for i := 0; i < n; i++ {
				mu += x.At(i, j)
			}
			mu /= float64(n)
			for i := 0; i < n; i++ {
				t := x.At(i, j) - mu
				s2 += t * t
			}
			if n > 1 {
				v += s2 / float64(n-1)
			}
		}
	}
	return bw.Silverman(math.Sqrt(v/float64(d*cnt)), float64(ns)/float64(cnt), d)
}

// CS is the Gaussian-kernel estimator of the Cauchy–Schwarz divergence
// between two samples, in the convention of the CS-IB paper (Yu, Yu, Løkse,
// Jenssen & Príncipe, ICLR 2024), in nats:
//
//	D̂_CS = log( ΣK_pp/M² ) + log( ΣK_qq/N² ) − 2 log( ΣK_pq/(MN) )
//
// with κ(a, b) = exp(−‖a−b‖²/(2σ²)), sums over all pairs including i = j
// (the V-statistic of the paper's code), P M×d and Q N×d. It equals
// −2 log cos∠(μ_P, μ_Q) between the kernel mean embeddings, so it is ≥ 0 and
// exactly 0 for identical samples. It estimates the D_CS of the densities
// smoothed by N(0, σ²/2·I) (each ∫pq term is a convolution with the kernel),
// so it tends to CSGaussian of Σ + σ²/2·I for Gaussian data, and to the
// unsmoothed value as σ → 0. Sigma 0 means Silverman's rule (see Silverman).
//
// The sums are computed by internal/pairwise in one fused tiled pass per
// term (no n×n matrix), in the log domain so that well-separated samples give
// a large finite value rather than +Inf. Cost O((M+N)²·d), memory O((M+N)·d).
type CS struct {
	Sigma   float64 // kernel width σ in data units; 0 means Silverman's rule
	Workers int     // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// Divergence returns D̂_CS(P‖Q) in nats.
func (e CS) Divergence(p, q mat.Matrix) (float64, error) {
	ps, qs, n, m, d, sigma, err := kernelSetup(p, q, e.Sigma, 1)
	if err != nil {
		return 0, err
	}
	lpp, lqq, lpq := logKernelSums(ps, qs, n, m, d, sigma, e.Workers)
	fn, fm := float64(n), float64(m)
	v := (lpp - 2*math.Log(fn)) + (lqq - 2*math.Log(fm)) - 2*(lpq-math.Log(fn)-math.Log(fm))
	return math.Max(v, 0), nil
}

// MMD is the unbiased estimator of the squared maximum mean discrepancy
// with the Gaussian kernel κ(a, b) = exp(−‖a−b‖²/(2σ²)) (Gretton et al. 2012,
// eq. 3), in squared kernel units (not nats):
//
//	MMD²_u = Σ_{i≠j} κ(p_i,p_j)/(M(M−1)) + Σ_{i≠j} κ(q_i,q_j)/(N(N−1)) − 2 Σ_ij κ(p_i,q_j)/(MN)
//
// It is unbiased for ‖μ_P − μ_Q‖² in the RKHS, so it can be slightly
// negative when P = Q. Sigma 0 means Silverman's rule. Tiled through
// internal/pairwise; cost O((M+N)²·d), no n×n matrix. Needs M, N ≥ 2.
type MMD struct {
	Sigma   float64 // kernel width σ in data units; 0 means Silverman's rule
	Workers int     // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// MMD2 returns the unbiased MMD² estimate.
func (e MMD) MMD2(p, q mat.Matrix) (float64, error) {
	ps, qs, n, m, d, sigma, err := kernelSetup(p, q, e.Sigma, 2)
	if err != nil {
		return 0, err
	}
	scale := 1 / (2 * sigma * sigma)
	spp := sumOf(pairwise.SymSums(nil, ps, n, d, nil, 1, scale, e.Workers))
	sqq := sumOf(pairwise.SymSums(nil, qs, m, d, nil, 1, scale, e.Workers))
	spq := sumOf(pairwise.CrossSums(nil, ps, n, qs, m, d, nil, 1, scale, e.Workers))
	fn, fm := float64(n), float64(m)
	return (spp-fn)/(fn*(fn-1)) + (sqq-fm)/(fm*(fm-1)) - 2*spq/(fn*fm), nil
}

// SigmaUsed returns the bandwidth the estimator uses for p and q: Sigma, or
// Silverman's rule when Sigma is 0.
func SigmaUsed(sigma float64, p, q mat.Matrix) float64 {
	if sigma > 0 {
		return sigma
	}
	return Silverman(p, q)
}

func kernelSetup(p, q mat.Matrix, sigma float64, minRows int) (ps, qs []float64, n, m, d int, s float64, err error) {
	if err = check.Samples("p", p, minRows); err != nil {
		return
	}
	if err = check.Samples("q", q, minRows); err != nil {
		return
	}
	if err = check.SameCols("p", p, "q", q); err != nil {
		return
	}
	if sigma < 0 || math.IsNaN(sigma) || math.IsInf(sigma, 0) {
		err = fmt.Errorf("divergence: kernel bandwidth σ = %v, need > 0 (0 = Silverman): %w", sigma, check.ErrParam)
		return
	}
	n, d = p.Dims()
	m, _ = q.Dims()
	s = SigmaUsed(sigma, p, q)
	if sc := 1 / (2 * s * s); math.IsInf(sc, 0) || math.IsNaN(sc) {
		err = fmt.Errorf("divergence: kernel bandwidth σ = %v is too small for float64: %w", s, check.ErrParam)
		return
	} else if sc == 0 {
		// Silverman's rule on data near the float64 limit, or a σ given
		// beyond 1e154: every kernel value would be 1
		err = fmt.Errorf("divergence: kernel bandwidth σ = %v is too large for float64 (the data's spread overflows); rescale the data: %w", s, check.ErrRange)
		return
	}
	ps, qs = rowsOf(p), rowsOf(q)
	return
}

// logKernelSums returns log Σ_ij κ over P×P, Q×Q and P×Q.
func logKernelSums(ps, qs []float64, n, m, d int, sigma float64, workers int) (lpp, lqq, lpq float64) {
	scale := 1 / (2 * sigma * sigma)
	lpp = pairwise.LogSumExp(pairwise.SymLogSums(nil, ps, n, d, nil, 1, scale, workers))
	lqq = pairwise.LogSumExp(pairwise.SymLogSums(nil, qs, m, d, nil, 1, scale, workers))
	lpq = pairwise.LogSumExp(pairwise.CrossLogSums(nil, ps, n, qs, m, d, nil, 1, scale, workers))
	return
}

func sumOf(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s
}

// CondCS is the conditional Cauchy–Schwarz divergence D_CS(p(y|x) ‖ q(ŷ|x))
// of the CS-IB paper (Prop. 1), the prediction term of its loss, estimated
// from triples (x_i, y_i, ŷ_i), in nats:
//
//	D̂ = log Σ_j [Σ_i K_ji L1_ji / S_j] + log Σ_j [Σ_i K_ji L2_ji / S_j] − 2 log Σ_j [Σ_i K_ji L21_ji / S_j]
//
// with K = κ_σx(x, x), L1 = κ_σy(y, y), L2 = κ_σy(ŷ, ŷ), L21_ji = κ_σy(ŷ_j, y_i).
// The normaliser is the paper's S_j = (Σ_i K_ji)² by default (from the
// resubstitution estimate of E[p(x,y)/p(x)²]); CodeNormaliser selects the
// reference code's S_j = Σ_i K_ji² (loss_cs.py::CS_Div), a different
// quantity (the paper's slides print "Σ_i K_ji 2", which is ambiguous; the
// derivation gives the square of the sum). The reference code uses log2
// and σ = 1 for all
// three kernels; here SigmaX and SigmaY default (0) to Silverman's rule on x
// and on y. Each product K∘L is one Gaussian kernel on the concatenated
// (x/σx, y/σy) rows, so the five row-sum vectors come from internal/pairwise
// without an n×n matrix. Cost O(n²·(dx + dy)).
type CondCS struct {
	SigmaX, SigmaY float64 // kernel widths of x and of y, ŷ; 0 means Silverman's rule
	CodeNormaliser bool    // use the reference code's S_j = Σ_i K_ji² instead of the paper's
	Workers        int     // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// Divergence returns D̂_CS(p(y|x) ‖ q(ŷ|x)) for n×dx x and n×dy y, yhat.
func (e CondCS) Divergence(x, y, yhat mat.Matrix) (float64, error) {
	for _, a := range []struct {
		name string
		m    mat.Matrix
	}{{"x", x}, {"y", y}, {"yhat", yhat}} {
		if err := check.Samples(a.name, a.m, 1); err != nil {
			return 0, err
		}
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return 0, err
	}
	if err := check.SameRows("x", x, "yhat", yhat); err != nil {
		return 0, err
	}
	if err := check.SameCols("y", y, "yhat", yhat); err != nil {
		return 0, err
	}
	sx, err := bandwidth(e.SigmaX, x, "SigmaX")
	if err != nil {
		return 0, err
	}
	sy, err := bandwidth(e.SigmaY, y, "SigmaY")
	if err != nil {
		return 0, err
	}
	n, _ := x.Dims()
	xs, err := scaledRows(x, sx, "x")
	if err != nil {
		return 0, err
	}
	ys, err := scaledRows(y, sy, "y")
	if err != nil {
		return 0, err
	}
	hs, err := scaledRows(yhat, sy, "yhat")
	if err != nil {
		return 0, err
	}
	const half = 0.5 // exp(−‖a−b‖²/2) on rows already divided by σ
	w := e.Workers
	xy, dxy := concatRows(xs, ys, n)
	xh, _ := concatRows(xs, hs, n)
	lkl1 := pairwise.SymLogSums(nil, xy, n, dxy, nil, 1, half, w)
	lkl2 := pairwise.SymLogSums(nil, xh, n, dxy, nil, 1, half, w)
	// Σ_i K_ji L21_ji = Σ_i exp(−½‖(x_j, ŷ_j) − (x_i, y_i)‖²): rows j of xh against xy.
	lkl21 := pairwise.CrossLogSums(nil, xh, n, xy, n, dxy, nil, 1, half, w)
	var lS []float64
	dx := len(xs) / n
	if e.CodeNormaliser {
		lS = pairwise.SymLogSums(nil, xs, n, dx, nil, 1, 2*half, w) // Σ_i K_ji² = Σ_i exp(−‖Δx‖²/σ²)
	} else {
		lS = pairwise.SymLogSums(nil, xs, n, dx, nil, 1, half, w)
		for j := range lS {
			lS[j] *= 2 // (Σ_i K_ji)²
		}
	}
	for j := range lS {
		lkl1[j] -= lS[j]
		lkl2[j] -= lS[j]
		lkl21[j] -= lS[j]
	}
	return pairwise.LogSumExp(lkl1) + pairwise.LogSumExp(lkl2) - 2*pairwise.LogSumExp(lkl21), nil
}

// CSQMI is the Cauchy–Schwarz quadratic mutual information of the CS-IB
// paper (Prop. 2), I_CS(X;T) = D_CS(p(x,t) ‖ p(x)p(t)), in nats:
//
//	Î_CS = log( tr(KQ)/N² ) + log( (1ᵀK1)(1ᵀQ1)/N⁴ ) − 2 log( 1ᵀKQ1/N³ )
//
// with K = κ_σx(x, x), Q = κ_σt(t, t) Gaussian Gram matrices (never formed:
// tr(KQ) is the row-sum total of one kernel on the concatenated (x/σx, t/σt)
// rows, and 1ᵀKQ1 = Σ_j (K1)_j (Q1)_j). It is ≥ 0 up to rounding and 0 when
// the samples are independent in the kernel sense. SigmaX and SigmaT default
// (0) to Silverman's rule on each variable (the reference trains with σ = 1).
// Cost O(N²·(dx + dt)).
type CSQMI struct {
	SigmaX, SigmaT float64 // kernel widths of x and t in their units; 0 means Silverman's rule
	Workers        int     // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// MI returns Î_CS(X;T) in nats for N×dx x and N×dt t.
func (e CSQMI) MI(x, t mat.Matrix) (float64, error) {
	if err := check.Samples("x", x, 1); err != nil {
		return 0, err
	}
	if err := check.Samples("t", t, 1); err != nil {
		return 0, err
	}
	if err := check.SameRows("x", x, "t", t); err != nil {
		return 0, err
	}
	sx, err := bandwidth(e.SigmaX, x, "SigmaX")
	if err != nil {
		return 0, err
	}
	st, err := bandwidth(e.SigmaT, t, "SigmaT")
	if err != nil {
		return 0, err
	}
	n, _ := x.Dims()
	xs, err := scaledRows(x, sx, "x")
	if err != nil {
		return 0, err
	}
	ts, err := scaledRows(t, st, "t")
	if err != nil {
		return 0, err
	}
	xt, dxt := concatRows(xs, ts, n)
	w := e.Workers
	ltr := pairwise.LogSumExp(pairwise.SymLogSums(nil, xt, n, dxt, nil, 1, 0.5, w))
	lk := pairwise.SymLogSums(nil, xs, n, len(xs)/n, nil, 1, 0.5, w)
	lq := pairwise.SymLogSums(nil, ts, n, len(ts)/n, nil, 1, 0.5, w)
	prod := make([]float64, n)
	for j := range prod {
		prod[j] = lk[j] + lq[j]
	}
	fn := math.Log(float64(n))
	v := (ltr - 2*fn) + (pairwise.LogSumExp(lk) + pairwise.LogSumExp(lq) - 4*fn) - 2*(pairwise.LogSumExp(prod)-3*fn)
	return v, nil
}

// Normalized returns I_CS(X;T)/sqrt(I_CS(X;X)·I_CS(T;T)), the normalised
// form the CS-IB training loss uses (CS_QMI_normalized); 1 when T = X.
func (e CSQMI) Normalized(x, t mat.Matrix) (float64, error) {
	ixt, err := e.MI(x, t)
	if err != nil {
		return 0, err
	}
	ixx, err := CSQMI{SigmaX: e.SigmaX, SigmaT: e.SigmaX, Workers: e.Workers}.MI(x, x)
	if err != nil {
		return 0, err
	}
	itt, err := CSQMI{SigmaX: e.SigmaT, SigmaT: e.SigmaT, Workers: e.Workers}.MI(t, t)
	if err != nil {
		return 0, err
	}
	return ixt / math.Sqrt(ixx*itt), nil
}

func bandwidth(sigma float64, x mat.Matrix, name string) (float64, error) {
	if sigma < 0 || math.IsNaN(sigma) || math.IsInf(sigma, 0) {
		return 0, fmt.Errorf("divergence: %s = %v, need > 0 (0 = Silverman): %w", name, sigma, check.ErrParam)
	}
	if sigma == 0 {
		return Silverman(x, nil), nil
	}
	return sigma, nil
}

// scaledRows returns the rows of x divided by s, row-major, or an error if
// that overflows (a bandwidth far below the data's scale).
func scaledRows(x mat.Matrix, s float64, name string) ([]float64, error) {
	src := rowsOf(x)
	out := make([]float64, len(src))
	for i, v := range src {
		out[i] = v / s
		if math.IsInf(out[i], 0) {
			return nil, fmt.Errorf("divergence: %s/σ overflows with σ = %v: %w", name, s, check.ErrParam)
		}
	}
	return out, nil
}

// concatRows returns [a_i, b_i] row by row and its width.
func concatRows(a, b []float64, n int) ([]float64, int) {
	da, db := len(a)/n, len(b)/n
	out := make([]float64, 0, n*(da+db))
	for i := 0; i < n; i++ {
		out = append(out, a[i*da:(i+1)*da]...)
		out = append(out, b[i*db:(i+1)*db]...)
	}
	return out, da + db
}
