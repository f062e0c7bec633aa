package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Pair is a joint distribution of (X, Y) with exactly known mutual information (nats).
//
// Sample draws n independent pairs: x is n×dx, y is n×dy, row i of x and row
// i of y form one draw. The same rng state gives the same sample.
type Pair interface {
	// Name is a short identifier used in tables and file names.
	Name() string
	// Dims are the dimensions of X and Y.
	Dims() (dx, dy int)
	// MI is the exact mutual information I(X;Y) in nats.
	MI() float64
	// Sample draws n paired rows (x is n×dx, y is n×dy) from rng.
	Sample(n int, rng *rand.Rand) (x, y *mat.Dense)
}

// PointwiseMI is implemented by the pairs with closed-form densities:
// PMI(x, y) = log p(x, y) − log p(x) − log p(y) in nats, for one draw. Its mean
// over the distribution is the mutual information, which is how the tests
// check each closed form by Monte Carlo.
type PointwiseMI interface {
	// PMI returns log p(x, y) − log p(x) − log p(y) in nats.
	PMI(x, y []float64) float64
}

// Multinormal is a jointly Gaussian (X, Y) with covariance
//
//	Σ = [Σ_XX Σ_XY; Σ_YX Σ_YY],
//	I(X;Y) = ½ log(det Σ_XX · det Σ_YY / det Σ) = −½ Σ_i log(1 − ρ_i²)
//
// (ρ_i the canonical correlations), in nats.
type Multinormal struct {
	name   string
	dx, dy int
	joint  *Gaussian
	mx, my *Gaussian // marginals
	mi     float64
}

// NewMultinormal returns the zero-mean Gaussian pair with joint covariance cov
// ((dx+dy)×(dx+dy), X first). cov must be positive definite.
func NewMultinormal(dx, dy int, cov mat.Symmetric) (*Multinormal, error) {
	if dx < 1 || dy < 1 || cov.SymmetricDim() != dx+dy {
		return nil, fmt.Errorf("synth: multinormal %d×%d needs a %d×%d covariance, got %d×%d: %w",
			dx, dy, dx+dy, dx+dy, cov.SymmetricDim(), cov.SymmetricDim(), check.ErrShape)
	}
	joint, err := NewGaussian(nil, cov)
	if err != nil {
		return nil, err
	}
	sxx := mat.NewSymDense(dx, nil)
	syy := mat.NewSymDense(dy, nil)
	for i := 0; i < dx; i++ {
		for j := i; j < dx; j++ {
			sxx.SetSym(i, j, cov.At(i, j))
		}
	}
	for i := 0; i < dy; i++ {
		for j := i; j < dy; j++ {
			syy.SetSym(i, j, cov.At(dx+i, dx+j))
		}
	}
	mx, err := NewGaussian(nil, sxx)
	if err != nil {
		return nil, err
	}
	my, err := NewGaussian(nil, syy)
	if err != nil {
		return nil, err
	}
	m := &Multinormal{
		name: fmt.Sprintf("normal-%dx%d", dx, dy),
		dx:   dx, dy: dy, joint: joint, mx: mx, my: my,
		mi: 0.5 * (mx.logDet + my.logDet - joint.logDet),
	}
	if m.mi < 0 { // rounding on an independent pair
		m.mi = 0
	}
	return m, nil
}

// BivariateNormal returns the standard bivariate normal with correlation rho,
// |rho| < 1: I = −½ log(1 − ρ²). ρ = 0.9 gives 0.8303656.
func BivariateNormal(rho float64) (*Multinormal, error) {
	if !(math.Abs(rho) < 1) {
		return nil, fmt.Errorf("synth: correlation %v, need |ρ| < 1: %w", rho, check.ErrParam)
	}
	m, err := NewMultinormal(1, 1, mat.NewSymDense(2, []float64{1, rho, rho, 1}))
	if err != nil {
		return nil, err
	}
	m.name = fmt.Sprintf("normal-1x1-rho%g", rho)
	m.mi = -0.5 * math.Log1p(-rho*rho)
	return m, nil
}

// GaussianChannel returns X ~ N(0,1), Y = X + N with N ~ N(0, 1/snr)
// independent: I = ½ log(1 + snr).
func GaussianChannel(snr float64) (*Multinormal, error) {
	if !(snr > 0) || math.IsInf(snr, 0) {
		return nil, fmt.Errorf("synth: SNR %v, need a finite value > 0: %w", snr, check.ErrParam)
	}
	m, err := NewMultinormal(1, 1, mat.NewSymDense(2, []float64{1, 1, 1, 1 + 1/snr}))
	if err != nil {
		return nil, err
	}
	m.name = fmt.Sprintf("gaussian-channel-snr%g", snr)
	m.mi = 0.5 * math.Log1p(snr)
	return m, nil
}

// DenseNormal returns the equicorrelated Gaussian pair of the bmi benchmark
// ("multinormal dense"): unit variances and correlation rho between every two
// of the dx+dy coordinates. With ld(n) = (n−1)·log(1−ρ) + log(1+(n−1)ρ),
//
//	I = ½ [ld(dx) + ld(dy) − ld(dx+dy)].
//
// rho must lie in (−1/(dx+dy−1), 1). 2×2 at ρ = 0.5 gives 0.29389333245.
func DenseNormal(dx, dy int, rho float64) (*Multinormal, error) {
	d := dx + dy
	if dx < 1 || dy < 1 {
		return nil, fmt.Errorf("synth: dense normal %d×%d, need dimensions ≥ 1: %w", dx, dy, check.ErrParam)
	}
	if !(rho < 1 && rho > -1/float64(d-1)) {
		return nil, fmt.Errorf("synth: equicorrelation %v is not positive definite in %d dimensions: %w", rho, d, check.ErrNotPSD)
	}
	cov := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			v := rho
			if i == j {
				v = 1
			}
			cov.SetSym(i, j, v)
		}
	}
	m, err := NewMultinormal(dx, dy, cov)
	if err != nil {
		return nil, err
	}
	ld := func(n int) float64 { return float64(n-1)*math.Log1p(-rho) + math.Log1p(float64(n-1)*rho) }
	m.name = fmt.Sprintf("normal-dense-%dx%d-rho%g", dx, dy, rho)
	m.mi = 0.5 * (ld(dx) + ld(dy) - ld(d))
	return m, nil
}

// SparseNormal returns the sparse Gaussian pair of the bmi benchmark
// ("multinormal 2-pair", SparseLVMParametrization with β = 0, ε = 1, η = λ):
// the first `pairs` coordinates X_i, Y_i share a latent Z_i with weight
// lambda, so corr(X_i, Y_i) = λ²/(1+λ²); every other correlation is zero and
// all variances are 1 (the correlation matrix is used). Hence
//
//	I = −pairs·½·log(1 − (λ²/(1+λ²))²),
//
// independent of dx and dy. bmi uses pairs = 2, λ = 2: I = −log(0.36) = 1.0216512475.
func SparseNormal(dx, dy, pairs int, lambda float64) (*Multinormal, error) {
	if dx < 1 || dy < 1 || pairs < 0 || pairs > min(dx, dy) {
		return nil, fmt.Errorf("synth: sparse normal %d×%d with %d pairs, need 0 ≤ pairs ≤ min(dx, dy): %w", dx, dy, pairs, check.ErrParam)
	}
	if math.IsNaN(lambda) || math.IsInf(lambda, 0) {
		return nil, fmt.Errorf("synth: sparse normal strength λ = %v: %w", lambda, check.ErrParam)
	}
	rho := lambda * lambda / (1 + lambda*lambda)
	cov := identity(dx + dy)
	for i := 0; i < pairs; i++ {
		cov.SetSym(i, dx+i, rho)
	}
	m, err := NewMultinormal(dx, dy, cov)
	if err != nil {
		return nil, err
	}
	m.name = fmt.Sprintf("normal-sparse-%dx%d", dx, dy)
	m.mi = -0.5 * float64(pairs) * math.Log1p(-rho*rho)
	return m, nil
}

// Name implements Pair.
func (m *Multinormal) Name() string { return m.name }

// Dims implements Pair.
func (m *Multinormal) Dims() (dx, dy int) { return m.dx, m.dy }

// MI returns ½ log(det Σ_XX det Σ_YY / det Σ) in nats.
func (m *Multinormal) MI() float64 { return m.mi }

// Covariance returns a copy of the joint covariance Σ (X coordinates first).
func (m *Multinormal) Covariance() *mat.SymDense {
	var s mat.SymDense
	s.SymOuterK(1, m.joint.lower)
	return &s
}

// Sample implements Pair.
func (m *Multinormal) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	return split(m.joint.Sample(n, rng), m.dx)
}

// PMI implements PointwiseMI.
func (m *Multinormal) PMI(x, y []float64) float64 {
	return m.joint.LogProb(concat(x, y)) - m.mx.LogProb(x) - m.my.LogProb(y)
}

// StudentTPair is a multivariate Student-t (X, Y) with ν degrees of freedom
// and dispersion Σ (X coordinates first). With h_ν(k) the entropy of the
// standard k-dimensional t (StudentTEntropy),
//
//	I(X;Y) = I_Gauss(Σ) + h_ν(dx) + h_ν(dy) − h_ν(dx+dy),
//
// where I_Gauss(Σ) = ½ log(det Σ_XX det Σ_YY / det Σ). The second part is > 0
// even for Σ = I, where X and Y are uncorrelated but dependent: a
// correlation-based (Gaussian, CCA) estimator returns ≈ 0 there. This is the
// entropy form of Arellano-Valle et al. (2013); their final MI expression has
// a slip, see the bmi benchmark (`_split_student_t.py`).
type StudentTPair struct {
	name   string
	dx, dy int
	joint  *StudentT
	mx, my *StudentT
	mi     float64
}

// NewStudentTPair returns the Student-t pair with nu > 0 degrees of freedom
// and positive definite dispersion disp ((dx+dy)×(dx+dy)); nil disp means I.
func NewStudentTPair(dx, dy int, nu float64, disp mat.Symmetric) (*StudentTPair, error) {
	if dx < 1 || dy < 1 {
		return nil, fmt.Errorf("synth: Student-t pair %d×%d, need dimensions ≥ 1: %w", dx, dy, check.ErrParam)
	}
	if disp == nil {
		disp = identity(dx + dy)
	}
	g, err := NewMultinormal(dx, dy, disp)
	if err != nil {
		return nil, err
	}
	joint, err := NewStudentT(nu, nil, disp)
	if err != nil {
		return nil, err
	}
	mx := &StudentT{nu: nu, mu: make([]float64, dx), lower: g.mx.lower, logDet: g.mx.logDet}
	my := &StudentT{nu: nu, mu: make([]float64, dy), lower: g.my.lower, logDet: g.my.logDet}
	return &StudentTPair{
		name: fmt.Sprintf("student-t-%dx%d-nu%g", dx, dy, nu),
		dx:   dx, dy: dy, joint: joint, mx: mx, my: my,
		mi: g.mi + StudentTEntropy(dx, nu) + StudentTEntropy(dy, nu) - StudentTEntropy(dx+dy, nu),
	}, nil
}

// Name implements Pair.
func (s *StudentTPair) Name() string { return s.name }

// Dims implements Pair.
func (s *StudentTPair) Dims() (dx, dy int) { return s.dx, s.dy }

// MI returns the closed-form mutual information in nats.
func (s *StudentTPair) MI() float64 { return s.mi }

// Nu returns the degrees of freedom.
func (s *StudentTPair) Nu() float64 { return s.joint.nu }

// Sample implements Pair.
func (s *StudentTPair) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	return split(s.joint.Sample(n, rng), s.dx)
}

// PMI implements PointwiseMI (the marginals of a multivariate t are t with
// the same ν and the sub-blocks of Σ).
func (s *StudentTPair) PMI(x, y []float64) float64 {
	return s.joint.LogProb(concat(x, y)) - s.mx.LogProb(x) - s.my.LogProb(y)
}

// AdditiveUniform is X ~ U(0,1), Y = X + N with N ~ U(−ε, ε) independent of X
// (bmi's additive uniform noise). h(Y|X) = log 2ε, and h(Y) = ε for ε ≤ ½,
// log 2ε + 1/(4ε) for ε > ½, so
//
//	I = ε − log(2ε)   (ε ≤ ½),     I = 1/(4ε)   (ε > ½).
//
// ε = 0.1 gives 1.70943791243, ε = 0.75 gives ⅓.
type AdditiveUniform struct{ eps float64 }

// NewAdditiveUniform returns the additive-uniform-noise pair with half-width eps > 0.
func NewAdditiveUniform(eps float64) (*AdditiveUniform, error) {
	if !(eps > 0) || math.IsInf(eps, 0) {
		return nil, fmt.Errorf("synth: noise half-width %v, need a finite value > 0: %w", eps, check.ErrParam)
	}
	return &AdditiveUniform{eps: eps}, nil
}

// Name implements Pair.
func (a *AdditiveUniform) Name() string { return fmt.Sprintf("additive-uniform-eps%g", a.eps) }

// Dims implements Pair.
func (a *AdditiveUniform) Dims() (dx, dy int) { return 1, 1 }

// MI returns the closed form in nats.
func (a *AdditiveUniform) MI() float64 {
	if a.eps <= 0.5 {
		return a.eps - math.Log(2*a.eps)
	}
	return 1 / (4 * a.eps)
}

// Sample implements Pair.
func (a *AdditiveUniform) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	x = mat.NewDense(n, 1, nil)
	y = mat.NewDense(n, 1, nil)
	xs, ys := x.RawMatrix().Data, y.RawMatrix().Data
	for i := range xs {
		xs[i] = rng.Float64()
		ys[i] = xs[i] + a.eps*(2*rng.Float64()-1)
	}
	return x, y
}

// PMI implements PointwiseMI: p(y|x) = 1/(2ε) and p(y) = |[y−ε, y+ε] ∩ [0,1]|/(2ε),
// so PMI = −log |[y−ε, y+ε] ∩ [0,1]|.
func (a *AdditiveUniform) PMI(x, y []float64) float64 {
	lo := math.Max(y[0]-a.eps, 0)
	hi := math.Min(y[0]+a.eps, 1)
	return -math.Log(hi - lo)
}

// Independent is a pair of independent distributions, I(X;Y) = 0.
type Independent struct {
	X, Y Dist // the two marginals
	// Label, when not empty, is the name; otherwise the name is
	// "independent-<X name>-<Y name>".
	Label string
}

// Name implements Pair.
func (p Independent) Name() string {
	if p.Label != "" {
		return p.Label
	}
	return fmt.Sprintf("independent-%s-%s", p.X.Name(), p.Y.Name())
}

// Dims implements Pair.
func (p Independent) Dims() (dx, dy int) { return p.X.Dim(), p.Y.Dim() }

// MI returns 0.
func (p Independent) MI() float64 { return 0 }

// Sample draws X first, then Y, from rng.
func (p Independent) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	return p.X.Sample(n, rng), p.Y.Sample(n, rng)
}

// PMI implements PointwiseMI (identically 0).
func (p Independent) PMI(x, y []float64) float64 { return 0 }

// Map is a strictly increasing smooth map of the real line onto an interval,
// applied to every coordinate of X or Y. Such maps are diffeomorphisms onto
// their image, so they leave the mutual information unchanged:
// I(f(X); g(Y)) = I(X; Y).
type Map struct {
	Name string                // short identifier ("asinh", "wiggly", ...)
	F    func(float64) float64 // the strictly increasing map
}

// The marginal maps of the bmi benchmark. All are strictly increasing.
var (
	// Identity leaves the coordinate unchanged.
	Identity = Map{Name: "id", F: func(t float64) float64 { return t }}
	// Asinh is t ↦ asinh t (compresses heavy tails).
	Asinh = Map{Name: "asinh", F: math.Asinh}
	// HalfCube is t ↦ t·√|t| (lengthens tails).
	HalfCube = Map{Name: "half-cube", F: func(t float64) float64 { return t * math.Sqrt(math.Abs(t)) }}
	// NormalCDF is Φ(t) = ½ erfc(−t/√2): a standard normal becomes U(0,1).
	NormalCDF = Map{Name: "normal-cdf", F: func(t float64) float64 { return 0.5 * math.Erfc(-t/math.Sqrt2) }}
	// WigglyX is t + 0.4 sin t + 0.2 sin(1.7t + 1) + 0.03 sin(3.3t − 2.5)
	// (derivative ≥ 1 − 0.4 − 0.34 − 0.099 > 0).
	WigglyX = Map{Name: "wiggly", F: func(t float64) float64 {
		return t + 0.4*math.Sin(t) + 0.2*math.Sin(1.7*t+1) + 0.03*math.Sin(3.3*t-2.5)
	}}
	// WigglyY is t − 0.4 sin(0.4t) + 0.17 sin(1.3t + 3.5) + 0.02 sin(4.3t − 2.5)
	// (derivative ≥ 1 − 0.16 − 0.221 − 0.086 > 0).
	WigglyY = Map{Name: "wiggly", F: func(t float64) float64 {
		return t - 0.4*math.Sin(0.4*t) + 0.17*math.Sin(1.3*t+3.5) + 0.02*math.Sin(4.3*t-2.5)
	}}
)

// Transformed is a base pair pushed through the marginal maps FX (on every X
// coordinate) and FY (on every Y coordinate). Its MI is the base's MI.
type Transformed struct {
	name   string
	Base   Pair // the pair whose MI is kept
	FX, FY Map  // the maps applied to every coordinate of X and of Y
}

// Transform returns base pushed through fx and fy, named "<fx>-<base>" when
// fx and fy share a name and "<fx>-<fy>-<base>" otherwise.
func Transform(base Pair, fx, fy Map) *Transformed {
	name := fx.Name + "-" + base.Name()
	if fx.Name != fy.Name {
		name = fx.Name + "-" + fy.Name + "-" + base.Name()
	}
	return &Transformed{name: name, Base: base, FX: fx, FY: fy}
}

// Name implements Pair.
func (t *Transformed) Name() string { return t.name }

// Dims implements Pair.
func (t *Transformed) Dims() (dx, dy int) { return t.Base.Dims() }

// MI returns the base pair's MI (invariance under diffeomorphisms).
func (t *Transformed) MI() float64 { return t.Base.MI() }

// Sample draws from the base with rng and applies the maps.
func (t *Transformed) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	x, y = t.Base.Sample(n, rng)
	apply(x, t.FX.F)
	apply(y, t.FY.F)
	return x, y
}

// Suite returns the known-MI benchmark suite used by tests and `itlab bench
// mi`: the cheap (≤ 5×5) tasks of the bmi benchmark (Czyż et al., NeurIPS
// 2023) plus ρ = 0.9 and independent pairs. The order and names are stable.
//
//	normal-1x1-rho0.9          0.8303656 (−½ log 0.19)
//	normal-1x1-rho0.75         0.4133393
//	normal-cdf-…, half-cube-…, wiggly-… of the ρ = 0.75 pair: 0.4133393
//	additive-uniform-eps0.1    1.7094379; eps0.75: 0.3333333
//	student-t-1x1-nu1          0.2241714 (and its asinh)
//	normal-dense-2x2-rho0.5    0.2938933; 5×5: 0.5928118
//	normal-sparse-3x3, -5x5    1.0216512 (and normal-cdf / half-cube of 5×5)
//	student-t-2x2-nu2          0.1931472 (log 2 − ½); 3x3-nu3: 0.1787119
//	asinh-student-t-2x2-nu1    0.4319456
//	independent-1x1, -3x2      0
func Suite() []Pair {
	must := func(p Pair, err error) Pair {
		if err != nil {
			panic(err)
		}
		return p
	}
	rho75 := must(BivariateNormal(0.75))
	sparse5 := must(SparseNormal(5, 5, 2, 2))
	t11 := must(NewStudentTPair(1, 1, 1, nil))
	t22nu1 := must(NewStudentTPair(2, 2, 1, nil))
	u2, _ := NewUniform([]float64{0, 0}, []float64{1, 1})
	return []Pair{
		must(BivariateNormal(0.9)),
		rho75,
		Transform(rho75, NormalCDF, NormalCDF),
		Transform(rho75, HalfCube, HalfCube),
		Transform(rho75, WigglyX, WigglyY),
		must(NewAdditiveUniform(0.1)),
		must(NewAdditiveUniform(0.75)),
		t11,
		Transform(t11, Asinh, Asinh),
		must(DenseNormal(2, 2, 0.5)),
		must(DenseNormal(5, 5, 0.5)),
		must(SparseNormal(3, 3, 2, 2)),
		sparse5,
		Transform(sparse5, NormalCDF, NormalCDF),
		Transform(sparse5, HalfCube, HalfCube),
		must(NewStudentTPair(2, 2, 2, nil)),
		must(NewStudentTPair(3, 3, 3, nil)),
		Transform(t22nu1, Asinh, Asinh),
		Independent{X: StandardGaussian(1), Y: StandardGaussian(1), Label: "independent-1x1"},
		Independent{X: StandardGaussian(3), Y: u2, Label: "independent-3x2"},
	}
}

// SuitePair returns the pair of Suite() with the given name.
func SuitePair(name string) (Pair, bool) {
	for _, p := range Suite() {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

func split(xy *mat.Dense, dx int) (x, y *mat.Dense) {
	n, d := xy.Dims()
	x = mat.NewDense(n, dx, nil)
	y = mat.NewDense(n, d-dx, nil)
	for i := 0; i < n; i++ {
		row := xy.RawRowView(i)
		copy(x.RawRowView(i), row[:dx])
		copy(y.RawRowView(i), row[dx:])
	}
	return x, y
}

func concat(x, y []float64) []float64 {
	out := make([]float64, 0, len(x)+len(y))
	return append(append(out, x...), y...)
}

func apply(m *mat.Dense, f func(float64) float64) {
	r, c := m.Dims()
	for i := 0; i < r; i++ {
		row := m.RawRowView(i)[:c]
		for j, v := range row {
			row[j] = f(v)
		}
	}
}
