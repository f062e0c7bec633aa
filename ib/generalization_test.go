package ib

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Train and test representations from the same distribution are closer
// (W1, KL) than when the test representation is shifted by 1 in every unit.
func TestGeneralizationShift(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const ntr, nte, d = 600, 300, 2
	n := ntr + nte
	labels := make([]int, n)
	same := mat.NewDense(n, d, nil)
	shifted := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		labels[i] = i % 2
		for j := 0; j < d; j++ {
			v := rng.NormFloat64() + 3*float64(labels[i])
			same.Set(i, j, v)
			if i >= ntr {
				v += 1
			}
			shifted.Set(i, j, v)
		}
	}
	g := &Generalization{NTrain: ntr, Labels: labels, Seed: 1}
	require.NoError(t, g.Observe(5, []*mat.Dense{same, shifted}))
	require.Len(t, g.Rows, 2)
	a, b := g.Rows[0], g.Rows[1]
	assert.Equal(t, 5, a.Epoch)
	assert.Equal(t, 2, b.Layer)
	// Same distribution: the k-NN KL is near 0 (its sd at n = 300 per
	// class in 2-D is about 0.1 nats); sliced W1 near 0 (≈ n^(-1/2)).
	assert.Less(t, math.Abs(a.KL), 0.25)
	assert.Less(t, a.W1, 0.2)
	// Shift by 1 in each of 2 dimensions: KL(N(0,I)‖N(μ,I)) = |μ|²/2 = 1 nat,
	// and W1 = |μ| = 1.41, sliced W1 = E|θᵀμ| ≈ 0.9.
	assert.InDelta(t, 1.0, b.KL, 0.35)
	assert.Greater(t, b.W1, 0.6)
	assert.Greater(t, b.W1, 3*a.W1)
	for _, r := range g.Rows {
		assert.GreaterOrEqual(t, r.Vendi, 1.0)
		assert.LessOrEqual(t, r.Vendi, float64(n))
	}
	bad := &Generalization{NTrain: 1, Labels: labels}
	assert.ErrorIs(t, bad.Observe(0, []*mat.Dense{same}), check.ErrTooFewSamples)
}
