package vendi

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

var readmeK = mat.NewDense(3, 3, []float64{1, .9, 0, .9, 1, 0, 0, 0, 1})

func TestScoreReadmeExample(t *testing.T) {
	// Reference values recomputed in methods.md §4 from the eigenvalues
	// 1.9/3, 1/3, 0.1/3 (exact to 1e-10 in floating point).
	for _, tc := range []struct {
		name string
		q    float64
		want float64
	}{
		{"q=1", 1, 2.1573004834},
		{"q=2", 2, 1.9480519481},
		{"q=inf", math.Inf(1), 1.5789473684},
		{"q=0.5", 0.5, 2.4203483571},
		{"q=0", 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Score(readmeK, tc.q)
			require.NoError(t, err)
			assert.InDelta(t, tc.want, got, 1e-9)
		})
	}
}

func TestScoreInvariants(t *testing.T) {
	ones := mat.NewDense(5, 5, nil)
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			ones.Set(i, j, 1)
		}
	}
	eye := mat.NewDiagDense(5, []float64{1, 1, 1, 1, 1})
	// Three groups of duplicates (sizes 1, 2, 3), orthogonal across groups.
	group := []int{0, 1, 1, 2, 2, 2}
	blocks := mat.NewDense(6, 6, nil)
	for i := range group {
		for j := range group {
			if group[i] == group[j] {
				blocks.Set(i, j, 1)
			}
		}
	}
	for _, q := range []float64{0, 0.5, 1, 2, 7, math.Inf(1)} {
		t.Run("identical", func(t *testing.T) {
			got, err := Score(ones, q)
			require.NoError(t, err)
			assert.InDelta(t, 1, got, 1e-9, "q=%v", q)
		})
		t.Run("orthogonal", func(t *testing.T) {
			got, err := Score(eye, q)
			require.NoError(t, err)
			assert.InDelta(t, 5, got, 1e-9, "q=%v", q)
		})
		t.Run("weighted-groups", func(t *testing.T) {
			// Weighting each group to total mass 1/3 makes the m = 3
			// groups equally likely, so every order gives exactly 3.
			p := []float64{2, 1, 1, 2.0 / 3, 2.0 / 3, 2.0 / 3}
			got, err := ScoreWeighted(blocks, p, q)
			require.NoError(t, err)
			assert.InDelta(t, 3, got, 1e-9, "q=%v", q)
		})
	}
	t.Run("equal-groups", func(t *testing.T) {
		// m = 4 groups of 3 duplicates, orthogonal across groups: VS = 4 at every order.
		k := mat.NewDense(12, 12, nil)
		for i := 0; i < 12; i++ {
			for j := 0; j < 12; j++ {
				if i/3 == j/3 {
					k.Set(i, j, 1)
				}
			}
		}
		for _, q := range []float64{0, 0.5, 1, 2, math.Inf(1)} {
			got, err := Score(k, q)
			require.NoError(t, err)
			assert.InDelta(t, 4, got, 1e-9, "q=%v", q)
		}
	})
}

func TestScoreSamplesExample(t *testing.T) {
	// README: samples [0,0,10,10,20,20] with k(a,b) = exp(−|a−b|) → 2.9999999959
	// (recomputed); VS_∞ = 2.9998073937.
	x := mat.NewDense(6, 1, []float64{0, 0, 10, 10, 20, 20})
	k := Func(func(a, b []float64) float64 { return math.Exp(-math.Abs(a[0] - b[0])) })
	got, err := ScoreFeatures(x, k, 1)
	require.NoError(t, err)
	assert.InDelta(t, 2.9999999959, got, 1e-9)
	got, err = ScoreFeatures(x, k, math.Inf(1))
	require.NoError(t, err)
	assert.InDelta(t, 2.9998073937, got, 1e-9)
}

func TestScoreNonIncreasingInQ(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := randNormal(rng, 40, 5)
	qs := []float64{0, 0.25, 0.5, 0.9, 1, 1.1, 2, 3, 10, 100, math.Inf(1)}
	for _, kern := range []Kernel{Cosine{}, RBF{Sigma: 1.5}} {
		prev := math.Inf(1)
		for _, q := range qs {
			v, err := ScoreFeatures(x, kern, q)
			require.NoError(t, err)
			assert.LessOrEqual(t, v, prev*(1+1e-12), "q=%v kernel %T", q, kern)
			assert.GreaterOrEqual(t, v, 1-1e-12)
			assert.LessOrEqual(t, v, 40+1e-9)
			prev = v
		}
	}
}

func TestFeaturePathEqualsMatrixPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, d := 60, 7
	x := randNormal(rng, n, d)
	p := make([]float64, n)
	for i := range p {
		p[i] = rng.Float64() + 0.1
	}
	for _, q := range []float64{0, 0.5, 1, 2, math.Inf(1)} {
		for _, w := range [][]float64{nil, p} {
			// Reference: cosine similarity built entrywise, then the n×n path.
			cos := Func(Cosine{}.Eval)
			want, err := ScoreFeaturesWeighted(x, cos, w, q)
			require.NoError(t, err)
			got, err := ScoreFeaturesWeighted(x, Cosine{}, w, q)
			require.NoError(t, err)
			assert.InDelta(t, want, got, 1e-9*want, "q=%v weighted=%v", q, w != nil)
			// d ≥ n takes the n×n product path: transpose-size problem.
			small := x.Slice(0, 5, 0, d)
			want, err = ScoreFeatures(small, cos, q)
			require.NoError(t, err)
			got, err = ScoreFeatures(small, Cosine{}, q)
			require.NoError(t, err)
			assert.InDelta(t, want, got, 1e-9*want, "q=%v small", q)
		}
	}
	t.Run("linear-equals-cosine-on-unit-rows", func(t *testing.T) {
		u := mat.DenseCopyOf(x)
		for i := 0; i < n; i++ {
			row := u.RawRowView(i)
			nr := math.Sqrt(dot(row, row))
			for j := range row {
				row[j] /= nr
			}
		}
		a, err := ScoreFeatures(u, Linear{}, 1)
		require.NoError(t, err)
		b, err := ScoreFeatures(x, Cosine{}, 1)
		require.NoError(t, err)
		assert.InDelta(t, a, b, 1e-10)
	})
}

func TestScoreOrthogonalFeatures(t *testing.T) {
	// n orthogonal embeddings give n, identical ones give 1 (d > n and d < n paths).
	x := mat.NewDense(4, 6, nil)
	for i := 0; i < 4; i++ {
		x.Set(i, i, float64(i+1))
	}
	got, err := ScoreFeatures(x, Cosine{}, 1)
	require.NoError(t, err)
	assert.InDelta(t, 4, got, 1e-12)
	y := mat.NewDense(10, 3, nil)
	for i := 0; i < 10; i++ {
		y.SetRow(i, []float64{1, 2, 3})
	}
	got, err = ScoreFeatures(y, Cosine{}, 1)
	require.NoError(t, err)
	assert.InDelta(t, 1, got, 1e-12)
	got, err = ScoreFeatures(y, RBF{}, 2)
	require.NoError(t, err)
	assert.InDelta(t, 1, got, 1e-12)
}

func TestScoreErrors(t *testing.T) {
	notPSD := mat.NewDense(3, 3, []float64{1, .9, 0, .9, 1, .9, 0, .9, 1}) // λ_min = 1 − 0.9√2 < 0
	asym := mat.NewDense(2, 2, []float64{1, .5, .4, 1})
	diag := mat.NewDense(2, 2, []float64{2, 0, 0, 1})
	nan := mat.NewDense(2, 2, []float64{1, math.NaN(), math.NaN(), 1})
	for _, tc := range []struct {
		name string
		run  func() error
		want error
	}{
		{"not-psd", func() error { _, err := Score(notPSD, 1); return err }, check.ErrNotPSD},
		{"asymmetric", func() error { _, err := Score(asym, 1); return err }, check.ErrNotPSD},
		{"diagonal", func() error { _, err := Score(diag, 1); return err }, check.ErrParam},
		{"nan", func() error { _, err := Score(nan, 1); return err }, check.ErrNonFinite},
		{"non-square", func() error { _, err := Score(mat.NewDense(2, 3, nil), 1); return err }, check.ErrShape},
		{"negative-q", func() error { _, err := Score(readmeK, -1); return err }, check.ErrParam},
		{"nan-q", func() error { _, err := Score(readmeK, math.NaN()); return err }, check.ErrParam},
		{"weights-len", func() error { _, err := ScoreWeighted(readmeK, []float64{1, 1}, 1); return err }, check.ErrShape},
		{"weights-neg", func() error { _, err := ScoreWeighted(readmeK, []float64{1, -1, 1}, 1); return err }, check.ErrParam},
		{"zero-row-cosine", func() error {
			_, err := ScoreFeatures(mat.NewDense(3, 2, []float64{1, 0, 0, 0, 0, 1}), Cosine{}, 1)
			return err
		}, check.ErrParam},
		{"nan-features", func() error {
			_, err := ScoreFeatures(mat.NewDense(2, 1, []float64{1, math.NaN()}), Cosine{}, 1)
			return err
		}, check.ErrNonFinite},
		{"bad-func-diag", func() error {
			_, err := ScoreFeatures(mat.NewDense(2, 1, []float64{1, 2}), Func(func(a, b []float64) float64 { return 0.5 }), 1)
			return err
		}, check.ErrParam},
		{"negative-sigma", func() error {
			_, err := ScoreFeatures(mat.NewDense(2, 1, []float64{1, 2}), RBF{Sigma: -1}, 1)
			return err
		}, check.ErrParam},
		{"nil-kernel", func() error { _, err := ScoreFeatures(mat.NewDense(2, 1, []float64{1, 2}), nil, 1); return err }, check.ErrParam},
		{"empty-spectrum", func() error { _, err := FromSpectrum(nil, 1); return err }, check.ErrTooFewSamples},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "got %v", err)
		})
	}
}

func TestGramPathMultiBlock(t *testing.T) {
	// n = 9000 spans three row blocks and a partial chunk, d = 21 is odd:
	// compare with gonum's XᵀX of the normalised rows.
	rng := rand.New(rand.NewPCG(7, 8))
	n, d := 9000, 21
	x := randNormal(rng, n, d)
	u := mat.DenseCopyOf(x)
	for i := 0; i < n; i++ {
		row := u.RawRowView(i)
		nr := math.Sqrt(dot(row, row))
		for j := range row {
			row[j] /= nr
		}
	}
	var g mat.Dense
	g.Mul(u.T(), u)
	sym := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			sym.SetSym(i, j, g.At(i, j))
		}
	}
	var e mat.EigenSym
	require.True(t, e.Factorize(sym, false))
	for _, q := range []float64{0.5, 1, 2, math.Inf(1)} {
		want, err := FromSpectrum(e.Values(nil), q)
		require.NoError(t, err)
		got, err := ScoreFeatures(x, Cosine{}, q)
		require.NoError(t, err)
		assert.InDelta(t, want, got, 1e-10*want, "q=%v", q)
	}
}

func TestFeatureScoreDeterministicAcrossProcs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := randNormal(rng, 9000, 20)
	prev := runtime.GOMAXPROCS(1)
	a, err := ScoreFeatures(x, Cosine{}, 1)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	b, err := ScoreFeatures(x, Cosine{}, 1)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestFromSpectrum(t *testing.T) {
	got, err := FromSpectrum([]float64{1.9, 1, 0.1}, 1) // unnormalised README spectrum
	require.NoError(t, err)
	assert.InDelta(t, 2.1573004834, got, 1e-9)
}

func randNormal(rng *rand.Rand, n, d int) *mat.Dense {
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	return x
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// TestRBFScaleInvariance: the RBF Vendi score with the median width, or with
// a width scaled like the data, does not change when the data are multiplied
// by any power of two, including 2^±700, where squared distances would over-
// or underflow without rescaling.
func TestRBFScaleInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const n, d = 60, 2
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			x.Set(i, j, rng.NormFloat64())
		}
	}
	median, err := ScoreFeatures(x, RBF{}, 1)
	require.NoError(t, err)
	fixed, err := ScoreFeatures(x, RBF{Sigma: 0.5}, 1)
	require.NoError(t, err)
	require.Greater(t, median, 1.5)
	for _, e := range []int{-700, -200, 5, 200, 700} {
		var y mat.Dense
		y.Scale(math.Ldexp(1, e), x)
		got, err := ScoreFeatures(&y, RBF{}, 1)
		require.NoError(t, err, "2^%d", e)
		assert.InDelta(t, median, got, 1e-9*median, "median width, 2^%d", e)
		got, err = ScoreFeatures(&y, RBF{Sigma: math.Ldexp(0.5, e)}, 1)
		require.NoError(t, err, "2^%d", e)
		assert.InDelta(t, fixed, got, 1e-9*fixed, "σ scaled alike, 2^%d", e)
	}
}

// TestCosineExtremeRows: the cosine score depends only on directions, so
// rows at subnormal or near-overflow magnitude give the ordinary result.
func TestCosineExtremeRows(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 2, 3, 1, 2, 2, 1, 0})
	base, err := ScoreFeatures(x, Cosine{}, 1)
	require.NoError(t, err)
	for _, e := range []int{-1070, -1000, -999, 999, 1000, 1020} {
		var y mat.Dense
		y.Scale(math.Ldexp(1, e), x)
		got, err := ScoreFeatures(&y, Cosine{}, 1)
		require.NoError(t, err, "2^%d", e)
		assert.InDelta(t, base, got, 1e-12, "2^%d", e)
	}
}
