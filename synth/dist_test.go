package synth

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/itlab/itlab/internal/special"
)

func TestEntropyClosedForms(t *testing.T) {
	must := func(d Dist, err error) Dist {
		t.Helper()
		require.NoError(t, err)
		return d
	}
	cases := []struct {
		name string
		d    Dist
		want float64
	}{
		{"N(0,1)", StandardGaussian(1), 1.4189385332046727},
		{"N(0,I_3)", StandardGaussian(3), 3 * 1.4189385332046727},
		{"N(0,4)", must(NewGaussian(nil, mat.NewSymDense(1, []float64{4}))), 1.4189385332046727 + math.Log(2)},
		{"U(0,1)", must(NewUniform([]float64{0}, []float64{1})), 0},
		{"U box", must(NewUniform([]float64{-1, 0}, []float64{1, 3})), math.Log(6)},
		{"Exp(2)", must(NewExponential(2)), 1 - math.Log(2)},
		{"Laplace(b=1.5)", must(NewLaplace(0, 1.5)), 1 + math.Log(3)},
		{"Cauchy(1)", must(Cauchy(1)), math.Log(4 * math.Pi)},
		{"Cauchy(2)", must(Cauchy(2)), math.Log(8 * math.Pi)},
		// t with ν=1 in 2-D: h = log 2 + log π + 3 = log(2π) + 3 (hand derivation:
		// Γ(1.5) = √π/2, ψ(1.5) − ψ(0.5) = 2).
		{"t_1 2-D", must(NewStudentT(1, nil, identity(2))), math.Log(2*math.Pi) + 3},
		// ν → ∞ approaches the Gaussian.
		{"t_1e7 1-D", must(NewStudentT(1e7, nil, identity(1))), 1.4189385332046727},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.InDelta(t, c.want, c.d.Entropy(), 1e-6)
		})
	}
}

// TestEntropyMonteCarlo checks every closed form of EntropySuite against
// −mean log p(X) over n = 200000 draws. The Monte-Carlo mean has standard
// error sd(log p)/√n (≈ 0.002–0.005 here); we allow 5 standard errors, a
// false-failure rate below 1e-6 per case.
func TestEntropyMonteCarlo(t *testing.T) {
	const n = 200000
	for i, d := range EntropySuite() {
		t.Run(d.Name(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			x := d.Sample(n, rng)
			r, c := x.Dims()
			require.Equal(t, n, r)
			require.Equal(t, d.Dim(), c)
			lp := make([]float64, n)
			for k := range lp {
				lp[k] = d.(Density).LogProb(x.RawRowView(k))
			}
			mean, sd := stat.MeanStdDev(lp, nil)
			se := sd / math.Sqrt(n)
			assert.InDelta(t, d.Entropy(), -mean, 5*se+1e-12, "se %.4g", se)
		})
	}
}

// TestSampleMarginals compares the empirical CDF of every coordinate with its
// exact marginal CDF. By the Dvoretzky–Kiefer–Wolfowitz inequality
// P(sup|F̂−F| > ε) ≤ 2·exp(−2nε²); ε = √(ln(2/α)/(2n)) with α = 1e-6 and
// n = 20000 is 0.0190.
func TestSampleMarginals(t *testing.T) {
	const n = 20000
	eps := math.Sqrt(math.Log(2/1e-6) / (2 * n))
	for i, d := range EntropySuite() {
		t.Run(d.Name(), func(t *testing.T) {
			x := d.Sample(n, rand.New(rand.NewPCG(uint64(i), 11)))
			for j := 0; j < d.Dim(); j++ {
				cdf := marginalCDF(t, d, j)
				col := mat.Col(nil, j, x)
				sort.Float64s(col)
				sup := 0.0
				for k, v := range col {
					f := cdf(v)
					sup = math.Max(sup, math.Max(math.Abs(float64(k+1)/n-f), math.Abs(float64(k)/n-f)))
				}
				assert.Less(t, sup, eps, "coordinate %d", j)
			}
		})
	}
}

func marginalCDF(t *testing.T, d Dist, j int) func(float64) float64 {
	switch d := d.(type) {
	case *Gaussian:
		var s mat.SymDense
		s.SymOuterK(1, d.lower)
		return distuv.Normal{Mu: d.mu[j], Sigma: math.Sqrt(s.At(j, j))}.CDF
	case *StudentT:
		var s mat.SymDense
		s.SymOuterK(1, d.lower)
		return distuv.StudentsT{Mu: d.mu[j], Sigma: math.Sqrt(s.At(j, j)), Nu: d.nu}.CDF
	case *Uniform:
		return distuv.Uniform{Min: d.lo[j], Max: d.hi[j]}.CDF
	case *Exponential:
		return distuv.Exponential{Rate: d.rate}.CDF
	case *Laplace:
		return distuv.Laplace{Mu: d.mu, Scale: d.b}.CDF
	}
	t.Fatalf("no marginal CDF for %T", d)
	return nil
}

// TestGaussianMoments checks the sample mean and covariance of the correlated
// 3-D Gaussian. With n = 100000 the standard error of a mean is σ/√n ≤ 0.0045
// and of a covariance entry √((Σ_ii Σ_jj + Σ_ij²)/n) ≤ 0.009; 5 SE bounds are used.
func TestGaussianMoments(t *testing.T) {
	const n = 100000
	cov := mat.NewSymDense(3, []float64{2, 0.6, -0.3, 0.6, 1, 0.4, -0.3, 0.4, 0.5})
	mu := []float64{1, -2, 0.5}
	g, err := NewGaussian(mu, cov)
	require.NoError(t, err)
	x := g.Sample(n, rand.New(rand.NewPCG(1, 2)))
	var got mat.SymDense
	stat.CovarianceMatrix(&got, x, nil)
	for i := 0; i < 3; i++ {
		assert.InDelta(t, mu[i], stat.Mean(mat.Col(nil, i, x), nil), 5*math.Sqrt(cov.At(i, i)/n), "mean %d", i)
		for j := 0; j < 3; j++ {
			se := math.Sqrt((cov.At(i, i)*cov.At(j, j) + cov.At(i, j)*cov.At(i, j)) / n)
			assert.InDelta(t, cov.At(i, j), got.At(i, j), 5*se, "cov %d,%d", i, j)
		}
	}
}

func TestDistSampleDeterministic(t *testing.T) {
	for _, d := range EntropySuite() {
		t.Run(d.Name(), func(t *testing.T) {
			a := d.Sample(50, rand.New(rand.NewPCG(3, 4)))
			b := d.Sample(50, rand.New(rand.NewPCG(3, 4)))
			assert.True(t, mat.Equal(a, b))
		})
	}
}

func TestDistConstructorErrors(t *testing.T) {
	cases := map[string]func() error{
		"gaussian not PD": func() error {
			_, err := NewGaussian(nil, mat.NewSymDense(2, []float64{1, 2, 2, 1}))
			return err
		},
		"gaussian mean length": func() error {
			_, err := NewGaussian([]float64{1}, identity(2))
			return err
		},
		"uniform empty side": func() error { _, err := NewUniform([]float64{1}, []float64{1}); return err },
		"uniform lengths":    func() error { _, err := NewUniform([]float64{0}, []float64{1, 2}); return err },
		"exponential rate":   func() error { _, err := NewExponential(0); return err },
		"laplace scale":      func() error { _, err := NewLaplace(0, -1); return err },
		"student nu":         func() error { _, err := NewStudentT(0, nil, identity(1)); return err },
		"cauchy scale":       func() error { _, err := Cauchy(math.Inf(1)); return err },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) { assert.Error(t, f()) })
	}
}

func TestDigamma(t *testing.T) {
	// ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(n+1) = ψ(n) + 1/n, ψ(x) ≈ ln x at large x.
	const gamma = 0.57721566490153286061
	assert.InDelta(t, -gamma, special.Digamma(1), 1e-15)
	assert.InDelta(t, -gamma-2*math.Ln2, special.Digamma(0.5), 1e-14)
	assert.InDelta(t, -gamma+1+0.5+1.0/3, special.Digamma(4), 1e-14)
	assert.InDelta(t, -gamma-2*math.Ln2+2+2.0/3, special.Digamma(2.5), 1e-14)
	assert.InDelta(t, math.Log(1e6)-0.5e-6-1/(12e12), special.Digamma(1e6), 1e-14)
}
