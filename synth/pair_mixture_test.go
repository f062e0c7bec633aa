package synth

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestGaussianMixtureMap: F(map(t)) = Φ(t) to 1e-12 on a grid (the map is a
// quantile transform), the map is increasing, and mapped standard normals
// follow the mixture (DKW bound as in TestSampleMarginals, n = 20000).
func TestGaussianMixtureMap(t *testing.T) {
	w, mu, sd := []float64{0.3, 0.7}, []float64{0, 5}, []float64{1, 1}
	m, err := GaussianMixtureMap("bimodal", w, mu, sd)
	require.NoError(t, err)
	cdf := func(y float64) float64 {
		return w[0]*distuv.UnitNormal.CDF((y-mu[0])/sd[0]) + w[1]*distuv.UnitNormal.CDF((y-mu[1])/sd[1])
	}
	prev := math.Inf(-1)
	for v := -6.0; v <= 6; v += 0.01 {
		y := m.F(v)
		require.Greater(t, y, prev, "not increasing at %v", v)
		prev = y
		assert.InDelta(t, distuv.UnitNormal.CDF(v), cdf(y), 1e-12, "t = %v", v)
	}
	const n = 20000
	eps := math.Sqrt(math.Log(2/1e-6) / (2 * n))
	x := StandardGaussian(1).Sample(n, rand.New(rand.NewPCG(4, 4)))
	col := mat.Col(nil, 0, x)
	for i := range col {
		col[i] = m.F(col[i])
	}
	sort.Float64s(col)
	sup := 0.0
	for k, v := range col {
		f := cdf(v)
		sup = math.Max(sup, math.Max(math.Abs(float64(k+1)/n-f), math.Abs(float64(k)/n-f)))
	}
	assert.Less(t, sup, eps)

	_, err = GaussianMixtureMap("bad", []float64{1}, []float64{0, 1}, []float64{1})
	assert.Error(t, err)
	_, err = GaussianMixtureMap("bad", []float64{1}, []float64{0}, []float64{0})
	assert.Error(t, err)
}

func TestExtendedSuite(t *testing.T) {
	ext := ExtendedSuite()
	base := Suite()
	require.Greater(t, len(ext), len(base))
	for i, p := range base {
		assert.Equal(t, p.Name(), ext[i].Name(), "Suite must be a prefix")
	}
	seen := map[string]bool{}
	for i, p := range ext {
		assert.False(t, seen[p.Name()], "duplicate %s", p.Name())
		seen[p.Name()] = true
		x, y := p.Sample(50, rand.New(rand.NewPCG(uint64(i), 3)))
		dx, dy := p.Dims()
		assert.Equal(t, dx, x.RawMatrix().Cols)
		assert.Equal(t, dy, y.RawMatrix().Cols)
		for _, v := range append(x.RawMatrix().Data, y.RawMatrix().Data...) {
			require.False(t, math.IsNaN(v) || math.IsInf(v, 0), p.Name())
		}
	}
	b, err := Bimodal(0.75)
	require.NoError(t, err)
	assert.InDelta(t, 0.41333928659, b.MI(), 1e-10)
	assert.True(t, seen["bimodal-normal-1x1-rho0.75"])
	assert.True(t, seen["spiral-normal-sparse-5x5"])
	assert.True(t, seen["normal-dense-25x25-rho0.5"])
}
