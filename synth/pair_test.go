package synth

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// bmiTruth holds the exact MI (nats) of the bmi tasks as tabulated in
// shared/peers.md §4 (recomputed there from the closed forms).
var bmiTruth = map[string]float64{
	"normal-1x1-rho0.75":            0.41333928659,
	"additive-uniform-eps0.1":       1.70943791243,
	"additive-uniform-eps0.75":      0.33333333333,
	"student-t-1x1-nu1":             0.22417142753,
	"normal-dense-2x2-rho0.5":       0.29389333245,
	"normal-dense-3x3-rho0.5":       0.41333928659,
	"normal-dense-5x5-rho0.5":       0.59281183283,
	"normal-dense-25x25-rho0.5":     1.29218372166,
	"normal-dense-50x50-rho0.5":     1.62426537430,
	"normal-sparse-2x2":             1.02165124753,
	"normal-sparse-3x3":             1.02165124753,
	"normal-sparse-5x5":             1.02165124753,
	"normal-sparse-25x25":           1.02165124753,
	"student-t-2x2-nu1":             0.43194562200,
	"student-t-2x2-nu2":             0.19314718056,
	"student-t-3x3-nu2":             0.29092192268,
	"student-t-3x3-nu3":             0.17871185309,
	"student-t-5x5-nu2":             0.44815067692,
	"student-t-5x5-nu3":             0.29854362265,
	"normal-cdf-normal-1x1-rho0.75": 0.41333928659,
	"asinh-student-t-2x2-nu1":       0.43194562200,
}

func TestMIClosedFormsMatchBMI(t *testing.T) {
	pairs := map[string]Pair{}
	add := func(p Pair, err error) {
		t.Helper()
		require.NoError(t, err)
		pairs[p.Name()] = p
	}
	add(BivariateNormal(0.75))
	add(NewAdditiveUniform(0.1))
	add(NewAdditiveUniform(0.75))
	for _, d := range []int{2, 3, 5, 25, 50} {
		add(DenseNormal(d, d, 0.5))
	}
	for _, d := range []int{2, 3, 5, 25} {
		add(SparseNormal(d, d, 2, 2))
	}
	add(NewStudentTPair(1, 1, 1, nil))
	for _, c := range []struct {
		d  int
		nu float64
	}{{2, 1}, {2, 2}, {3, 2}, {3, 3}, {5, 2}, {5, 3}} {
		add(NewStudentTPair(c.d, c.d, c.nu, nil))
	}
	for _, p := range Suite() {
		pairs[p.Name()] = p
	}
	for name, want := range bmiTruth {
		t.Run(name, func(t *testing.T) {
			p, ok := pairs[name]
			require.True(t, ok, "no pair named %q", name)
			assert.InDelta(t, want, p.MI(), 1e-10)
		})
	}
	t.Run("student-t-2x2-nu2=log2-1/2", func(t *testing.T) {
		assert.InDelta(t, math.Log(2)-0.5, pairs["student-t-2x2-nu2"].MI(), 1e-14)
	})
}

// TestSpecialisedMIMatchesLogDet checks that each closed-form shortcut agrees
// with the general ½ log(det Σ_XX det Σ_YY / det Σ) of NewMultinormal.
func TestSpecialisedMIMatchesLogDet(t *testing.T) {
	mk := func(m *Multinormal, err error) *Multinormal {
		t.Helper()
		require.NoError(t, err)
		return m
	}
	cases := []*Multinormal{
		mk(BivariateNormal(0.9)),
		mk(BivariateNormal(-0.3)),
		mk(GaussianChannel(3)),
		mk(DenseNormal(2, 3, 0.4)),
		mk(DenseNormal(4, 4, -0.1)),
		mk(SparseNormal(5, 4, 2, 2)),
		mk(SparseNormal(3, 3, 3, 0.7)),
	}
	for _, m := range cases {
		t.Run(m.Name(), func(t *testing.T) {
			dx, dy := m.Dims()
			g, err := NewMultinormal(dx, dy, m.Covariance())
			require.NoError(t, err)
			assert.InDelta(t, g.MI(), m.MI(), 1e-10)
		})
	}
	t.Run("rho0.9", func(t *testing.T) {
		assert.InDelta(t, -0.5*math.Log(0.19), cases[0].MI(), 1e-14)
	})
	t.Run("channel", func(t *testing.T) {
		assert.InDelta(t, 0.5*math.Log(4), cases[2].MI(), 1e-14)
	})
}

// TestMIMonteCarlo checks every closed form against the Monte-Carlo mean of
// the pointwise MI, log p(x,y) − log p(x) − log p(y), over n = 100000 draws,
// within 5 standard errors (se = sd(PMI)/√n, 0.001–0.006 here). This is the
// independent numerical check of the Student-t formula (the entropy form; the
// published closed MI form has a slip and would fail it).
func TestMIMonteCarlo(t *testing.T) {
	const n = 100000
	var pairs []Pair
	for _, p := range Suite() {
		if _, ok := p.(PointwiseMI); ok {
			pairs = append(pairs, p)
		}
	}
	for _, c := range []struct {
		d  int
		nu float64
	}{{2, 1}, {3, 2}, {5, 2}, {5, 3}} {
		p, err := NewStudentTPair(c.d, c.d, c.nu, nil)
		require.NoError(t, err)
		pairs = append(pairs, p)
	}
	// A Student-t with a non-identity dispersion: I = I_Gauss + correction.
	disp := mat.NewSymDense(3, []float64{1, 0.5, 0.2, 0.5, 2, 0.7, 0.2, 0.7, 1.5})
	tp, err := NewStudentTPair(1, 2, 4, disp)
	require.NoError(t, err)
	pairs = append(pairs, tp)
	gc, err := GaussianChannel(2)
	require.NoError(t, err)
	pairs = append(pairs, gc)
	require.GreaterOrEqual(t, len(pairs), 15)

	for i, p := range pairs {
		t.Run(p.Name(), func(t *testing.T) {
			x, y := p.Sample(n, rand.New(rand.NewPCG(uint64(i), 99)))
			pmi := make([]float64, n)
			for k := range pmi {
				pmi[k] = p.(PointwiseMI).PMI(x.RawRowView(k), y.RawRowView(k))
			}
			mean, sd := stat.MeanStdDev(pmi, nil)
			se := sd / math.Sqrt(n)
			assert.InDelta(t, p.MI(), mean, 5*se+1e-12, "se %.4g", se)
		})
	}
}

func TestSuite(t *testing.T) {
	suite := Suite()
	seen := map[string]bool{}
	for i, p := range suite {
		t.Run(p.Name(), func(t *testing.T) {
			assert.False(t, seen[p.Name()], "duplicate name")
			seen[p.Name()] = true
			assert.GreaterOrEqual(t, p.MI(), 0.0)
			dx, dy := p.Dims()
			x, y := p.Sample(200, rand.New(rand.NewPCG(uint64(i), 1)))
			rx, cx := x.Dims()
			ry, cy := y.Dims()
			assert.Equal(t, []int{200, dx, 200, dy}, []int{rx, cx, ry, cy})
			x2, y2 := p.Sample(200, rand.New(rand.NewPCG(uint64(i), 1)))
			assert.True(t, mat.Equal(x, x2) && mat.Equal(y, y2), "not deterministic")
			for _, m := range []*mat.Dense{x, y} {
				for _, v := range m.RawMatrix().Data {
					require.False(t, math.IsNaN(v) || math.IsInf(v, 0))
				}
			}
		})
	}
	assert.Contains(t, seen, "normal-1x1-rho0.9")
	assert.Contains(t, seen, "normal-sparse-5x5")
	assert.Contains(t, seen, "independent-1x1")
	p, ok := SuitePair("normal-sparse-5x5")
	require.True(t, ok)
	assert.InDelta(t, 1.0216512475, p.MI(), 1e-10)
	_, ok = SuitePair("nope")
	assert.False(t, ok)
}

// TestTransformed checks that a transformed pair is exactly its base pushed
// through the maps, and that every map is strictly increasing on a grid.
func TestTransformed(t *testing.T) {
	base, err := SparseNormal(3, 2, 2, 2)
	require.NoError(t, err)
	for _, m := range [][2]Map{{Asinh, Asinh}, {HalfCube, HalfCube}, {NormalCDF, NormalCDF}, {WigglyX, WigglyY}, {Identity, Asinh}} {
		tr := Transform(base, m[0], m[1])
		t.Run(tr.Name(), func(t *testing.T) {
			assert.Equal(t, base.MI(), tr.MI())
			bx, by := base.Sample(100, rand.New(rand.NewPCG(5, 5)))
			x, y := tr.Sample(100, rand.New(rand.NewPCG(5, 5)))
			for i := 0; i < 100; i++ {
				for j := 0; j < 3; j++ {
					require.Equal(t, m[0].F(bx.At(i, j)), x.At(i, j))
				}
				for j := 0; j < 2; j++ {
					require.Equal(t, m[1].F(by.At(i, j)), y.At(i, j))
				}
			}
			for _, f := range m {
				prev := f.F(-5)
				for v := -5 + 1e-3; v <= 5; v += 1e-3 {
					cur := f.F(v)
					require.Greater(t, cur, prev, "%s not increasing at %v", f.Name, v)
					prev = cur
				}
			}
		})
	}
}

// TestMultinormalSampleCovariance: sample covariance of the dense 2×3 pair at
// n = 100000 (entries within 5 standard errors √((1+ρ²)/n) ≈ 0.017).
func TestMultinormalSampleCovariance(t *testing.T) {
	const n = 100000
	m, err := DenseNormal(2, 3, 0.4)
	require.NoError(t, err)
	x, y := m.Sample(n, rand.New(rand.NewPCG(8, 8)))
	xy := mat.NewDense(n, 5, nil)
	xy.Augment(x, y)
	var got mat.SymDense
	stat.CovarianceMatrix(&got, xy, nil)
	want := m.Covariance()
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			se := math.Sqrt((1 + want.At(i, j)*want.At(i, j)) / n)
			assert.InDelta(t, want.At(i, j), got.At(i, j), 5*se)
		}
	}
}

func TestAdditiveUniformSupport(t *testing.T) {
	a, err := NewAdditiveUniform(0.3)
	require.NoError(t, err)
	x, y := a.Sample(10000, rand.New(rand.NewPCG(1, 1)))
	for i := 0; i < 10000; i++ {
		require.True(t, x.At(i, 0) >= 0 && x.At(i, 0) < 1)
		require.LessOrEqual(t, math.Abs(y.At(i, 0)-x.At(i, 0)), 0.3)
	}
	// Continuity of the closed form at ε = ½: both branches give log-free ½.
	lo, _ := NewAdditiveUniform(0.5)
	hi, _ := NewAdditiveUniform(0.5 + 1e-12)
	assert.InDelta(t, lo.MI(), hi.MI(), 1e-9)
	assert.InDelta(t, 0.5, lo.MI(), 1e-15)
}

// TestIndependentIsUncorrelated: sample correlations of an independent pair
// at n = 50000 are within 5/√n ≈ 0.022 of zero.
func TestIndependentIsUncorrelated(t *testing.T) {
	const n = 50000
	u, _ := NewUniform([]float64{0, 0}, []float64{1, 1})
	p := Independent{X: StandardGaussian(3), Y: u}
	assert.Equal(t, "independent-gaussian-3d-uniform-2d", p.Name())
	x, y := p.Sample(n, rand.New(rand.NewPCG(2, 3)))
	for i := 0; i < 3; i++ {
		for j := 0; j < 2; j++ {
			r := stat.Correlation(mat.Col(nil, i, x), mat.Col(nil, j, y), nil)
			assert.InDelta(t, 0, r, 5/math.Sqrt(n))
		}
	}
}

func TestPairConstructorErrors(t *testing.T) {
	cases := map[string]func() error{
		"rho 1":         func() error { _, err := BivariateNormal(1); return err },
		"dense not PD":  func() error { _, err := DenseNormal(2, 2, -0.5); return err },
		"sparse pairs":  func() error { _, err := SparseNormal(2, 3, 3, 1); return err },
		"cov size":      func() error { _, err := NewMultinormal(1, 2, identity(2)); return err },
		"channel snr":   func() error { _, err := GaussianChannel(0); return err },
		"student nu":    func() error { _, err := NewStudentTPair(1, 1, -1, nil); return err },
		"additive eps":  func() error { _, err := NewAdditiveUniform(0); return err },
		"student dims":  func() error { _, err := NewStudentTPair(0, 1, 1, nil); return err },
		"sparse lambda": func() error { _, err := SparseNormal(2, 2, 1, math.NaN()); return err },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) { assert.Error(t, f()) })
	}
}
