package inductivebias

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Data is a labelled train/test split. Rows are samples; labels are class
// indices 0..Classes-1. Hypotheses are scored on the test set against one-hot
// targets with the mean squared error, as in the reference code.
type Data struct {
	TrainX  *mat.Dense // n_train×d inputs
	TrainY  []int      // n_train labels in [0, Classes)
	TestX   *mat.Dense // n_test×d inputs
	TestY   []int      // n_test labels in [0, Classes)
	Classes int        // number of classes (outputs of a hypothesis)
	// TrainT and TestT, when both set, are real-valued targets (n×outputs)
	// that replace the one-hot labels, for regression tasks such as the
	// teacher family (targets = the teacher's outputs).
	TrainT, TestT *mat.Dense
}

// targets returns the train and test target matrices: TrainT/TestT when
// set, else the one-hot labels.
func (d Data) targets() (train, test *mat.Dense) {
	if d.TrainT != nil && d.TestT != nil {
		return d.TrainT, d.TestT
	}
	return oneHot(d.TrainY, d.Classes), oneHot(d.TestY, d.Classes)
}

func (d Data) validate() error {
	if d.TrainX == nil || d.TestX == nil {
		return fmt.Errorf("data: missing train or test inputs: %w", check.ErrShape)
	}
	if err := check.Samples("train inputs", d.TrainX, 2); err != nil {
		return err
	}
	if err := check.Samples("test inputs", d.TestX, 1); err != nil {
		return err
	}
	if err := check.SameCols("train inputs", d.TrainX, "test inputs", d.TestX); err != nil {
		return err
	}
	ntr, _ := d.TrainX.Dims()
	nte, _ := d.TestX.Dims()
	c1, err := check.Labels("train labels", d.TrainY, ntr)
	if err != nil {
		return err
	}
	c2, err := check.Labels("test labels", d.TestY, nte)
	if err != nil {
		return err
	}
	if d.Classes < 2 || c1 > d.Classes || c2 > d.Classes {
		return fmt.Errorf("data: %d classes declared, labels need %d: %w", d.Classes, max(c1, c2), check.ErrLabels)
	}
	if (d.TrainT == nil) != (d.TestT == nil) {
		return fmt.Errorf("data: set both train and test targets or neither: %w", check.ErrShape)
	}
	if d.TrainT != nil {
		if err := check.SameRows("train inputs", d.TrainX, "train targets", d.TrainT); err != nil {
			return err
		}
		if err := check.SameRows("test inputs", d.TestX, "test targets", d.TestT); err != nil {
			return err
		}
		if err := check.SameCols("train targets", d.TrainT, "test targets", d.TestT); err != nil {
			return err
		}
		if err := check.Finite("train targets", d.TrainT); err != nil {
			return err
		}
		if err := check.Finite("test targets", d.TestT); err != nil {
			return err
		}
	}
	return nil
}

// Space is a hypothesis space: a way to draw hypotheses that fit the training
// data and report each one's test loss (the MSE against the test targets:
// one-hot labels, or Data.TestT).
type Space interface {
	// Name identifies the space in output ("gp-rbf", "mlp", ...).
	Name() string
	// Losses draws n hypotheses and returns their test MSE against one-hot targets.
	Losses(d Data, n int, seed uint64) ([]float64, error)
}

// GP is the Gaussian-process hypothesis space of Boopathy et al. (2024): the
// posterior of a zero-mean GP with the given kernel conditioned without noise
// on the training set. A sample's test outputs are
//
//	f = K*ᵀK⁻¹Y + chol(K** − K*ᵀK⁻¹K*)·ξ,  ξ ~ N(0, I) (n_test × classes),
//
// so its test MSE is exactly a scaled quadratic form in Gaussians. The
// reference fits α and A by gradient descent; here they are solved exactly
// by Cholesky factorisation with a small diagonal jitter (Jitter, relative
// to the mean diagonal; 1e-8 when zero, raised ×10 until the factorisation
// succeeds). Cost: O(n_train³ + n_test³ + n·n_test²·classes).
type GP struct {
	// Kernel is the prior covariance; nil means RBF{Sigma: 1}, the
	// reference code's kernel.
	Kernel Kernel
	// Jitter is the diagonal jitter relative to the mean diagonal (0 means
	// 1e-8).
	Jitter float64
}

// Name returns "gp-" and the kernel name.
func (g GP) Name() string { return "gp-" + g.kernel().Name() }

func (g GP) kernel() Kernel {
	if g.Kernel == nil {
		return RBF{Sigma: 1}
	}
	return g.Kernel
}

// Losses samples n GP-posterior hypotheses and returns their test MSE.
func (g GP) Losses(d Data, n int, seed uint64) ([]float64, error) {
	if err := d.validate(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("samples = %d, need ≥ 1: %w", n, check.ErrParam)
	}
	k := g.kernel()
	ntr, _ := d.TrainX.Dims()
	nte, _ := d.TestX.Dims()
	y, yte := d.targets()
	_, C := y.Dims()
	ktt := k.Gram(d.TrainX, d.TrainX)
	chol, err := cholJitter(ktt, g.Jitter)
	if err != nil {
		return nil, fmt.Errorf("train kernel: %w", err)
	}
	ks := k.Gram(d.TrainX, d.TestX) // ntr×nte
	var alpha, a mat.Dense
	if err := chol.SolveTo(&alpha, y); err != nil {
		return nil, fmt.Errorf("solve train targets: %w", err)
	}
	if err := chol.SolveTo(&a, ks); err != nil {
		return nil, fmt.Errorf("solve cross kernel: %w", err)
	}
	var mean mat.Dense
	mean.Mul(ks.T(), &alpha) // nte×C
	cov := k.Gram(d.TestX, d.TestX)
	var red mat.Dense
	red.Mul(ks.T(), &a)
	cov.Sub(cov, &red)
	// Symmetrise the round-off before factorising.
	for i := 0; i < nte; i++ {
		for j := i + 1; j < nte; j++ {
			v := (cov.At(i, j) + cov.At(j, i)) / 2
			cov.Set(i, j, v)
			cov.Set(j, i, v)
		}
	}
	cc, err := cholJitter(cov, g.Jitter)
	if err != nil {
		return nil, fmt.Errorf("posterior covariance: %w", err)
	}
	var L mat.TriDense
	cc.LTo(&L)
	// Residual of the mean against the one-hot test targets.
	r := mat.DenseCopyOf(&mean)
	r.Sub(r, yte)
	_ = ntr
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b9))
	const batch = 64
	losses := make([]float64, n)
	xi := mat.NewDense(nte, C*batch, nil)
	var f mat.Dense
	for start := 0; start < n; start += batch {
		nb := min(batch, n-start)
		raw := xi.RawMatrix()
		for i := range raw.Data {
			raw.Data[i] = rng.NormFloat64()
		}
		f.Reset()
		f.Mul(&L, xi)
		for b := 0; b < nb; b++ {
			var s float64
			for i := 0; i < nte; i++ {
				for c := 0; c < C; c++ {
					v := r.At(i, c) + f.At(i, b*C+c)
					s += v * v
				}
			}
			losses[start+b] = s / float64(nte*C)
		}
	}
	return losses, nil
}

func oneHot(y []int, c int) *mat.Dense {
	m := mat.NewDense(len(y), c, nil)
	for i, l := range y {
		m.Set(i, l, 1)
	}
	return m
}

// cholJitter factorises a symmetric matrix, adding a growing multiple of the
// mean diagonal until the factorisation succeeds.
func cholJitter(a *mat.Dense, rel float64) (*mat.Cholesky, error) {
	n, _ := a.Dims()
	var tr float64
	for i := 0; i < n; i++ {
		tr += a.At(i, i)
	}
	scale := tr / float64(n)
	if !(scale > 0) {
		scale = 1
	}
	if rel == 0 {
		rel = 1e-8
	}
	sym := mat.NewSymDense(n, nil)
	for j := rel; j < 1; j *= 10 {
		for r := 0; r < n; r++ {
			for c := r; c < n; c++ {
				v := a.At(r, c)
				if r == c {
					v += j * scale
				}
				sym.SetSym(r, c, v)
			}
		}
		var ch mat.Cholesky
		if ch.Factorize(sym) {
			return &ch, nil
		}
	}
	return nil, fmt.Errorf("kernel matrix is not positive definite even with jitter: %w", check.ErrNotPSD)
}

// Isotropic is the linear-Gaussian hypothesis space with an exactly known
// loss law: hypotheses output f = Mean + σ·ξ on m test outputs (ξ ~ N(0, I_m))
// and are scored by the MSE against Target, so the loss is exactly
// (σ²/m)·χ'²(m, ‖Mean−Target‖²/σ²). It exists to test the estimator
// against a closed form; Exact gives the true law.
type Isotropic struct {
	Mean, Target []float64 // the m outputs' mean and the m targets
	Sigma        float64   // the outputs' standard deviation σ > 0
}

// Name returns "isotropic".
func (Isotropic) Name() string { return "isotropic" }

// Exact returns the true loss distribution.
func (s Isotropic) Exact() NCX2 {
	m := float64(len(s.Mean))
	var l float64
	for i := range s.Mean {
		d := s.Mean[i] - s.Target[i]
		l += d * d
	}
	return NCX2{DF: m, NC: l / (s.Sigma * s.Sigma), Scale: s.Sigma * s.Sigma / m}
}

// Losses draws n hypotheses; the data argument is ignored.
func (s Isotropic) Losses(_ Data, n int, seed uint64) ([]float64, error) {
	if len(s.Mean) == 0 || len(s.Mean) != len(s.Target) {
		return nil, fmt.Errorf("isotropic space: mean and target lengths %d, %d: %w", len(s.Mean), len(s.Target), check.ErrShape)
	}
	if err := check.Positive("sigma", s.Sigma); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]float64, n)
	for b := range out {
		var sum float64
		for i := range s.Mean {
			v := s.Mean[i] + s.Sigma*rng.NormFloat64() - s.Target[i]
			sum += v * v
		}
		out[b] = sum / float64(len(s.Mean))
	}
	return out, nil
}

var (
	_ Space = GP{}
	_ Space = Isotropic{}
	_       = math.Pi
)
