package divergence

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func TestWExactWeighted(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	t.Run("uniform equals assignment", func(t *testing.T) {
		p := randGauss(rng, 120, 3, 1)
		q := shifted(randGauss(rng, 120, 3, 2), []float64{1, 0, 0})
		want, err := WExact(p, q, 2)
		require.NoError(t, err)
		got, err := WExactWeighted(p, q, nil, nil, 2)
		require.NoError(t, err)
		assert.InDelta(t, want, got, 1e-10)
	})
	t.Run("unequal sizes equal replication", func(t *testing.T) {
		p := randGauss(rng, 40, 2, 1)
		q := randGauss(rng, 60, 2, 1.5)
		want, err := WExact(p, q, 1)
		require.NoError(t, err)
		got, err := WExactWeighted(p, q, nil, nil, 1)
		require.NoError(t, err)
		assert.InDelta(t, want, got, 1e-10)
	})
	t.Run("weighted 1-D equals quantile coupling", func(t *testing.T) {
		for trial := 0; trial < 5; trial++ {
			n, m := 30+trial, 45-trial
			p := randGauss(rng, n, 1, 1)
			q := randGauss(rng, m, 1, 2)
			wp := make([]float64, n)
			wq := make([]float64, m)
			for i := range wp {
				wp[i] = rng.Float64()
			}
			for j := range wq {
				wq[j] = rng.Float64() + 0.01
			}
			wp[0] = 0 // a zero weight is allowed
			for _, order := range []float64{1, 2, 3} {
				want, err := W1D(p.RawMatrix().Data, q.RawMatrix().Data, wp, wq, order)
				require.NoError(t, err)
				got, err := WExactWeighted(p, q, wp, wq, order)
				require.NoError(t, err)
				assert.InDelta(t, want, got, 1e-10, "trial %d order %v", trial, order)
			}
		}
	})
	t.Run("weighted translate", func(t *testing.T) {
		// Same weights on a cloud and its translate: W2 = ‖δ‖ exactly (the
		// translate coupling has cost ‖δ‖², and W2 ≥ ‖E P − E Q‖ = ‖δ‖).
		p := randGauss(rng, 80, 2, 1)
		q := shifted(p, []float64{0.6, -0.8})
		w := make([]float64, 80)
		for i := range w {
			w[i] = rng.ExpFloat64()
		}
		got, err := WExactWeighted(p, q, w, w, 2)
		require.NoError(t, err)
		assert.InDelta(t, 1, got, 1e-10)
	})
	t.Run("errors", func(t *testing.T) {
		p := randGauss(rng, 5, 2, 1)
		_, err := WExactWeighted(p, p, []float64{1, 2}, nil, 2)
		assert.True(t, errors.Is(err, check.ErrShape), "%v", err)
		_, err = WExactWeighted(p, p, []float64{1, -1, 1, 1, 1}, nil, 2)
		assert.True(t, errors.Is(err, check.ErrParam), "%v", err)
		_, err = WExactWeighted(p, mat.NewDense(5, 3, nil), nil, nil, 2)
		assert.True(t, errors.Is(err, check.ErrShape), "%v", err)
		_, err = WExactWeighted(p, p, nil, nil, math.NaN())
		assert.True(t, errors.Is(err, check.ErrParam), "%v", err)
	})
}
