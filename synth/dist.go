package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/special"
)

// Dist is a distribution with exactly known differential entropy (nats).
//
// Sample draws n independent points as an n×Dim() matrix (rows are samples)
// from the injected random source; the same rng state gives the same sample.
type Dist interface {
	// Name is a short identifier used in tables and file names.
	Name() string
	// Dim is the dimension d.
	Dim() int
	// Entropy is the exact differential entropy in nats.
	Entropy() float64
	// Sample draws n points (n×d, rows are samples) from rng.
	Sample(n int, rng *rand.Rand) *mat.Dense
}

// Density is implemented by every Dist and Pair of this package that has a
// closed-form density: LogProb returns log p(x) in nats for one point x of
// length Dim() (for a Pair, the joint point (x, y)). Tests use it to check the
// closed-form truth by Monte Carlo, h = −E[log p(X)].
type Density interface {
	// LogProb returns log p(x) in nats.
	LogProb(x []float64) float64
}

// Gaussian is the multivariate normal N(μ, Σ) in d dimensions.
//
//	h = ½ log((2πe)^d det Σ)   (nats)
//
// N(0,1) has h = ½ log(2πe) = 1.4189385332046727.
type Gaussian struct {
	name   string
	mu     []float64
	chol   mat.Cholesky
	lower  *mat.TriDense // L with Σ = L·Lᵀ
	logDet float64
}

// NewGaussian returns N(mu, cov). mu may be nil (zero mean). cov must be
// symmetric positive definite; an error wraps the reason otherwise.
func NewGaussian(mu []float64, cov mat.Symmetric) (*Gaussian, error) {
	d := cov.SymmetricDim()
	if d == 0 {
		return nil, fmt.Errorf("synth: empty covariance: %w", check.ErrShape)
	}
	if mu == nil {
		mu = make([]float64, d)
	}
	if len(mu) != d {
		return nil, fmt.Errorf("synth: mean has length %d, covariance is %d×%d: %w", len(mu), d, d, check.ErrShape)
	}
	g := &Gaussian{name: fmt.Sprintf("gaussian-%dd", d), mu: append([]float64(nil), mu...)}
	if !g.chol.Factorize(cov) {
		return nil, fmt.Errorf("synth: covariance is not positive definite: %w", check.ErrNotPSD)
	}
	g.lower = mat.NewTriDense(d, mat.Lower, nil)
	g.chol.LTo(g.lower)
	g.logDet = g.chol.LogDet()
	return g, nil
}

// StandardGaussian returns N(0, I_d).
func StandardGaussian(d int) *Gaussian {
	g, err := NewGaussian(nil, identity(d))
	if err != nil {
		panic(err) // d < 1 is a programming error
	}
	return g
}

// Name implements Dist.
func (g *Gaussian) Name() string { return g.name }

// Dim implements Dist.
func (g *Gaussian) Dim() int { return len(g.mu) }

// Entropy returns ½ log((2πe)^d det Σ) in nats.
func (g *Gaussian) Entropy() float64 {
	d := float64(len(g.mu))
	return 0.5 * (d*math.Log(2*math.Pi*math.E) + g.logDet)
}

// Sample draws n points μ + L·z, z ~ N(0, I), Σ = L·Lᵀ.
func (g *Gaussian) Sample(n int, rng *rand.Rand) *mat.Dense {
	d := len(g.mu)
	out := mat.NewDense(n, d, nil)
	z := make([]float64, d)
	for i := 0; i < n; i++ {
		for j := range z {
			z[j] = rng.NormFloat64()
		}
		row := out.RawRowView(i)
		mulLower(row, g.lower, z)
		for j := range row {
			row[j] += g.mu[j]
		}
	}
	return out
}

// LogProb implements Density.
func (g *Gaussian) LogProb(x []float64) float64 {
	d := len(g.mu)
	return -0.5*(float64(d)*math.Log(2*math.Pi)+g.logDet) - 0.5*mahalanobis(g.lower, x, g.mu)
}

// Uniform is the uniform distribution on the box ∏ [lo_j, hi_j).
//
//	h = Σ_j log(hi_j − lo_j)   (nats)
type Uniform struct {
	lo, hi []float64
}

// NewUniform returns the uniform distribution on the box [lo, hi); it needs
// len(lo) = len(hi) ≥ 1 and lo_j < hi_j, all finite.
func NewUniform(lo, hi []float64) (*Uniform, error) {
	if len(lo) == 0 || len(lo) != len(hi) {
		return nil, fmt.Errorf("synth: uniform box needs len(lo) = len(hi) ≥ 1, got %d and %d: %w", len(lo), len(hi), check.ErrShape)
	}
	for j := range lo {
		if !(lo[j] < hi[j]) || math.IsInf(lo[j], 0) || math.IsInf(hi[j], 0) {
			return nil, fmt.Errorf("synth: uniform box side %d is [%v, %v): %w", j, lo[j], hi[j], check.ErrParam)
		}
	}
	return &Uniform{lo: append([]float64(nil), lo...), hi: append([]float64(nil), hi...)}, nil
}

// Name implements Dist.
func (u *Uniform) Name() string { return fmt.Sprintf("uniform-%dd", len(u.lo)) }

// Dim implements Dist.
func (u *Uniform) Dim() int { return len(u.lo) }

// Entropy returns Σ log(hi_j − lo_j) in nats.
func (u *Uniform) Entropy() float64 {
	h := 0.0
	for j := range u.lo {
		h += math.Log(u.hi[j] - u.lo[j])
	}
	return h
}

// Sample implements Dist.
func (u *Uniform) Sample(n int, rng *rand.Rand) *mat.Dense {
	d := len(u.lo)
	out := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		row := out.RawRowView(i)
		for j := range row {
			row[j] = u.lo[j] + (u.hi[j]-u.lo[j])*rng.Float64()
		}
	}
	return out
}

// LogProb implements Density (−Inf outside the box).
func (u *Uniform) LogProb(x []float64) float64 {
	for j, v := range x {
		if v < u.lo[j] || v >= u.hi[j] {
			return math.Inf(-1)
		}
	}
	return -u.Entropy()
}

// Exponential is the 1-D exponential distribution with rate λ (mean 1/λ).
//
//	h = 1 − log λ   (nats)
type Exponential struct{ rate float64 }

// NewExponential returns Exp(rate); rate must be finite and > 0.
func NewExponential(rate float64) (*Exponential, error) {
	if !(rate > 0) || math.IsInf(rate, 0) {
		return nil, fmt.Errorf("synth: exponential rate %v, need a finite value > 0: %w", rate, check.ErrParam)
	}
	return &Exponential{rate: rate}, nil
}

// Name implements Dist.
func (e *Exponential) Name() string { return fmt.Sprintf("exponential-rate%g", e.rate) }

// Dim implements Dist.
func (e *Exponential) Dim() int { return 1 }

// Entropy returns 1 − log λ in nats.
func (e *Exponential) Entropy() float64 { return 1 - math.Log(e.rate) }

// Sample implements Dist.
func (e *Exponential) Sample(n int, rng *rand.Rand) *mat.Dense {
	out := mat.NewDense(n, 1, nil)
	raw := out.RawMatrix().Data
	for i := range raw {
		raw[i] = rng.ExpFloat64() / e.rate
	}
	return out
}

// LogProb implements Density.
func (e *Exponential) LogProb(x []float64) float64 {
	if x[0] < 0 {
		return math.Inf(-1)
	}
	return math.Log(e.rate) - e.rate*x[0]
}

// Laplace is the 1-D Laplace (double exponential) distribution with location
// μ and scale b, density exp(−|x−μ|/b)/(2b).
//
//	h = 1 + log(2b)   (nats)
type Laplace struct{ mu, b float64 }

// NewLaplace returns Laplace(mu, b); b must be finite and > 0.
func NewLaplace(mu, b float64) (*Laplace, error) {
	if !(b > 0) || math.IsInf(b, 0) || math.IsNaN(mu) || math.IsInf(mu, 0) {
		return nil, fmt.Errorf("synth: Laplace(μ=%v, b=%v), need finite μ and b > 0: %w", mu, b, check.ErrParam)
	}
	return &Laplace{mu: mu, b: b}, nil
}

// Name implements Dist.
func (l *Laplace) Name() string { return fmt.Sprintf("laplace-b%g", l.b) }

// Dim implements Dist.
func (l *Laplace) Dim() int { return 1 }

// Entropy returns 1 + log(2b) in nats.
func (l *Laplace) Entropy() float64 { return 1 + math.Log(2*l.b) }

// Sample implements Dist.
func (l *Laplace) Sample(n int, rng *rand.Rand) *mat.Dense {
	out := mat.NewDense(n, 1, nil)
	raw := out.RawMatrix().Data
	for i := range raw {
		e := rng.ExpFloat64() * l.b
		if rng.Uint64()&1 == 0 {
			e = -e
		}
		raw[i] = l.mu + e
	}
	return out
}

// LogProb implements Density.
func (l *Laplace) LogProb(x []float64) float64 {
	return -math.Log(2*l.b) - math.Abs(x[0]-l.mu)/l.b
}

// StudentT is the k-dimensional Student-t distribution with ν degrees of
// freedom, location μ and dispersion (scale) matrix Σ — not the covariance,
// which is ν/(ν−2)·Σ for ν > 2 and undefined otherwise. X = μ + Z/√(W/ν)
// with Z ~ N(0, Σ) and W ~ χ²_ν independent. ν = 1, k = 1 is the Cauchy
// distribution.
//
//	h = h_ν(k) + ½ log det Σ,
//	h_ν(k) = −log Γ((ν+k)/2) + log Γ(ν/2) + (k/2) log(νπ)
//	         + ((ν+k)/2)·[ψ((ν+k)/2) − ψ(ν/2)]
//
// (Arellano-Valle, Contreras-Reyes & Genton 2013, Eq. 7; ψ the digamma
// function). The standard Cauchy has h = log 4π.
type StudentT struct {
	name   string
	nu     float64
	mu     []float64
	lower  *mat.TriDense
	logDet float64
}

// NewStudentT returns the Student-t with nu > 0 degrees of freedom, location
// mu (nil for zero) and positive definite dispersion disp.
func NewStudentT(nu float64, mu []float64, disp mat.Symmetric) (*StudentT, error) {
	if !(nu > 0) || math.IsInf(nu, 0) {
		return nil, fmt.Errorf("synth: Student-t with ν = %v, need a finite ν > 0: %w", nu, check.ErrParam)
	}
	g, err := NewGaussian(mu, disp)
	if err != nil {
		return nil, err
	}
	return &StudentT{
		name:  fmt.Sprintf("student-t-%dd-nu%g", len(g.mu), nu),
		nu:    nu,
		mu:    g.mu,
		lower: g.lower, logDet: g.logDet,
	}, nil
}

// Cauchy returns the 1-D Cauchy distribution with location 0 and scale s
// (Student-t with ν = 1); h = log(4πs).
func Cauchy(s float64) (*StudentT, error) {
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("synth: Cauchy scale %v, need a finite value > 0: %w", s, check.ErrParam)
	}
	t, err := NewStudentT(1, nil, mat.NewSymDense(1, []float64{s * s}))
	if err != nil {
		return nil, err
	}
	t.name = fmt.Sprintf("cauchy-s%g", s)
	return t, nil
}

// Name implements Dist.
func (t *StudentT) Name() string { return t.name }

// Dim implements Dist.
func (t *StudentT) Dim() int { return len(t.mu) }

// Nu returns the degrees of freedom.
func (t *StudentT) Nu() float64 { return t.nu }

// Entropy returns h_ν(k) + ½ log det Σ in nats.
func (t *StudentT) Entropy() float64 {
	return StudentTEntropy(len(t.mu), t.nu) + 0.5*t.logDet
}

// Sample implements Dist.
func (t *StudentT) Sample(n int, rng *rand.Rand) *mat.Dense {
	d := len(t.mu)
	out := mat.NewDense(n, d, nil)
	z := make([]float64, d)
	chi := distuv.ChiSquared{K: t.nu, Src: rng}
	for i := 0; i < n; i++ {
		for j := range z {
			z[j] = rng.NormFloat64()
		}
		s := math.Sqrt(t.nu / chi.Rand())
		row := out.RawRowView(i)
		mulLower(row, t.lower, z)
		for j := range row {
			row[j] = t.mu[j] + s*row[j]
		}
	}
	return out
}

// LogProb implements Density:
// log Γ((ν+k)/2) − log Γ(ν/2) − (k/2) log(νπ) − ½ log det Σ − ((ν+k)/2) log(1 + δ²/ν).
func (t *StudentT) LogProb(x []float64) float64 {
	return studentTLogProb(t.nu, t.lower, t.logDet, t.mu, x)
}

func studentTLogProb(nu float64, lower *mat.TriDense, logDet float64, mu, x []float64) float64 {
	k := float64(len(mu))
	a, _ := math.Lgamma((nu + k) / 2)
	b, _ := math.Lgamma(nu / 2)
	m := mahalanobis(lower, x, mu)
	return a - b - k/2*math.Log(nu*math.Pi) - 0.5*logDet - (nu+k)/2*math.Log1p(m/nu)
}

// StudentTEntropy returns h_ν(k), the differential entropy in nats of the
// standard k-dimensional Student-t with ν degrees of freedom (identity
// dispersion, zero location):
//
//	h_ν(k) = −log Γ((ν+k)/2) + log Γ(ν/2) + (k/2) log(νπ) + ((ν+k)/2)·[ψ((ν+k)/2) − ψ(ν/2)].
//
// This is Eq. 7 of Arellano-Valle, Contreras-Reyes & Genton (2013). Their
// closing formula for the mutual information has a slip (noted by the bmi
// benchmark); MI is computed here from these entropies instead.
func StudentTEntropy(k int, nu float64) float64 {
	kk := float64(k)
	half := (nu + kk) / 2
	a, _ := math.Lgamma(half)
	b, _ := math.Lgamma(nu / 2)
	return -a + b + kk/2*math.Log(nu*math.Pi) + half*(special.Digamma(half)-special.Digamma(nu/2))
}

// EntropySuite returns the known-entropy cases used by the entropy tests and
// benchmarks: Gaussians (1-D, correlated 3-D), uniform boxes, exponential,
// Laplace, Cauchy and a 2-D Student-t.
func EntropySuite() []Dist {
	must := func(d Dist, err error) Dist {
		if err != nil {
			panic(err)
		}
		return d
	}
	cov3 := mat.NewSymDense(3, []float64{
		2, 0.6, -0.3,
		0.6, 1, 0.4,
		-0.3, 0.4, 0.5,
	})
	g3, err := NewGaussian([]float64{1, -2, 0.5}, cov3)
	if err != nil {
		panic(err)
	}
	g3.name = "gaussian-3d-correlated"
	t2, err := NewStudentT(3, nil, mat.NewSymDense(2, []float64{1, 0.5, 0.5, 2}))
	if err != nil {
		panic(err)
	}
	return []Dist{
		StandardGaussian(1),
		g3,
		must(NewUniform([]float64{0}, []float64{1})),
		must(NewUniform([]float64{-1, 0, 2}, []float64{1, 0.5, 5})),
		must(NewExponential(2)),
		must(NewLaplace(0, 1.5)),
		must(Cauchy(1)),
		t2,
	}
}

// identity returns I_d as a SymDense.
func identity(d int) *mat.SymDense {
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		s.SetSym(i, i, 1)
	}
	return s
}

// mulLower sets dst = L·z for a lower-triangular L.
func mulLower(dst []float64, l *mat.TriDense, z []float64) {
	raw := l.RawTriangular()
	for i := range dst {
		row := raw.Data[i*raw.Stride : i*raw.Stride+i+1]
		s := 0.0
		for j, v := range row {
			s += v * z[j]
		}
		dst[i] = s
	}
}

// mahalanobis returns (x−μ)ᵀ Σ⁻¹ (x−μ) with Σ = L·Lᵀ, by forward substitution.
func mahalanobis(l *mat.TriDense, x, mu []float64) float64 {
	raw := l.RawTriangular()
	d := len(mu)
	var buf [16]float64
	w := buf[:0]
	if d <= len(buf) {
		w = buf[:d]
	} else {
		w = make([]float64, d)
	}
	s := 0.0
	for i := 0; i < d; i++ {
		row := raw.Data[i*raw.Stride:]
		v := x[i] - mu[i]
		for j := 0; j < i; j++ {
			v -= row[j] * w[j]
		}
		v /= row[i]
		w[i] = v
		s += v * v
	}
	return s
}
