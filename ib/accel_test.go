package ib

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// dirichletJoint is p(x,y) drawn from the flat Dirichlet over the nx×ny
// cells (independent exponentials, normalised by NewJoint).
func dirichletJoint(seed uint64, nx, ny int) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 77))
	p := mat.NewDense(nx, ny, nil)
	for i := 0; i < nx; i++ {
		for j := 0; j < ny; j++ {
			p.Set(i, j, rng.ExpFloat64())
		}
	}
	return p
}

// nearDeterministicJoint has y = x mod ny with probability 1 − eps and a
// uniform other value otherwise, with p(x) drawn at random.
func nearDeterministicJoint(seed uint64, nx, ny int, eps float64) *mat.Dense {
	rng := rand.New(rand.NewPCG(seed, 78))
	p := mat.NewDense(nx, ny, nil)
	for i := 0; i < nx; i++ {
		px := rng.ExpFloat64()
		for j := 0; j < ny; j++ {
			v := eps / float64(ny-1)
			if j == i%ny {
				v = 1 - eps
			}
			// a small random tilt keeps the rows distinct
			p.Set(i, j, px*v*(1+0.2*rng.Float64()))
		}
	}
	return p
}

// frontierShortfall is how far (nats) the frontier of b lies below that of
// a at worst: the largest a-frontier point's I(T;Y) minus b's frontier at
// the same I(X;T), b's frontier drawn as the figure draws it (straight
// segments between its points, flat after the last).
func frontierShortfall(a, b *Curve) float64 {
	ax, ay := a.Frontier()
	bx, by := b.Frontier()
	at := func(x float64) float64 {
		for i := 1; i < len(bx); i++ {
			if x <= bx[i] {
				return by[i-1] + (x-bx[i-1])/(bx[i]-bx[i-1])*(by[i]-by[i-1])
			}
		}
		return by[len(by)-1]
	}
	worst := 0.0
	for i := range ax {
		worst = math.Max(worst, ay[i]-at(ax[i]))
	}
	return worst
}

// TestCurveMatchesLegacy: the accelerated curve's frontier is nowhere more
// than 1e-4 bits below the frontier of the session-5 algorithm (plain
// iterations, random restarts at every β). The two differ by where they
// place their β and by which local optima their starts find, so they are
// not equal; on these joints the old one is 1e-5 to 2e-5 bits above the new
// one in places and 1e-4 to 2e-3 bits below it in others.
func TestCurveMatchesLegacy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the slow legacy algorithm")
	}
	cases := []struct {
		name string
		p    *mat.Dense
	}{
		{"dirichlet12x2", dirichletJoint(1, 12, 2)},
		{"dirichlet20x3", dirichletJoint(3, 20, 3)},
		{"nearDeterministic10x2", nearDeterministicJoint(1, 10, 2, 0.02)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			old, err := Method{Seed: 1, legacy: true}.Curve(c.p, CurveOptions{})
			require.NoError(t, err)
			nw, err := Method{Seed: 1}.Curve(c.p, CurveOptions{})
			require.NoError(t, err)
			assert.Less(t, Bits(frontierShortfall(old, nw)), 1e-4, "new frontier below the old one")
			// and the new curve satisfies the bounds of an IB curve
			for _, pt := range nw.Points {
				assert.LessOrEqual(t, pt.ITY, nw.IXY+1e-9)
				assert.LessOrEqual(t, pt.ITY, pt.IXT+1e-9)
				assert.LessOrEqual(t, pt.IXT, nw.HX+1e-9)
			}
		})
	}
}

// mergeClusters is exact for clusters with equal q(y|t): one step from the
// merged state gives the same encoder, summed over each merged group, as
// one step from the unmerged state.
func TestMergeClustersExact(t *testing.T) {
	j, err := NewJoint(dirichletJoint(4, 9, 3))
	require.NoError(t, err)
	s := Method{}.randomState(j, 3, rand.New(rand.NewPCG(1, 1)))
	// split cluster 0 into 0 and 3 (60/40) and cluster 1 into 1 and 4
	// (50/50): the copies have the same q(y|t)
	d := &state{nt: 5, qtx: make([]float64, j.NX*5)}
	for x := 0; x < j.NX; x++ {
		r := s.qtx[x*3 : x*3+3]
		copy(d.qtx[x*5:], []float64{0.6 * r[0], 0.5 * r[1], r[2], 0.4 * r[0], 0.5 * r[1]})
	}
	s.marginals(j)
	d.marginals(j)
	require.True(t, mergeClusters(j, d, 1e-12))
	require.Equal(t, 3, d.nt)
	for i := range s.qyt {
		assert.InDelta(t, s.qyt[i], d.qyt[i], 1e-14)
	}
	for _, beta := range []float64{0.5, 3, 40} {
		a, b := &state{}, &state{}
		a.copyFrom(s)
		b.copyFrom(d)
		a.step(j, beta, 1, newScratch(j))
		b.step(j, beta, 1, newScratch(j))
		require.Equal(t, a.nt, b.nt)
		for i := range a.qtx {
			assert.InDelta(t, a.qtx[i], b.qtx[i], 1e-13, "β=%v", beta)
		}
	}
	// distinct clusters are left alone
	assert.False(t, mergeClusters(j, s, 1e-12))
}

// iterateAccel reaches a Lagrangian at least as low as the plain iteration
// (to its tolerance) from the same start, in fewer steps.
func TestIterateAccel(t *testing.T) {
	j, err := NewJoint(dirichletJoint(5, 16, 3))
	require.NoError(t, err)
	for _, beta := range []float64{2, 5, 20, 100} {
		m := Method{}
		a := m.randomState(j, j.NX, rand.New(rand.NewPCG(2, uint64(beta))))
		b := &state{}
		b.copyFrom(a)
		sa, ia, _ := m.iteratePlain(j, a, beta)
		sb, ib, _ := m.iterateAccel(j, b, beta)
		la, lb := m.lagrangian(j, sa, beta), m.lagrangian(j, sb, beta)
		assert.LessOrEqual(t, lb, la+1e-8, "β=%v", beta)
		assert.LessOrEqual(t, ib, ia, "β=%v: steps", beta)
	}
}

// chordGap bounds the chord's distance below a concave curve: on
// y = √x (slope 1/β = 1/(2√x)) the bound is at least the true largest
// distance, and 1/c, where it splits, lies between the two β.
func TestChordGap(t *testing.T) {
	pt := func(x float64) Solution { return Solution{IXT: x, ITY: math.Sqrt(x), Beta: 2 * math.Sqrt(x)} }
	for _, c := range [][2]float64{{0.1, 0.2}, {1, 4}, {0.01, 9}} {
		a, b := pt(c[0]), pt(c[1])
		g, mid := chordGap(a, b)
		slope := (b.ITY - a.ITY) / (b.IXT - a.IXT)
		// the curve is farthest from the chord where its slope equals the chord's
		xs := 1 / (4 * slope * slope)
		truth := math.Sqrt(xs) - (a.ITY + slope*(xs-a.IXT))
		assert.GreaterOrEqual(t, g, truth*(1-1e-12), "%v", c)
		assert.LessOrEqual(t, g, 2*truth*(1+1e-12), "%v: the tangent triangle is at most twice the sagitta", c)
		assert.Greater(t, mid, a.Beta)
		assert.Less(t, mid, b.Beta)
	}
	// a point beaten by its neighbour at its own β: the gap in I(T;Y)
	g, _ := chordGap(Solution{IXT: 1, ITY: 0.1, Beta: 10}, Solution{IXT: 1.1, ITY: 0.3, Beta: 12})
	assert.InDelta(t, 0.2, g, 1e-15)
}

// A step of the accelerated iteration allocates nothing once its buffers
// have grown.
func TestStepNoAlloc(t *testing.T) {
	j, err := NewJoint(dirichletJoint(6, 12, 3))
	require.NoError(t, err)
	s := Method{}.randomState(j, 6, rand.New(rand.NewPCG(3, 3)))
	s.marginals(j)
	sc := newScratch(j)
	s.step(j, 5, 1, sc)
	a := testing.AllocsPerRun(20, func() { s.step(j, 5, 1, sc) })
	assert.Zero(t, a)
}
