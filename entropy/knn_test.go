package entropy

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/synth"
)

// klSplitMix reproduces the generator of mi/testdata/knn_reference.py
// (splitmix64 uniforms, Irwin–Hall sums of 12 as "Gaussians").
type klSplitMix struct{ s uint64 }

func (g *klSplitMix) gauss() float64 {
	var s float64
	for i := 0; i < 12; i++ {
		g.s += 0x9E3779B97F4A7C15
		z := g.s
		z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
		z = (z ^ (z >> 27)) * 0x94D049BB133111EB
		s += float64((z^(z>>31))>>11) * (1.0 / 9007199254740992.0)
	}
	return s - 6
}

// TestKLReferenceValues compares with the NPEET-style formula on SciPy's
// cKDTree (entropy/testdata/kl_reference.json, made by
// mi/testdata/knn_reference.py) on bit-identical data, without jitter.
func TestKLReferenceValues(t *testing.T) {
	raw, err := os.ReadFile("testdata/kl_reference.json")
	require.NoError(t, err)
	var ref struct {
		Cases []struct {
			Seed    uint64
			N, D, K int
			Norm    string
			Value   float64
		}
	}
	require.NoError(t, json.Unmarshal(raw, &ref))
	require.NotEmpty(t, ref.Cases)
	for _, c := range ref.Cases {
		t.Run(fmt.Sprintf("d%d/k%d/%s", c.D, c.K, c.Norm), func(t *testing.T) {
			g := &klSplitMix{s: c.Seed}
			x := mat.NewDense(c.N, c.D, nil)
			for i := 0; i < c.N; i++ {
				for j := 0; j < c.D; j++ {
					x.Set(i, j, g.gauss())
				}
			}
			nm := MaxNorm
			if c.Norm == "euclidean" {
				nm = EuclideanNorm
			}
			v, err := KL{K: c.K, Norm: nm, Noise: -1}.Entropy(x)
			require.NoError(t, err)
			assert.InDelta(t, c.Value, v, 1e-9)
		})
	}
}

// TestKLOnKnownEntropies checks the estimate against exact entropies. The
// standard deviation of the KL estimate is about sqrt(Var[log p(X)]/n), that
// is sqrt(d/(2n)) for a Gaussian (0.012 at d = 3, n = 10000), so Gaussians
// get 5σ + 0.01. Bounded supports (uniform) carry a positive boundary bias of
// order n^(−1/d) (+0.1 at d = 3, n = 10000; the max-norm cube leaks more than
// the ball); heavy tails (Cauchy, Student-t) have a larger variance.
func TestKLOnKnownEntropies(t *testing.T) {
	bias := map[string]float64{
		"uniform-3d": 0.2, "cauchy-s1": 0.1, "student-t-2d-nu3": 0.05, "exponential-rate2": 0.03, "laplace-b1.5": 0.03,
	}
	for _, n := range []int{1000, 10000} {
		for _, p := range synth.EntropySuite() {
			for _, nm := range []Norm{MaxNorm, EuclideanNorm} {
				t.Run(fmt.Sprintf("%s/n%d/%v", p.Name(), n, nm), func(t *testing.T) {
					x := p.Sample(n, rand.New(rand.NewPCG(uint64(n), 21)))
					v, err := KL{Norm: nm}.Entropy(x)
					require.NoError(t, err)
					tol := 5*math.Sqrt(float64(p.Dim())/(2*float64(n))) + 0.01
					if b, ok := bias[p.Name()]; ok {
						tol += b * math.Sqrt(10000/float64(n))
					}
					assert.InDelta(t, p.Entropy(), v, tol, "estimate %.4f truth %.4f", v, p.Entropy())
				})
			}
		}
	}
}

func TestKLProperties(t *testing.T) {
	g := synth.StandardGaussian(2)
	x := g.Sample(3000, rand.New(rand.NewPCG(1, 2)))
	base, err := KL{Noise: -1}.Entropy(x)
	require.NoError(t, err)
	t.Run("scaling-adds-log-det", func(t *testing.T) {
		// h(aX) = h(X) + d·log|a|, exactly for the estimator too
		y := mat.NewDense(3000, 2, nil)
		y.Scale(8, x) // a power of two: exact scaling
		v, err := KL{Noise: -1}.Entropy(y)
		require.NoError(t, err)
		assert.InDelta(t, base+2*math.Log(8), v, 1e-9)
	})
	t.Run("scaling-at-the-float64-limits", func(t *testing.T) {
		// the same at 2^±700, where squared distances would over- or
		// underflow, with and without the jitter (relative to each column)
		jit, err := KL{}.Entropy(x)
		require.NoError(t, err)
		for _, e := range []int{-700, -300, 300, 700} {
			y := mat.NewDense(3000, 2, nil)
			y.Scale(math.Ldexp(1, e), x)
			shift := 2 * float64(e) * math.Ln2
			v, err := KL{Noise: -1}.Entropy(y)
			require.NoError(t, err, "2^%d", e)
			assert.InDelta(t, base+shift, v, 1e-9*math.Abs(shift), "2^%d", e)
			v, err = KL{}.Entropy(y)
			require.NoError(t, err, "2^%d", e)
			assert.InDelta(t, jit+shift, v, 1e-9*math.Abs(shift), "jittered, 2^%d", e)
		}
	})
	t.Run("translation", func(t *testing.T) {
		y := mat.NewDense(3000, 2, nil)
		y.Apply(func(_, _ int, v float64) float64 { return v + 0.5 }, x)
		v, err := KL{Noise: -1}.Entropy(y)
		require.NoError(t, err)
		assert.InDelta(t, base, v, 1e-6)
	})
	t.Run("deterministic-gomaxprocs", func(t *testing.T) {
		big := synth.StandardGaussian(3).Sample(20000, rand.New(rand.NewPCG(3, 3)))
		prev := runtime.GOMAXPROCS(1)
		a, _ := KL{}.Entropy(big)
		runtime.GOMAXPROCS(2)
		b, _ := KL{}.Entropy(big)
		runtime.GOMAXPROCS(prev)
		c, _ := KL{Workers: 3}.Entropy(big)
		assert.Equal(t, a, b)
		assert.Equal(t, a, c)
	})
	t.Run("ties", func(t *testing.T) {
		// integers 0..4: every point has exact duplicates
		tied := mat.NewDense(2000, 1, nil)
		rng := rand.New(rand.NewPCG(4, 4))
		for i := 0; i < 2000; i++ {
			tied.Set(i, 0, float64(rng.IntN(5)))
		}
		v, err := KL{Noise: -1}.Entropy(tied)
		require.NoError(t, err)
		assert.True(t, math.IsInf(v, -1), "without jitter duplicates give −Inf, got %v", v)
		a, err := KL{}.Entropy(tied)
		require.NoError(t, err)
		b, _ := KL{}.Entropy(tied)
		assert.False(t, math.IsInf(a, 0) || math.IsNaN(a))
		assert.Equal(t, a, b)
		// far below any continuous density of that spread: the data are discrete
		assert.Less(t, a, -10.0)
	})
}

func TestKLErrors(t *testing.T) {
	x := mat.NewDense(5, 1, []float64{1, 2, 3, 4, 5})
	nan := mat.NewDense(5, 1, []float64{1, 2, math.NaN(), 4, 5})
	for _, c := range []struct {
		name string
		e    KL
		x    mat.Matrix
		want error
	}{
		{"nan", KL{}, nan, check.ErrNonFinite},
		{"nan-3d-last", KL{}, mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, math.NaN()}), check.ErrNonFinite},
		{"inf-3d", KL{}, mat.NewDense(3, 3, []float64{1, math.Inf(1), 3, 4, 5, 6, 7, 8, 9}), check.ErrNonFinite},
		{"inf-and-neg-inf", KL{}, mat.NewDense(4, 2, []float64{1, math.Inf(1), 3, 4, 5, math.Inf(-1), 7, 8}), check.ErrNonFinite},
		{"nan-no-jitter", KL{Noise: -1}, nan, check.ErrNonFinite},
		{"too-few", KL{K: 5}, x, check.ErrTooFewSamples},
		{"bad-k", KL{K: -2}, x, check.ErrParam},
		{"bad-norm", KL{Norm: 7}, x, check.ErrParam},
		{"nil", KL{}, nil, check.ErrShape},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.e.Entropy(c.x)
			assert.ErrorIs(t, err, c.want)
		})
	}
}

// A constant column has no density: KL returns −Inf, as the Gaussian
// estimator does, whatever the jitter; a second value makes it finite.
func TestKLConstantColumn(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range []int{1, 2, 3, 5} {
		for c := 0; c < d; c++ {
			x := mat.NewDense(300, d, nil)
			for i := 0; i < 300; i++ {
				for j := 0; j < d; j++ {
					x.Set(i, j, rng.NormFloat64())
				}
				x.Set(i, c, 2.5)
			}
			for _, est := range []KL{{}, {Norm: EuclideanNorm}, {Noise: 1e-3}, {Noise: -1}} {
				h, err := est.Entropy(x)
				require.NoError(t, err)
				require.True(t, math.IsInf(h, -1), "d=%d constant column %d, %+v: %v", d, c, est, h)
				// the same through a matrix that is not a *mat.Dense
				h, err = est.Entropy(x.T().T())
				require.NoError(t, err)
				require.True(t, math.IsInf(h, -1), "d=%d column %d via mat.Matrix: %v", d, c, h)
			}
			g, err := Gaussian{}.Entropy(x)
			require.NoError(t, err)
			require.True(t, math.IsInf(g, -1), "Gaussian, d=%d: %v", d, g)
			for i := 0; i < 150; i++ {
				x.Set(i, c, 3.5)
			}
			h, err := KL{}.Entropy(x)
			require.NoError(t, err)
			require.False(t, math.IsInf(h, 0) || math.IsNaN(h), "two values, jittered: %v", h)
		}
	}
}
