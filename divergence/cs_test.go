package divergence

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func gk(a, b []float64, s float64) float64 {
	var d2 float64
	for i := range a {
		t := a[i] - b[i]
		d2 += t * t
	}
	return math.Exp(-d2 / (2 * s * s))
}

// naiveCS is the literal double loop of the CS-IB code (_compute_cs).
func naiveCS(p, q *mat.Dense, s float64) float64 {
	n, _ := p.Dims()
	m, _ := q.Dims()
	var spp, sqq, spq float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			spp += gk(p.RawRowView(i), p.RawRowView(j), s)
		}
		for j := 0; j < m; j++ {
			spq += gk(p.RawRowView(i), q.RawRowView(j), s)
		}
	}
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			sqq += gk(q.RawRowView(i), q.RawRowView(j), s)
		}
	}
	fn, fm := float64(n), float64(m)
	return math.Log(spp/(fn*fn)) + math.Log(sqq/(fm*fm)) - 2*math.Log(spq/(fn*fm))
}

func TestCSGaussianClosedForm(t *testing.T) {
	// Two normals of variance σ² with means Δ apart: D_CS = Δ²/(2σ²).
	for _, tc := range []struct{ delta, s2 float64 }{{1, 1}, {2, 0.5}, {0.3, 4}} {
		got, err := CSGaussian([]float64{0}, scaledIdentity(1, tc.s2), []float64{tc.delta}, scaledIdentity(1, tc.s2))
		require.NoError(t, err)
		assert.InDelta(t, tc.delta*tc.delta/(2*tc.s2), got, 1e-12)
	}
	// d dimensions, isotropic: ‖Δ‖²/(2σ²) as well.
	got, err := CSGaussian([]float64{0, 0, 0}, scaledIdentity(3, 2), []float64{1, 1, 1}, scaledIdentity(3, 2))
	require.NoError(t, err)
	assert.InDelta(t, 3.0/4, got, 1e-12)
	// Unequal variances, 1-D: log∫p² = −½log(4πs₁), ∫pq = N(Δ; 0, s₁+s₂).
	s1, s2, dl := 1.0, 3.0, 0.5
	want := -0.5*math.Log(4*math.Pi*s1) - 0.5*math.Log(4*math.Pi*s2) -
		2*(-0.5*math.Log(2*math.Pi*(s1+s2))-dl*dl/(2*(s1+s2)))
	got, err = CSGaussian([]float64{0}, scaledIdentity(1, s1), []float64{dl}, scaledIdentity(1, s2))
	require.NoError(t, err)
	assert.InDelta(t, want, got, 1e-12)
}

func TestCSMixture(t *testing.T) {
	g := func(mu, s float64) Gaussian { return Gaussian{Mean: []float64{mu}, Cov: scaledIdentity(1, s)} }
	// One-component mixtures reduce to CSGaussian.
	a, err := CSMixture(Mixture{[]float64{1}, []Gaussian{g(0, 1)}}, Mixture{[]float64{2}, []Gaussian{g(1, 1)}})
	require.NoError(t, err)
	assert.InDelta(t, 0.5, a, 1e-12)
	// A mixture against itself (components in another order) is 0.
	p := Mixture{[]float64{0.3, 0.7}, []Gaussian{g(-1, 0.5), g(2, 1)}}
	q := Mixture{[]float64{0.7, 0.3}, []Gaussian{g(2, 1), g(-1, 0.5)}}
	z, err := CSMixture(p, q)
	require.NoError(t, err)
	assert.InDelta(t, 0, z, 1e-12)
	// Against a brute-force quadrature of the integrals.
	r := Mixture{[]float64{0.5, 0.5}, []Gaussian{g(0, 1), g(0.5, 2)}}
	dens := func(m Mixture, x float64) float64 {
		var s float64
		for i, c := range m.Components {
			v := c.Cov.At(0, 0)
			s += m.Weights[i] * math.Exp(-(x-c.Mean[0])*(x-c.Mean[0])/(2*v)) / math.Sqrt(2*math.Pi*v)
		}
		return s
	}
	var ipp, irr, ipr float64
	h := 1e-3
	for x := -20.0; x < 20; x += h {
		a, b := dens(p, x), dens(r, x)
		ipp += a * a * h
		irr += b * b * h
		ipr += a * b * h
	}
	got, err := CSMixture(p, r)
	require.NoError(t, err)
	assert.InDelta(t, math.Log(ipp)+math.Log(irr)-2*math.Log(ipr), got, 1e-8)
}

func TestCSEstimator(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	t.Run("matches naive loop", func(t *testing.T) {
		p := randGauss(rng, 120, 3, 1)
		q := shifted(randGauss(rng, 90, 3, 1.3), []float64{0.4, 0, -0.2})
		got, err := CS{Sigma: 0.8}.Divergence(p, q)
		require.NoError(t, err)
		assert.InDelta(t, naiveCS(p, q, 0.8), got, 1e-10)
	})
	t.Run("zero for identical samples", func(t *testing.T) {
		p := randGauss(rng, 500, 4, 1)
		got, err := CS{}.Divergence(p, p)
		require.NoError(t, err)
		assert.InDelta(t, 0, got, 1e-12)
	})
	t.Run("closed form of the smoothed Gaussians", func(t *testing.T) {
		// The estimator targets D_CS between p∗N(0,σ²/2) and q∗N(0,σ²/2):
		// P = N(0, I₂), Q = N((1,0), I₂), σ = 0.5 → ‖Δ‖²/(2·1.125) = 0.4444.
		// The V-statistic's diagonal adds ≈ 1/(n·E κ) ≈ 0.3 % inside each log;
		// sampling sd at n = m = 3000 is ≈ 0.015. Tolerance 0.05.
		n := 3000
		p := randGauss(rng, n, 2, 1)
		q := shifted(randGauss(rng, n, 2, 1), []float64{1, 0})
		sig := 0.5
		want, err := CSGaussian([]float64{0, 0}, scaledIdentity(2, 1+sig*sig/2), []float64{1, 0}, scaledIdentity(2, 1+sig*sig/2))
		require.NoError(t, err)
		got, err := CS{Sigma: sig}.Divergence(p, q)
		require.NoError(t, err)
		assert.InDelta(t, want, got, 0.05)
		assert.InDelta(t, 1/2.25, want, 1e-12)
	})
	t.Run("far apart stays finite", func(t *testing.T) {
		p := randGauss(rng, 50, 1, 1)
		q := shifted(randGauss(rng, 50, 1, 1), []float64{200})
		got, err := CS{Sigma: 1}.Divergence(p, q)
		require.NoError(t, err)
		assert.False(t, math.IsInf(got, 0))
		assert.Greater(t, got, 1e4)
	})
}

func TestKernelDeterministicAcrossProcs(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 48))
	p := randGauss(rng, 1500, 3, 1)
	q := randGauss(rng, 1300, 3, 1.2)
	run := func() [3]float64 {
		a, err := CS{}.Divergence(p, q)
		require.NoError(t, err)
		b, err := MMD{}.MMD2(p, q)
		require.NoError(t, err)
		c, err := CSQMI{}.MI(p, q.Slice(0, 1500-200, 0, 3).(*mat.Dense).Grow(200, 0))
		require.NoError(t, err)
		return [3]float64{a, b, c}
	}
	prev := runtime.GOMAXPROCS(1)
	one := run()
	runtime.GOMAXPROCS(prev)
	assert.Equal(t, one, run())
}

func TestMMD(t *testing.T) {
	rng := rand.New(rand.NewPCG(43, 44))
	// Closed form for isotropic normals with κ = exp(−‖a−b‖²/(2σ²)):
	// E κ(X, Y) = (σ²/(s₁+s₂+σ²))^(d/2) · exp(−‖Δ‖²/(2(s₁+s₂+σ²))).
	ek := func(s1, s2, d2, sig float64, d int) float64 {
		v := s1 + s2 + sig*sig
		return math.Pow(sig*sig/v, float64(d)/2) * math.Exp(-d2/(2*v))
	}
	sig := 1.0
	want := ek(1, 1, 0, sig, 2) + ek(1, 1, 0, sig, 2) - 2*ek(1, 1, 1, sig, 2)
	n := 3000
	p := randGauss(rng, n, 2, 1)
	q := shifted(randGauss(rng, n, 2, 1), []float64{1, 0})
	got, err := MMD{Sigma: sig}.MMD2(p, q)
	require.NoError(t, err)
	// sd of MMD²_u at n = 3000 with MMD² ≈ 0.1 is ≈ 0.005.
	assert.InDelta(t, want, got, 0.02)
	// Same distribution: unbiased, so ≈ 0 within its sd (≈ 1/n here).
	same, err := MMD{Sigma: sig}.MMD2(p, randGauss(rng, n, 2, 1))
	require.NoError(t, err)
	assert.InDelta(t, 0, same, 0.003)
}

func TestCondCSAndQMI(t *testing.T) {
	rng := rand.New(rand.NewPCG(45, 46))
	n := 80
	x := randGauss(rng, n, 2, 1)
	y := mat.NewDense(n, 1, nil)
	yh := mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		y.Set(i, 0, x.At(i, 0)+0.1*rng.NormFloat64())
		yh.Set(i, 0, y.At(i, 0)+0.3*rng.NormFloat64())
	}
	for _, code := range []bool{false, true} {
		e := CondCS{SigmaX: 0.7, SigmaY: 0.4, CodeNormaliser: code}
		got, err := e.Divergence(x, y, yh)
		require.NoError(t, err)
		assert.InDelta(t, naiveCondCS(x, y, yh, 0.7, 0.4, code), got, 1e-10, "code=%v", code)
		zero, err := e.Divergence(x, y, y)
		require.NoError(t, err)
		assert.InDelta(t, 0, zero, 1e-12, "ŷ = y gives 0")
	}
	a, err := CondCS{SigmaX: 0.7, SigmaY: 0.4}.Divergence(x, y, yh)
	require.NoError(t, err)
	b, err := CondCS{SigmaX: 0.7, SigmaY: 0.4, CodeNormaliser: true}.Divergence(x, y, yh)
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "the two normalisers are different quantities")

	e := CSQMI{SigmaX: 0.9, SigmaT: 0.5}
	got, err := e.MI(x, y)
	require.NoError(t, err)
	assert.InDelta(t, naiveQMI(x, y, 0.9, 0.5), got, 1e-10)
	assert.Greater(t, got, 0.0)
	one, err := CSQMI{SigmaX: 0.9, SigmaT: 0.9}.Normalized(x, x)
	require.NoError(t, err)
	assert.InDelta(t, 1, one, 1e-12)
	// Independent T: much smaller than dependent T.
	ind := randGauss(rng, n, 1, 1)
	small, err := e.MI(x, ind)
	require.NoError(t, err)
	assert.Less(t, small, got/3)
}

func naiveCondCS(x, y, yh *mat.Dense, sx, sy float64, code bool) float64 {
	n, _ := x.Dims()
	var a1, a2, a21 float64
	for j := 0; j < n; j++ {
		var s1, s2, s21, sk, skk float64
		for i := 0; i < n; i++ {
			k := gk(x.RawRowView(j), x.RawRowView(i), sx)
			s1 += k * gk(y.RawRowView(j), y.RawRowView(i), sy)
			s2 += k * gk(yh.RawRowView(j), yh.RawRowView(i), sy)
			s21 += k * gk(yh.RawRowView(j), y.RawRowView(i), sy)
			sk += k
			skk += k * k
		}
		S := sk * sk
		if code {
			S = skk
		}
		a1 += s1 / S
		a2 += s2 / S
		a21 += s21 / S
	}
	return math.Log(a1) + math.Log(a2) - 2*math.Log(a21)
}

func naiveQMI(x, t *mat.Dense, sx, st float64) float64 {
	n, _ := x.Dims()
	var tr, sk, sq, kq float64
	k1 := make([]float64, n)
	q1 := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k := gk(x.RawRowView(i), x.RawRowView(j), sx)
			q := gk(t.RawRowView(i), t.RawRowView(j), st)
			tr += k * q
			sk += k
			sq += q
			k1[i] += k
			q1[i] += q
		}
	}
	for i := range k1 {
		kq += k1[i] * q1[i]
	}
	N := float64(n)
	return math.Log(tr/(N*N)) + math.Log(sk*sq/(N*N*N*N)) - 2*math.Log(kq/(N*N*N))
}

func TestKernelErrors(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{0, 1, 2, 3, 4, 5})
	for _, tc := range []struct {
		name string
		run  func() error
		want error
	}{
		{"cs-dims", func() error { _, err := CS{}.Divergence(good, mat.NewDense(3, 1, nil)); return err }, check.ErrShape},
		{"cs-nan", func() error {
			_, err := CS{}.Divergence(good, mat.NewDense(1, 2, []float64{math.NaN(), 0}))
			return err
		}, check.ErrNonFinite},
		{"cs-sigma", func() error { _, err := CS{Sigma: -1}.Divergence(good, good); return err }, check.ErrParam},
		{"cs-tiny-sigma", func() error { _, err := CS{Sigma: 1e-200}.Divergence(good, good); return err }, check.ErrParam},
		{"qmi-tiny-sigma", func() error {
			_, err := CSQMI{SigmaX: 1e-320, SigmaT: 1}.MI(mat.NewDense(3, 1, []float64{1e10, 2, 3}), mat.NewDense(3, 1, []float64{1, 2, 3}))
			return err
		}, check.ErrParam},
		{"mmd-too-few", func() error { _, err := MMD{}.MMD2(good, mat.NewDense(1, 2, nil)); return err }, check.ErrTooFewSamples},
		{"cond-rows", func() error {
			_, err := CondCS{}.Divergence(good, mat.NewDense(2, 1, nil), mat.NewDense(2, 1, nil))
			return err
		}, check.ErrShape},
		{"qmi-rows", func() error { _, err := CSQMI{}.MI(good, mat.NewDense(2, 1, nil)); return err }, check.ErrShape},
		{"gauss-dims", func() error {
			_, err := CSGaussian([]float64{0}, scaledIdentity(1, 1), []float64{0, 0}, scaledIdentity(2, 1))
			return err
		}, check.ErrShape},
		{"gauss-notpd", func() error {
			_, err := KLGaussian([]float64{0}, scaledIdentity(1, 0), []float64{0}, scaledIdentity(1, 1))
			return err
		}, check.ErrNotPSD},
		{"bures-notpsd", func() error {
			_, err := W2Gaussian([]float64{0}, scaledIdentity(1, -1), []float64{0}, scaledIdentity(1, 1))
			return err
		}, check.ErrNotPSD},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}
