package entropy

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/special"
	"github.com/itlab/itlab/synth"
)

// TestGaussianOnGaussians: on Gaussian data the plug-in has standard
// deviation ≈ ½√(2d/n) (the delta method on log det Σ̂); at n = 20000 and
// d ≤ 3 that is ≤ 0.0087 nats, and the bias d(d+1)/(4n) ≤ 0.00015. We allow 0.04.
func TestGaussianOnGaussians(t *testing.T) {
	cases := []struct {
		name string
		d    synth.Dist
	}{
		{"N(0,1)", synth.StandardGaussian(1)},
		{"N(0,I_3)", synth.StandardGaussian(3)},
		{"correlated 3-D", synth.EntropySuite()[1]},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x := c.d.Sample(20000, rand.New(rand.NewPCG(uint64(i), 1)))
			for _, g := range []Gaussian{{}, {BiasCorrected: true}} {
				h, err := g.Entropy(x)
				require.NoError(t, err)
				assert.InDelta(t, c.d.Entropy(), h, 0.04, "bias corrected %v", g.BiasCorrected)
			}
		})
	}
}

// TestGaussianBiasCorrection: over R = 3000 samples of n = 10 points of
// N(0, I_3), the plug-in's mean error is ½·logDetBias(10,3) ≈ −0.382 nats,
// and the corrected estimator is unbiased. The standard deviation of one
// estimate is ≈ 0.35 here, so the mean of R has SE ≈ 0.0064; 5 SE = 0.032.
func TestGaussianBiasCorrection(t *testing.T) {
	const R, n, d = 3000, 10, 3
	dist := synth.StandardGaussian(d)
	truth := dist.Entropy()
	rng := rand.New(rand.NewPCG(42, 42))
	var sumPlug, sumCorr float64
	for r := 0; r < R; r++ {
		x := dist.Sample(n, rng)
		hp, err := Gaussian{}.Entropy(x)
		require.NoError(t, err)
		hc, err := Gaussian{BiasCorrected: true}.Entropy(x)
		require.NoError(t, err)
		sumPlug += hp - truth
		sumCorr += hc - truth
	}
	biasPlug, biasCorr := sumPlug/R, sumCorr/R
	assert.InDelta(t, 0.5*logDetBias(n, d), biasPlug, 0.032)
	assert.InDelta(t, 0, biasCorr, 0.032)
	assert.Less(t, 0.5*logDetBias(n, d), -0.35) // the bias being corrected is real
}

func TestGaussianProperties(t *testing.T) {
	x := synth.EntropySuite()[1].Sample(500, rand.New(rand.NewPCG(3, 3)))
	h, err := Gaussian{}.Entropy(x)
	require.NoError(t, err)
	t.Run("scaling adds d·log a", func(t *testing.T) {
		var y mat.Dense
		y.Scale(-2.5, x)
		hy, err := Gaussian{}.Entropy(&y)
		require.NoError(t, err)
		assert.InDelta(t, h+3*math.Log(2.5), hy, 1e-10)
	})
	t.Run("translation invariant", func(t *testing.T) {
		var y mat.Dense
		y.Apply(func(_, j int, v float64) float64 { return v + float64(10*j+3) }, x)
		hy, err := Gaussian{}.Entropy(&y)
		require.NoError(t, err)
		assert.InDelta(t, h, hy, 1e-9)
	})
	t.Run("permutation invariant", func(t *testing.T) {
		n, _ := x.Dims()
		perm := rand.New(rand.NewPCG(1, 1)).Perm(n)
		y := mat.NewDense(n, 3, nil)
		for i, p := range perm {
			y.SetRow(i, x.RawRowView(p))
		}
		hy, err := Gaussian{}.Entropy(y)
		require.NoError(t, err)
		assert.InDelta(t, h, hy, 1e-10)
	})
	t.Run("equals gonum distmv", func(t *testing.T) {
		assert.InDelta(t, gonumGaussianEntropy(x), h, 1e-10)
	})
	t.Run("1-D closed form", func(t *testing.T) {
		// sample variance of {1,2,3,4} (n−1) is 5/3
		x := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
		h, err := Gaussian{}.Entropy(x)
		require.NoError(t, err)
		assert.InDelta(t, 0.5*math.Log(2*math.Pi*math.E*5.0/3), h, 1e-14)
	})
}

func TestGaussianEdges(t *testing.T) {
	t.Run("constant column gives -Inf", func(t *testing.T) {
		x := mat.NewDense(5, 2, []float64{1, 7, 2, 7, 3, 7, 4, 7, 5, 7})
		h, err := Gaussian{}.Entropy(x)
		require.NoError(t, err)
		assert.True(t, math.IsInf(h, -1))
		h, err = Gaussian{BiasCorrected: true}.Entropy(x)
		require.NoError(t, err)
		assert.True(t, math.IsInf(h, -1))
	})
	t.Run("fewer samples than dimensions gives -Inf", func(t *testing.T) {
		x := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 7})
		h, err := Gaussian{}.Entropy(x)
		require.NoError(t, err)
		assert.True(t, math.IsInf(h, -1))
	})
	errs := []struct {
		name string
		g    Gaussian
		x    mat.Matrix
		want error
	}{
		{"one row", Gaussian{}, mat.NewDense(1, 2, []float64{1, 2}), check.ErrTooFewSamples},
		{"NaN", Gaussian{}, mat.NewDense(3, 1, []float64{1, math.NaN(), 2}), check.ErrNonFinite},
		{"Inf", Gaussian{}, mat.NewDense(3, 1, []float64{1, math.Inf(1), 2}), check.ErrNonFinite},
		{"bias correction n ≤ d", Gaussian{BiasCorrected: true}, mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 10}), check.ErrTooFewSamples},
	}
	for _, c := range errs {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.g.Entropy(c.x)
			assert.True(t, errors.Is(err, c.want), "got %v", err)
		})
	}
}

func TestDigammaPrecise(t *testing.T) {
	const gamma = 0.57721566490153286061
	assert.InDelta(t, -gamma, special.Digamma(1), 1e-15)
	assert.InDelta(t, -gamma-2*math.Ln2, special.Digamma(0.5), 1e-14)
	assert.InDelta(t, -gamma+1+0.5+1.0/3, special.Digamma(4), 1e-14)
	assert.InDelta(t, math.Log(1e6)-0.5e-6-1/(12e12), special.Digamma(1e6), 1e-14)
}

func BenchmarkGaussian(b *testing.B) {
	x := synth.StandardGaussian(10).Sample(100000, rand.New(rand.NewPCG(1, 1)))
	b.Run("itlab", func(b *testing.B) {
		for b.Loop() {
			_, _ = Gaussian{}.Entropy(x)
		}
	})
	// Baseline: gonum's distmv path — fit the covariance and ask distmv.Normal
	// for its entropy.
	b.Run("gonum-distmv", func(b *testing.B) {
		for b.Loop() {
			gonumGaussianEntropy(x)
		}
	})
}

// TestGaussianExtremeScales: h(DX) = h(X) + Σ log|d_j| for a diagonal
// scaling D, also when the scaled values are near the float64 limits (found
// by the CLI robustness corpus: values of 1e300 gave +Inf).
func TestGaussianExtremeScales(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	x := mat.NewDense(300, 3, nil)
	for i := 0; i < 300; i++ {
		a, b, c := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		x.SetRow(i, []float64{a, a + 0.5*b, c - 0.3*a})
	}
	for _, g := range []Gaussian{{}, {BiasCorrected: true}} {
		base, err := g.Entropy(x)
		require.NoError(t, err)
		for _, sc := range [][3]float64{{1e300, 1e300, 1e300}, {1e-300, 1e-300, 1e-300}, {1e305, 1e-305, 1}, {-1e200, 3, 1e-200}} {
			xs := mat.DenseCopyOf(x)
			xs.Apply(func(_, j int, v float64) float64 { return v * sc[j] }, xs)
			got, err := g.Entropy(xs)
			require.NoError(t, err)
			want := base
			for _, s := range sc {
				want += math.Log(math.Abs(s))
			}
			require.InDelta(t, want, got, 1e-9*math.Max(1, math.Abs(want)), "scales %v", sc)
		}
	}
}
