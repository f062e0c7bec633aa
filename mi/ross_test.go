package mi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// rossMixture draws X | Y=c ~ N(mu·c, 1) with Y uniform on {0, …, classes−1}.
func rossMixture(n, classes int, mu float64, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 8))
	x := mat.NewDense(n, 1, nil)
	y := make([]int, n)
	for i := range y {
		y[i] = rng.IntN(classes)
		x.Set(i, 0, mu*float64(y[i])+rng.NormFloat64())
	}
	return x, y
}

// rossMixtureMI is I(X;Y) = h(X) − h(X|Y) for the mixture above, with h(X)
// by the trapezoid rule on a grid fine enough for 1e-7 accuracy.
func rossMixtureMI(classes int, mu float64) float64 {
	lo, hi := -12.0, 12+mu*float64(classes-1)
	const steps = 200000
	dx := (hi - lo) / steps
	var h float64
	for s := 0; s <= steps; s++ {
		x := lo + float64(s)*dx
		var p float64
		for c := 0; c < classes; c++ {
			z := x - mu*float64(c)
			p += math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / float64(classes)
		}
		w := dx
		if s == 0 || s == steps {
			w = dx / 2
		}
		if p > 0 {
			h -= w * p * math.Log(p)
		}
	}
	return h - 0.5*math.Log(2*math.Pi*math.E)
}

func TestRossKnownMI(t *testing.T) {
	for _, c := range []struct {
		classes int
		mu      float64
	}{{2, 1}, {2, 3}, {4, 1.5}} {
		truth := rossMixtureMI(c.classes, c.mu)
		t.Run(fmt.Sprintf("classes%d/mu%g", c.classes, c.mu), func(t *testing.T) {
			// sd of the estimate ≈ 0.6/√n ≈ 0.006 at n = 10000; 0.025 allows
			// the small negative bias of k-NN estimators plus 3σ.
			x, y := rossMixture(10000, c.classes, c.mu, 1)
			v, err := Ross{}.MILabels(x, y)
			require.NoError(t, err)
			assert.InDelta(t, truth, v, 0.025, "truth %.4f", truth)
			w, err := KSG{}.MILabels(x, y)
			require.NoError(t, err)
			assert.Equal(t, v, w, "KSG.MILabels is Ross")
		})
	}
}

func TestRossProperties(t *testing.T) {
	x, y := rossMixture(3000, 3, 1, 2)
	base, err := Ross{Noise: -1}.MILabels(x, y)
	require.NoError(t, err)
	t.Run("relabelling", func(t *testing.T) {
		// renaming the classes does not change the MI
		y2 := make([]int, len(y))
		for i, l := range y {
			y2[i] = []int{7, 0, 3}[l]
		}
		v, err := Ross{Noise: -1}.MILabels(x, y2)
		require.NoError(t, err)
		assert.InDelta(t, base, v, 1e-12)
	})
	t.Run("singleton-label-dropped", func(t *testing.T) {
		y2 := append([]int(nil), y...)
		y2[5] = 9 // a class of one sample is ignored, as in scikit-learn
		v, err := Ross{Noise: -1}.MILabels(x, y2)
		require.NoError(t, err)
		assert.InDelta(t, base, v, 0.01)
	})
	t.Run("gomaxprocs", func(t *testing.T) {
		prev := runtime.GOMAXPROCS(1)
		a, _ := Ross{}.MILabels(x, y)
		runtime.GOMAXPROCS(2)
		b, _ := Ross{}.MILabels(x, y)
		runtime.GOMAXPROCS(prev)
		assert.Equal(t, a, b)
	})
	t.Run("independent", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 3))
		yi := make([]int, len(y))
		for i := range yi {
			yi[i] = rng.IntN(3)
		}
		v, err := Ross{}.MILabels(x, yi)
		require.NoError(t, err)
		assert.InDelta(t, 0, v, 0.02)
	})
}

func TestRossErrors(t *testing.T) {
	x, y := rossMixture(50, 2, 1, 4)
	for _, c := range []struct {
		name   string
		x      mat.Matrix
		labels []int
		want   error
	}{
		{"length", x, y[:40], check.ErrShape},
		{"negative", x, append(append([]int(nil), y[:49]...), -1), check.ErrLabels},
		{"all-singletons", x.Slice(0, 5, 0, 1), []int{0, 1, 2, 3, 4}, check.ErrLabels},
		{"too-few", x.Slice(0, 3, 0, 1), []int{0, 0, 0}, check.ErrTooFewSamples},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Ross{}.MILabels(c.x, c.labels)
			assert.ErrorIs(t, err, c.want)
		})
	}
}

func TestCMI(t *testing.T) {
	// Gaussian chain and common-cause cases with exact CMI:
	// I(X;Y|Z) = ½ log(det Σ_xz det Σ_yz / (det Σ_z det Σ_xyz)).
	rng := rand.New(rand.NewPCG(9, 9))
	n := 5000
	x, y, z := mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil)
	y2 := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		zv := rng.NormFloat64()
		xv := zv + rng.NormFloat64()
		z.Set(i, 0, zv)
		x.Set(i, 0, xv)
		y.Set(i, 0, zv+rng.NormFloat64())     // X ⟂ Y | Z
		y2.Set(i, 0, xv+zv+rng.NormFloat64()) // depends on X given Z
	}
	// Σ for (x, y2, z): var x = 2, var z = 1, y2 = x + z + e:
	// cov(x,z)=1, cov(y2,z)=2, cov(x,y2)=3, var y2 = 2+1+2·1+1 = 6.
	det2 := func(a, b, c float64) float64 { return a*c - b*b }
	sxyz := mat.NewSymDense(3, []float64{2, 3, 1, 3, 6, 2, 1, 2, 1})
	var ch mat.Cholesky
	require.True(t, ch.Factorize(sxyz))
	truth := 0.5 * math.Log(det2(2, 1, 1)*det2(6, 2, 1)/(1*ch.Det()))
	// sd ≈ 0.015 at n = 5000; the small-sample bias of Frenzel–Pompe is of
	// the same order, so 0.05.
	t.Run("conditionally-independent", func(t *testing.T) {
		v, err := CMI{}.CMI(x, y, z)
		require.NoError(t, err)
		assert.InDelta(t, 0, v, 0.03)
	})
	t.Run("dependent", func(t *testing.T) {
		v, err := CMI{}.CMI(x, y2, z)
		require.NoError(t, err)
		assert.InDelta(t, truth, v, 0.05, "truth %.4f", truth)
	})
	t.Run("errors", func(t *testing.T) {
		_, err := CMI{}.CMI(x, y, mat.NewDense(10, 1, nil))
		assert.ErrorIs(t, err, check.ErrShape)
		_, err = CMI{K: -1}.CMI(x, y, z)
		assert.ErrorIs(t, err, check.ErrParam)
	})
}

// TestConstantGivesExactZero: a constant variable has exactly zero mutual
// information with anything; KSG and Ross return 0, not the rounding noise
// (±1e-14) their sums leave, also inside the permutation test.
func TestConstantGivesExactZero(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n := 400
	x := mat.NewDense(n, 2, nil)
	c := mat.NewDense(n, 1, nil)
	one := make([]int, n)
	for i := 0; i < n; i++ {
		x.Set(i, 0, r.NormFloat64())
		x.Set(i, 1, r.NormFloat64())
		c.Set(i, 0, 7)
		one[i] = 3
	}
	for _, e := range []KSG{{}, {K: 1}, {Algorithm: 2}} {
		v, err := e.MI(x, c)
		require.NoError(t, err)
		assert.Equal(t, 0.0, v)
		v, err = e.MI(c, x)
		require.NoError(t, err)
		assert.Equal(t, 0.0, v)
	}
	v, err := Ross{}.MILabels(x, one)
	require.NoError(t, err)
	assert.Equal(t, 0.0, v)
	v, err = Ross{}.MILabels(c, append(make([]int, n/2), one[:n/2]...))
	require.NoError(t, err)
	assert.Equal(t, 0.0, v)
	// validation still comes first
	_, err = KSG{}.MI(c, mat.NewDense(n-1, 1, nil))
	require.Error(t, err)
}
