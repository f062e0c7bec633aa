package mi

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/synth"
)

// wrappedKSG hides the KSG type from the fast paths (generic permutation),
// but keeps the half-sampling bootstrap.
type wrappedKSG struct{ KSG }

// plainKSG hides KSG entirely: the generic percentile bootstrap with
// replacement, which the k-NN estimators must not use.
type plainKSG func(x, y mat.Matrix) (float64, error)

func (f plainKSG) MI(x, y mat.Matrix) (float64, error) { return f(x, y) }

// corrEst is the Gaussian MI from Pearson's r of two columns.
type corrEst struct{}

func (corrEst) MI(x, y mat.Matrix) (float64, error) {
	n, _ := x.Dims()
	a, b := make([]float64, n), make([]float64, n)
	mat.Col(a, 0, x)
	mat.Col(b, 0, y)
	r := stat.Correlation(a, b, nil)
	return -0.5 * math.Log(1-r*r), nil
}

func TestPermutationIndependent(t *testing.T) {
	for _, c := range []struct {
		name  string
		perms int
	}{{"independent-1x1", 99}, {"independent-3x2", 9}} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "independent-3x2" && testing.Short() {
				t.Skip("5-D joint space at n=10000 in -short mode")
			}
			var p synth.Pair
			for _, q := range synth.Suite() {
				if q.Name() == c.name {
					p = q
				}
			}
			require.NotNil(t, p)
			x, y := p.Sample(10000, rand.New(rand.NewPCG(31, 1)))
			s, err := Permutation(KSG{}, x, y, c.perms, rand.New(rand.NewPCG(1, 1)))
			require.NoError(t, err)
			assert.Less(t, math.Abs(s.Value), 0.02)
			assert.Greater(t, s.PValue, 0.05)
			assert.Len(t, s.Null, c.perms)
		})
	}
}

func TestPermutationDependent(t *testing.T) {
	x, y, _ := ksgSample(t, 0.5, 2000, 5)
	s, err := Permutation(KSG{}, x, y, 49, rand.New(rand.NewPCG(2, 2)))
	require.NoError(t, err)
	assert.InDelta(t, 1.0/50, s.PValue, 1e-15, "no surrogate reaches the estimate")
	again, err := Permutation(KSG{}, x, y, 49, rand.New(rand.NewPCG(2, 2)))
	require.NoError(t, err)
	assert.Equal(t, s, again, "same rng seed, same result")

	// the generic path (rows of y shuffled, estimator rerun) agrees in law
	g, err := Permutation(wrappedKSG{}, x, y, 49, rand.New(rand.NewPCG(2, 2)))
	require.NoError(t, err)
	assert.Equal(t, s.Value, g.Value)
	assert.Equal(t, s.PValue, g.PValue)
	// null means are both ≈ 0 with sd ≈ 0.6/√(2000·49) ≈ 0.002
	assert.InDelta(t, stat.Mean(s.Null, nil), stat.Mean(g.Null, nil), 0.01)
	assert.InDelta(t, 0, stat.Mean(s.Null, nil), 0.01)
}

func TestPermutationLabels(t *testing.T) {
	x, y := rossMixture(2000, 2, 1, 6)
	s, err := PermutationLabels(Ross{}, x, y, 19, rand.New(rand.NewPCG(3, 3)))
	require.NoError(t, err)
	assert.InDelta(t, 0.05, s.PValue, 1e-15)
	v, _ := Ross{}.MILabels(x, y)
	assert.Equal(t, v, s.Value)
	// generic path through another label estimator
	g, err := PermutationLabels(Binning{Bins: 10, Observed: true}, x, y, 19, rand.New(rand.NewPCG(3, 3)))
	require.NoError(t, err)
	assert.InDelta(t, 0.05, g.PValue, 1e-15)
	// independent labels
	yi := make([]int, len(y))
	rng := rand.New(rand.NewPCG(4, 4))
	for i := range yi {
		yi[i] = rng.IntN(2)
	}
	si, err := PermutationLabels(KSG{}, x, yi, 19, rand.New(rand.NewPCG(3, 3)))
	require.NoError(t, err)
	assert.Greater(t, si.PValue, 0.05)
}

func TestBootstrap(t *testing.T) {
	x, y, truth := ksgSample(t, 0.75, 4000, 8)
	t.Run("ksg-half-sampling", func(t *testing.T) {
		iv, err := Bootstrap(KSG{}, x, y, 40, 0.95, rand.New(rand.NewPCG(5, 5)))
		require.NoError(t, err)
		assert.Equal(t, "half-sampling", iv.Method)
		assert.Less(t, iv.Low, iv.Value)
		assert.Greater(t, iv.High, iv.Value)
		// the sampling sd is ≈ 0.75/√4000 ≈ 0.012, so a 95% interval is ≈ 0.05 wide
		assert.InDelta(t, 0.05, iv.High-iv.Low, 0.03)
		again, _ := Bootstrap(KSG{}, x, y, 40, 0.95, rand.New(rand.NewPCG(5, 5)))
		assert.Equal(t, iv, again)
	})
	t.Run("ksg-half-sampling-coverage", func(t *testing.T) {
		// 12 independent samples at n = 1000: a 90% interval should cover
		// the truth (up to KSG's small bias at ρ = 0.75) in most of them;
		// P(fewer than 8 of 12 | coverage 0.9) ≈ 0.004.
		covered := 0
		for s := uint64(0); s < 12; s++ {
			xs, ys, tr := ksgSample(t, 0.75, 1000, 100+s)
			iv, err := Bootstrap(KSG{}, xs, ys, 20, 0.9, rand.New(rand.NewPCG(s, 5)))
			require.NoError(t, err)
			if iv.Low <= tr && tr <= iv.High {
				covered++
			}
		}
		assert.GreaterOrEqual(t, covered, 8)
	})
	t.Run("percentile-generic", func(t *testing.T) {
		iv, err := Bootstrap(corrEst{}, x, y, 200, 0.9, rand.New(rand.NewPCG(6, 6)))
		require.NoError(t, err)
		assert.Equal(t, "percentile", iv.Method)
		assert.True(t, iv.Low <= truth && truth <= iv.High, "[%.4f, %.4f] misses %.4f", iv.Low, iv.High, truth)
	})
	t.Run("why-not-with-replacement", func(t *testing.T) {
		// Resampling with replacement duplicates rows; a duplicate is its own
		// nearest neighbour and KSG then overestimates badly. This is why the
		// k-NN estimators use half-sampling.
		f := plainKSG(KSG{}.MI)
		iv, err := Bootstrap(f, x, y, 10, 0.95, rand.New(rand.NewPCG(7, 7)))
		require.NoError(t, err)
		assert.Equal(t, "percentile", iv.Method)
		assert.Greater(t, iv.Low, iv.Value+0.2, "with-replacement replicates sit far above the estimate")
	})
	t.Run("labels", func(t *testing.T) {
		xl, yl := rossMixture(3000, 2, 2, 9)
		truth := rossMixtureMI(2, 2)
		iv, err := BootstrapLabels(Ross{}, xl, yl, 40, 0.95, rand.New(rand.NewPCG(8, 8)))
		require.NoError(t, err)
		assert.Equal(t, "half-sampling", iv.Method)
		assert.True(t, iv.Low <= truth && truth <= iv.High, "[%.4f, %.4f] misses %.4f", iv.Low, iv.High, truth)
	})
}

func TestSignificanceErrors(t *testing.T) {
	x, y, _ := ksgSample(t, 0.5, 100, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	_, err := Permutation(KSG{}, x, y, 0, rng)
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = Permutation(KSG{}, x, y, 10, nil)
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = Permutation(KSG{}, x, mat.NewDense(99, 1, nil), 10, rng)
	assert.ErrorIs(t, err, check.ErrShape)
	_, err = Bootstrap(KSG{}, x, y, 10, 1.5, rng)
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = BootstrapLabels(Ross{}, x, make([]int, 100), 0, 0.9, rng)
	assert.ErrorIs(t, err, check.ErrParam)
}
