package mi

import (
	"fmt"
	"github.com/itlab/itlab/internal/bandwidth"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

// DefaultRenyiAlpha is the order α of a zero Renyi: 1.01, the ALPHA of the
// reference code (SJYuCNEL/Matrix-based-Dependence).
const DefaultRenyiAlpha = 1.01

// DefaultRenyiMaxN is the largest sample count a zero Renyi accepts.
const DefaultRenyiMaxN = 2048

// Renyi is the matrix-based Rényi α-order entropy and mutual information of
// Sánchez Giraldo, Rao & Príncipe (2015) (code: SJYuCNEL/Matrix-based-
// Dependence, MI.py and the MATLAB files). For n samples and a positive
// definite kernel κ, the Gram matrix K_ij = κ(x_i, x_j) is normalised to
// unit trace, A_ij = (1/n)·K_ij/√(K_ii·K_jj), and
//
//	S_α(A)   = ln(Σ_i λ_i(A)^α) / (1−α)          (nats; λ from mat.EigenSym, |λ| as the code)
//	S_α(A,B) = S_α((A∘B)/tr(A∘B))                (∘ the Hadamard product)
//	I_α(A;B) = S_α(A) + S_α(B) − S_α(A,B)
//
// α = 1 is the von Neumann limit −Σ λ ln λ; α = 2 is computed without
// eigenvalues as −ln ‖A‖_F². The reference Python code reports log2 (bits),
// the MATLAB code nats; divide by ln 2 for bits.
//
// Continuous data use the Gaussian kernel exp(−‖x−y‖²/(2σ²)) (the MATLAB
// convention; the Python code's exp(−‖x−y‖²/σ) is σ_py = 2σ²). Labels use the
// delta kernel K_ij = [y_i = y_j], for which S_α is the Rényi entropy of the
// label frequencies. In Layer, X is the sample identity (delta kernel on the
// index, A = I/n), which gives I(X;T) = S_α(T) exactly (S_α(X) = S_α(X,T) =
// ln n).
//
// Kernel width: Sigma > 0 is used as given; zero selects Silverman's rule as
// in the reference's kernel_width_estimation.m, σ = s·(4/(3n))^{1/5}/√2,
// where s is the reference's std of the first column; here s is the root
// mean of all column variances (n−1 denominator), equal to it for one
// column. A zero spread gives σ = 1.
//
// This method needs the n×n Gram matrices and their eigenvalues (gonum's
// mat.EigenSym, pure Go): memory O(n²) and time O(n³), measured at 0.4 s for
// n = 500, 5 s for n = 1000 and 40 s for n = 2000 (Layer, d = 10, two
// classes, on a loaded 2-core machine). Above MaxN samples (2048 by default)
// it returns ErrParam instead; subsample the probe set. For labels only the
// class blocks of the joint matrix are decomposed (Σ n_c³, not n³).
type Renyi struct {
	// Alpha is the order α > 0; zero means DefaultRenyiAlpha (1.01).
	Alpha float64
	// Sigma is the Gaussian kernel width σ (in data units) for continuous
	// variables; zero means Silverman's rule per variable.
	Sigma float64
	// MaxN caps the sample count (zero: DefaultRenyiMaxN).
	MaxN int
	// Workers bounds the goroutines filling the Gram matrices
	// (0 = GOMAXPROCS); the result does not depend on it.
	Workers int
}

var (
	_ LayerEstimator = Renyi{}
	_ LabelEstimator = Renyi{}
	_ Estimator      = Renyi{}
)

// Name returns "renyi".
func (Renyi) Name() string { return "renyi" }

func (e Renyi) alpha() (float64, error) {
	a := e.Alpha
	if a == 0 {
		a = DefaultRenyiAlpha
	}
	if !(a > 0) || math.IsInf(a, 0) {
		return 0, ipParamErr("Renyi: Alpha = %v, need a finite value > 0", a)
	}
	return a, nil
}

// gram validates x and returns its Gaussian Gram matrix K (diagonal 1).
func (e Renyi) gram(name string, m mat.Matrix) (*mat.SymDense, error) {
	x, n, d, err := ipFlatten(name, m, 2)
	if err != nil {
		return nil, err
	}
	maxN := e.MaxN
	if maxN == 0 {
		maxN = DefaultRenyiMaxN
	}
	if n > maxN {
		return nil, fmt.Errorf("Renyi: %s has %d samples, above MaxN = %d (the method needs n×n matrices and O(n³) eigenvalues; subsample): %w", name, n, maxN, check.ErrParam)
	}
	sigma := e.Sigma
	if sigma == 0 {
		sigma = renyiSilverman(x, n, d)
		if math.IsInf(sigma, 0) || math.IsNaN(sigma) {
			return nil, fmt.Errorf("Renyi: the spread of %s overflows float64, so Silverman's width is not finite; rescale the data or set Sigma: %w", name, check.ErrRange)
		}
	}
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return nil, ipParamErr("Renyi: Sigma = %v, need a finite value > 0", sigma)
	}
	s := 1 / (2 * sigma * sigma)
	k := mat.NewSymDense(n, nil)
	raw := k.RawSymmetric()
	parallel.Blocks(n, 64, e.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			xi := x[i*d : i*d+d]
			row := raw.Data[i*raw.Stride : i*raw.Stride+n]
			row[i] = 1
			for j := i + 1; j < n; j++ {
				var d2 float64
				for c, v := range x[j*d : j*d+d] {
					t := xi[c] - v
					d2 += t * t
				}
				row[j] = math.Exp(-s * d2)
			}
		}
	})
	return k, nil
}

// renyiSilverman is σ = s·(4/(3n))^{1/5}/√2 with s² the mean column variance.
func renyiSilverman(x []float64, n, d int) float64 {
	s := math.Sqrt(bandwidth.MeanVariance(x, n, d))
	if s == 0 {
		return 1
	}
	return s * math.Pow(4/(3*float64(n)), 0.2) / math.Sqrt2
}

// Entropy returns S_α of the samples x (n×d) with the Gaussian kernel, in
// nats.
func (e Renyi) Entropy(x mat.Matrix) (float64, error) {
	a, err := e.alpha()
	if err != nil {
		return 0, err
	}
	k, err := e.gram("x", x)
	if err != nil {
		return 0, err
	}
	return renyiGramEntropy(k, a)
}

// MI returns I_α(X;Y) in nats with Gaussian kernels on both.
func (e Renyi) MI(x, y mat.Matrix) (float64, error) {
	a, err := e.alpha()
	if err != nil {
		return 0, err
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return 0, err
	}
	kx, err := e.gram("x", x)
	if err != nil {
		return 0, err
	}
	ky, err := e.gram("y", y)
	if err != nil {
		return 0, err
	}
	return renyiGramMI(kx, ky, a)
}

// MILabels returns I_α(T;Y) in nats, Gaussian kernel on t, delta kernel on
// the labels y.
func (e Renyi) MILabels(t mat.Matrix, y []int) (float64, error) {
	a, err := e.alpha()
	if err != nil {
		return 0, err
	}
	kt, err := e.gram("t", t)
	if err != nil {
		return 0, err
	}
	st, err := renyiGramEntropy(kt, a)
	if err != nil {
		return 0, err
	}
	sy, sty, err := renyiLabelTerms(kt, y, a)
	if err != nil {
		return 0, err
	}
	return ipNonNeg(st + sy - sty), nil
}

// Layer returns I(X;T) = S_α(T) (X the sample identity) and I_α(T;Y) in
// nats (nil y gives I(T;Y) = 0).
func (e Renyi) Layer(t mat.Matrix, y []int) (Layer, error) {
	a, err := e.alpha()
	if err != nil {
		return Layer{}, err
	}
	kt, err := e.gram("t", t)
	if err != nil {
		return Layer{}, err
	}
	st, err := renyiGramEntropy(kt, a)
	if err != nil {
		return Layer{}, err
	}
	if y == nil {
		return Layer{IXT: st}, nil
	}
	sy, sty, err := renyiLabelTerms(kt, y, a)
	if err != nil {
		return Layer{}, err
	}
	return Layer{IXT: st, ITY: ipNonNeg(st + sy - sty)}, nil
}

// RenyiGramEntropy returns S_α (nats) of a symmetric positive semidefinite
// Gram matrix k with positive diagonal, after the normalisation
// A_ij = K_ij/√(K_ii·K_jj)/n. O(n³).
func RenyiGramEntropy(k mat.Symmetric, alpha float64) (float64, error) {
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return 0, ipParamErr("Renyi: alpha = %v, need a finite value > 0", alpha)
	}
	if err := check.Finite("k", k); err != nil {
		return 0, err
	}
	return renyiGramEntropy(k, alpha)
}

// RenyiGramMI returns I_α = S_α(A) + S_α(B) − S_α(A∘B/tr) in nats for two
// n×n Gram matrices of the same samples (normalised as in RenyiGramEntropy).
// O(n³): three symmetric eigenvalue decompositions.
func RenyiGramMI(ka, kb mat.Symmetric, alpha float64) (float64, error) {
	if err := check.NotNil("ka", ka, "kb", kb); err != nil {
		return 0, err
	}
	if ka.SymmetricDim() != kb.SymmetricDim() {
		return 0, fmt.Errorf("Renyi: Gram matrices %d and %d: %w", ka.SymmetricDim(), kb.SymmetricDim(), check.ErrShape)
	}
	if !(alpha > 0) || math.IsInf(alpha, 0) {
		return 0, ipParamErr("Renyi: alpha = %v, need a finite value > 0", alpha)
	}
	if err := check.Finite("ka", ka); err != nil {
		return 0, err
	}
	if err := check.Finite("kb", kb); err != nil {
		return 0, err
	}
	return renyiGramMI(ka, kb, alpha)
}

func renyiGramMI(ka, kb mat.Symmetric, alpha float64) (float64, error) {
	sa, err := renyiGramEntropy(ka, alpha)
	if err != nil {
		return 0, err
	}
	sb, err := renyiGramEntropy(kb, alpha)
	if err != nil {
		return 0, err
	}
	sab, err := renyiGramEntropy(renyiHadamard(ka, kb), alpha)
	if err != nil {
		return 0, err
	}
	return ipNonNeg(sa + sb - sab), nil
}

func renyiHadamard(a, b mat.Symmetric) *mat.SymDense {
	n := a.SymmetricDim()
	h := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			h.SetSym(i, j, a.At(i, j)*b.At(i, j))
		}
	}
	return h
}

// renyiGramEntropy normalises k and returns S_α in nats.
func renyiGramEntropy(k mat.Symmetric, alpha float64) (float64, error) {
	n := k.SymmetricDim()
	if n == 0 {
		return 0, fmt.Errorf("Renyi: empty Gram matrix: %w", check.ErrTooFewSamples)
	}
	a, err := renyiNormalise(k, float64(n))
	if err != nil {
		return 0, err
	}
	if alpha == 2 {
		// Σλ² = ‖A‖_F²
		var s float64
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				v := a.At(i, j)
				s += v * v
			}
		}
		return -math.Log(s), nil
	}
	lam, err := renyiEigenvalues(a)
	if err != nil {
		return 0, err
	}
	return renyiFromEigenvalues(lam, alpha), nil
}

// renyiNormalise returns A_ij = K_ij/√(K_ii·K_jj)/m.
func renyiNormalise(k mat.Symmetric, m float64) (*mat.SymDense, error) {
	n := k.SymmetricDim()
	dg := make([]float64, n)
	for i := range dg {
		dg[i] = k.At(i, i)
		if !(dg[i] > 0) {
			return nil, fmt.Errorf("Renyi: Gram diagonal %d is %v, need > 0: %w", i, dg[i], check.ErrNotPSD)
		}
		dg[i] = math.Sqrt(dg[i])
	}
	a := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			a.SetSym(i, j, k.At(i, j)/(dg[i]*dg[j]*m))
		}
	}
	return a, nil
}

func renyiEigenvalues(a mat.Symmetric) ([]float64, error) {
	var eig mat.EigenSym
	if !eig.Factorize(a, false) {
		return nil, fmt.Errorf("Renyi: eigendecomposition failed: %w", check.ErrNoConvergence)
	}
	return eig.Values(nil), nil
}

// renyiFromEigenvalues is S_α = ln(Σ|λ|^α)/(1−α) (α = 1: −Σ λ ln λ).
func renyiFromEigenvalues(lam []float64, alpha float64) float64 {
	if alpha == 1 {
		var h float64
		for _, l := range lam {
			if l = math.Abs(l); l > 0 {
				h -= l * math.Log(l)
			}
		}
		return h
	}
	var s float64
	for _, l := range lam {
		s += math.Pow(math.Abs(l), alpha)
	}
	return math.Log(s) / (1 - alpha)
}

// renyiLabelTerms returns S_α(Y) and S_α(T,Y) for the Gram matrix kt of T
// and labels y without n×n eigenproblems for the labels: the delta kernel
// gives S_α(Y) = ln(Σ_c p_c^α)/(1−α), and the normalised Hadamard product
// (K_T∘δ)/n is block diagonal over the classes, so its eigenvalues are those
// of the blocks K_T[c,c]/n. Time Σ_c n_c³ instead of n³.
func renyiLabelTerms(kt *mat.SymDense, y []int, alpha float64) (sy, sty float64, err error) {
	n := kt.SymmetricDim()
	y, nc, counts, err := ipLabels(y, n)
	if err != nil {
		return 0, 0, err
	}
	members := make([][]int, nc)
	for i, c := range y {
		members[c] = append(members[c], i)
	}
	var lam []float64
	py := make([]float64, 0, nc)
	for c, idx := range members {
		if len(idx) == 0 {
			continue
		}
		py = append(py, float64(counts[c])/float64(n))
		blk := mat.NewSymDense(len(idx), nil)
		for a, i := range idx {
			for b := a; b < len(idx); b++ {
				blk.SetSym(a, b, kt.At(i, idx[b]))
			}
		}
		an, err := renyiNormalise(blk, float64(n))
		if err != nil {
			return 0, 0, err
		}
		l, err := renyiEigenvalues(an)
		if err != nil {
			return 0, 0, err
		}
		lam = append(lam, l...)
	}
	return renyiFromEigenvalues(py, alpha), renyiFromEigenvalues(lam, alpha), nil
}
