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

func TestSinkhornApproachesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	p := randGauss(rng, 150, 2, 1)
	q := randGauss(rng, 150, 2, 1.5)
	exact, err := WExact(p, q, 2)
	require.NoError(t, err)
	res, err := Sinkhorn{}.Solve(p, q, 2)
	require.NoError(t, err)
	// The regularised plan's cost exceeds the optimum by at most
	// ε·(H(π_ε) − H(π*)) ≤ ε·log m (H(π*) ≥ log n for n = m), up to the
	// marginal violation (≤ 1e-4 of the mass times max C).
	assert.GreaterOrEqual(t, res.Cost, exact*exact-1e-3)
	assert.LessOrEqual(t, res.Cost, exact*exact+res.Eps*math.Log(150)+1e-3)
	// A ten times smaller ε brings W within 0.5 %.
	fine, err := Sinkhorn{Eps: res.Eps / 10}.W(p, q, 2)
	require.NoError(t, err)
	assert.InDelta(t, exact, fine, 0.005*exact, "exact %v sinkhorn %v", exact, fine)
	assert.Less(t, math.Abs(fine-exact), math.Abs(res.W-exact))
	// Larger ε moves the estimate up.
	loose, err := Sinkhorn{Eps: 0.5}.W(p, q, 2)
	require.NoError(t, err)
	assert.Greater(t, loose, res.W)
}

func TestSinkhornUnequalWeighted(t *testing.T) {
	// Unequal sizes: compare with the exact replicated assignment (lcm(30, 45) = 90).
	rng := rand.New(rand.NewPCG(23, 24))
	p := randGauss(rng, 30, 3, 1)
	q := randGauss(rng, 45, 3, 1)
	exact, err := WExact(p, q, 1)
	require.NoError(t, err)
	got, err := Sinkhorn{}.W(p, q, 1)
	require.NoError(t, err)
	assert.InDelta(t, exact, got, 0.02*exact)
	// Zero weight on a point removes it: equals dropping that row.
	w := make([]float64, 30)
	for i := range w {
		w[i] = 1
	}
	w[0] = 0
	a, err := Sinkhorn{WeightsP: w, Tol: 1e-9, Eps: 0.05}.W(p, q, 2)
	require.NoError(t, err)
	b, err := Sinkhorn{Tol: 1e-9, Eps: 0.05}.W(p.Slice(1, 30, 0, 3), q, 2)
	require.NoError(t, err)
	assert.InDelta(t, b, a, 1e-6*b)
}

func TestSinkhornNoConvergenceReported(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	p := randGauss(rng, 80, 2, 1)
	q := randGauss(rng, 80, 2, 1)
	_, err := Sinkhorn{Eps: 1e-6, MaxIter: 3, Tol: 1e-15}.W(p, q, 2)
	require.Error(t, err)
	assert.True(t, errors.Is(err, check.ErrNoConvergence))
}

func TestSinkhornDeterministicAcrossProcs(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	p := randGauss(rng, 200, 2, 1)
	q := randGauss(rng, 150, 2, 1)
	prev := runtime.GOMAXPROCS(1)
	a, err := Sinkhorn{}.W(p, q, 2)
	runtime.GOMAXPROCS(prev)
	require.NoError(t, err)
	b, err := Sinkhorn{}.W(p, q, 2)
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestSliced(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	t.Run("1-D equals W1D", func(t *testing.T) {
		p := randGauss(rng, 300, 1, 1)
		q := randGauss(rng, 200, 1, 2)
		want, err := W1D(p.RawMatrix().Data, q.RawMatrix().Data, nil, nil, 2)
		require.NoError(t, err)
		got, err := Sliced{Projections: 7}.W(p, q, 2)
		require.NoError(t, err)
		assert.InDelta(t, want, got, 1e-12)
	})
	t.Run("translate", func(t *testing.T) {
		// Projections of a translate are translates, so each slice costs
		// (θ·δ)² exactly and SW2² = mean (θ·δ)², whose expectation is ‖δ‖²/d.
		// With L = 4000 directions the relative sd of the mean is
		// ≈ sqrt(2/(d+2))/sqrt(L) ≈ 1 %; allow 5 %.
		d := 5
		p := randGauss(rng, 400, d, 1)
		q := mat.DenseCopyOf(p)
		for i := 0; i < 400; i++ {
			q.Set(i, 0, q.At(i, 0)+2)
		}
		got, err := Sliced{Projections: 4000, Seed: 3}.W(p, q, 2)
		require.NoError(t, err)
		assert.InDelta(t, 2/math.Sqrt(float64(d)), got, 0.05*2/math.Sqrt(float64(d)))
		exact, err := WExact(p, q, 2)
		require.NoError(t, err)
		assert.LessOrEqual(t, got, exact+1e-12)
	})
}

// TestSinkhornProgress: the hook sees every tenth iteration in order, the
// last call is the converged one, and watching does not change the result.
func TestSinkhornProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	p := randGauss(rng, 120, 2, 1)
	q := randGauss(rng, 100, 2, 1.5)
	plain, err := Sinkhorn{}.Solve(p, q, 2)
	require.NoError(t, err)
	var iters []int
	var last float64
	watched, err := Sinkhorn{Progress: func(it, maxIter int, v float64) {
		require.Equal(t, 10000, maxIter)
		iters = append(iters, it)
		last = v
	}}.Solve(p, q, 2)
	require.NoError(t, err)
	require.Equal(t, plain, watched)
	require.NotEmpty(t, iters)
	for i, it := range iters {
		require.Equal(t, 10*(i+1), it)
	}
	assert.Equal(t, watched.Violation, last)
	assert.LessOrEqual(t, last, 1e-4)
}
