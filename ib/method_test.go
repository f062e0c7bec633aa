package ib

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// twelveBitJoint is p(x,y) of a 12-bit task like Shwartz-Ziv & Tishby's:
// x uniform over the 4096 patterns, y a deterministic function of x (here
// popcount(x) ≥ 6, which has p(y=1) ≈ 0.61).
func twelveBitJoint() *mat.Dense {
	p := mat.NewDense(4096, 2, nil)
	for x := 0; x < 4096; x++ {
		y := 0
		if bits.OnesCount(uint(x)) >= 6 {
			y = 1
		}
		p.Set(x, y, 1.0/4096)
	}
	return p
}

func randomJoint(rng *rand.Rand, nx, ny int) *mat.Dense {
	p := mat.NewDense(nx, ny, nil)
	for i := 0; i < nx; i++ {
		for j := 0; j < ny; j++ {
			p.Set(i, j, rng.Float64()*rng.Float64())
		}
	}
	return p
}

func TestNewJoint(t *testing.T) {
	j, err := NewJoint(mat.NewDense(2, 2, []float64{1, 0, 0, 1}))
	require.NoError(t, err)
	assert.InDelta(t, math.Ln2, j.IXY, 1e-15)
	assert.InDelta(t, math.Ln2, j.HX, 1e-15)

	bad := []struct {
		name string
		p    mat.Matrix
		want error
	}{
		{"negative", mat.NewDense(1, 2, []float64{1, -1}), check.ErrParam},
		{"zero", mat.NewDense(1, 2, []float64{0, 0}), check.ErrParam},
		{"nan", mat.NewDense(1, 2, []float64{math.NaN(), 1}), check.ErrNonFinite},
		{"nil", nil, check.ErrShape},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewJoint(c.p)
			require.Error(t, err)
			assert.True(t, errors.Is(err, c.want), err)
		})
	}
}

func TestReduceTwelveBit(t *testing.T) {
	j, err := NewJoint(twelveBitJoint())
	require.NoError(t, err)
	r, g := j.Reduce(0)
	assert.Equal(t, 4096, j.NX)
	assert.Equal(t, 2, r.NX, "x values with the same p(y|x) merge")
	assert.Len(t, g, 4096)
	assert.InDelta(t, j.IXY, r.IXY, 1e-15)
	assert.InDelta(t, 12*math.Ln2, j.HX, 1e-12)
	// deterministic y: I(X;Y) = H(Y) = H(G)
	assert.InDelta(t, j.HY, j.IXY, 1e-12)
	assert.InDelta(t, r.HX, r.IXY, 1e-12)
}

// The §8 properties of methods.md on random joints and the 12-bit task.
func TestFitProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	joints := map[string]*mat.Dense{
		"random3x4": randomJoint(rng, 3, 4),
		"random6x3": randomJoint(rng, 6, 3),
		"twelveBit": twelveBitJoint(),
		"identity":  mat.NewDense(3, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}),
	}
	for name, p := range joints {
		t.Run(name, func(t *testing.T) {
			j, err := NewJoint(p)
			require.NoError(t, err)
			r, _ := j.Reduce(0)
			m := Method{Seed: 3, Tmax: r.NX}
			pr := jointMatrix(r)
			// β → 0 gives I(X;T) → 0.
			s, err := m.Fit(pr, 1e-3)
			require.NoError(t, err)
			assert.Less(t, s.IXT, 1e-6, "β→0")
			// Large β with Tmax ≥ |X| gives I(T;Y) → I(X;Y). The gap of
			// the optimum is at most 1/β times a bounded term; 1% at β = 1e3.
			s, err = m.Fit(pr, 1e3)
			require.NoError(t, err)
			assert.InDelta(t, r.IXY, s.ITY, 0.01*r.IXY+1e-9, "β→∞")
			// Inequalities along the curve.
			c, err := m.Curve(p, CurveOptions{})
			require.NoError(t, err)
			require.NotEmpty(t, c.Points)
			for _, pt := range c.Points {
				assert.LessOrEqual(t, pt.ITY, c.IXY+1e-9)
				assert.LessOrEqual(t, pt.ITY, pt.IXT+1e-9)
				assert.LessOrEqual(t, pt.IXT, c.HX+1e-9)
				// slope of the curve is 1/β: with I(T;Y) ≤ I(X;Y) the
				// Lagrangian at the optimum is ≤ that of one cluster (0).
				assert.LessOrEqual(t, pt.L, 1e-9)
			}
			// The curve reaches I(X;Y) at the largest β (200).
			last := c.Points[len(c.Points)-1]
			assert.Greater(t, last.ITY, 0.95*c.IXY)
		})
	}
}

func jointMatrix(j *Joint) *mat.Dense {
	p := mat.NewDense(j.NX, j.NY, nil)
	for x := 0; x < j.NX; x++ {
		for y := 0; y < j.NY; y++ {
			p.Set(x, y, j.PX[x]*j.PYX[x*j.NY+y])
		}
	}
	return p
}

// Merging x values with identical p(y|x) leaves the optimal Lagrangian, and
// hence the curve, unchanged.
func TestReduceKeepsCurve(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	base := randomJoint(rng, 3, 3)
	// duplicate each row with different masses: 3 groups of 2 rows
	dup := mat.NewDense(6, 3, nil)
	for i := 0; i < 3; i++ {
		for k := 0; k < 3; k++ {
			dup.Set(2*i, k, 0.3*base.At(i, k))
			dup.Set(2*i+1, k, 0.7*base.At(i, k))
		}
	}
	m := Method{Seed: 1, Restarts: 6}
	for _, beta := range []float64{0.5, 2, 5, 20, 100} {
		full, err := m.Fit(dup, beta)
		require.NoError(t, err)
		red, err := m.Fit(base, beta)
		require.NoError(t, err)
		// The full problem's optimiser may land in a local optimum no
		// better than the reduced one; both are optima of the same curve.
		assert.InDelta(t, red.L, full.L, 1e-4, "beta %v", beta)
	}
	cr, err := m.Curve(dup, CurveOptions{})
	require.NoError(t, err)
	cn, err := m.Curve(dup, CurveOptions{NoReduce: true})
	require.NoError(t, err)
	assert.Equal(t, 3, cr.Reduced)
	assert.Equal(t, 6, cn.Reduced)
	assert.InDelta(t, cr.IXY, cn.IXY, 1e-12)
	// Same frontier: at each β the optimal L agrees.
	for i := range cr.Points {
		if i < len(cn.Points) && cr.Points[i].Beta == cn.Points[i].Beta {
			assert.InDelta(t, cr.Points[i].L, cn.Points[i].L, 1e-3, "beta %v", cr.Points[i].Beta)
		}
	}
}

// For y a function of x the optimal curve is I(T;Y) = I(X;T) up to H(Y).
func TestDeterministicCurveIsDiagonal(t *testing.T) {
	c, err := Method{Seed: 2}.Curve(twelveBitJoint(), CurveOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, c.Reduced)
	for _, p := range c.Points {
		assert.InDelta(t, p.IXT, p.ITY, 1e-6, "beta %v", p.Beta)
	}
	x, y := c.Frontier()
	assert.Equal(t, 0.0, x[0])
	assert.InDelta(t, c.IXY, y[len(y)-1], 1e-3*c.IXY)
}

func TestDIB(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := randomJoint(rng, 5, 3)
	m := Method{DIB: true, Seed: 1}
	c, err := m.Curve(p, CurveOptions{})
	require.NoError(t, err)
	for _, pt := range c.Points {
		// DIB encoders are deterministic: H(T|X) = 0, so I(X;T) = H(T).
		assert.InDelta(t, pt.HT, pt.IXT, 1e-9)
		assert.LessOrEqual(t, pt.ITY, c.IXY+1e-9)
	}
}

func TestCurveDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	p := randomJoint(rng, 4, 3)
	a, err := Method{Seed: 4}.Curve(p, CurveOptions{})
	require.NoError(t, err)
	b, err := Method{Seed: 4}.Curve(p, CurveOptions{})
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestMethodParams(t *testing.T) {
	p := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	_, err := Method{}.Fit(p, -1)
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = Method{Alpha: -1}.Fit(p, 1)
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = Method{}.Curve(p, CurveOptions{Betas: []float64{1, math.NaN()}})
	assert.ErrorIs(t, err, check.ErrParam)
}

// TestCurveWorkersAndProgress: the starts of a fit run in parallel, so the
// curve must be bit-identical for any worker count; Progress counts every
// fit once, in order.
func TestCurveWorkersAndProgress(t *testing.T) {
	p := randomJoint(rand.New(rand.NewPCG(7, 7)), 14, 3)
	for _, dib := range []bool{false, true} {
		var calls []int
		opt := CurveOptions{Progress: func(f int) { calls = append(calls, f) }}
		a, err := Method{Seed: 3, Workers: 1, DIB: dib}.Curve(p, opt)
		require.NoError(t, err)
		require.Len(t, calls, len(a.Points))
		for i, f := range calls {
			require.Equal(t, i+1, f)
		}
		b, err := Method{Seed: 3, Workers: 3, DIB: dib}.Curve(p, CurveOptions{})
		require.NoError(t, err)
		require.Equal(t, len(a.Points), len(b.Points))
		for i := range a.Points {
			assert.Equal(t, a.Points[i], b.Points[i], "dib=%v point %d", dib, i)
		}
	}
}

// TestEncoderEntropyShortcut: encoderStep takes H(T|X=x) from the
// soft-max's own logarithms; it must match the entropy of the rows it wrote
// (to rounding), for every α, including far clusters whose weight
// underflows to 0.
func TestEncoderEntropyShortcut(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	j, err := NewJoint(randomJoint(rng, 30, 4))
	require.NoError(t, err)
	for _, alpha := range []float64{1, 0.5, 3} {
		for _, beta := range []float64{0, 0.7, 20, 5000} {
			s := Method{}.randomState(j, 12, rng)
			s.marginals(j)
			s.encoderStep(j, beta, alpha, newScratch(j))
			require.True(t, s.hasHTX)
			for x := 0; x < j.NX; x++ {
				want := entropyOf(s.qtx[x*s.nt : (x+1)*s.nt])
				assert.InDelta(t, want, s.htx[x], 1e-12*(1+want), "α=%v β=%v x=%d", alpha, beta, x)
			}
		}
	}
}
