package colscale

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// draw returns n rows of d independent normals, column c scaled by sd[c].
func draw(n int, sd []float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	d := len(sd)
	x := make([]float64, n*d)
	for i := range x {
		x[i] = sd[i%d] * rng.NormFloat64()
	}
	return x
}

func TestExponents(t *testing.T) {
	// n = 4000 rows: the sample SD is within 5% of sd (4 SEs of 1/√(2n)),
	// so log₂ ratios land at least 0.4 from a rounding boundary below.
	for _, c := range []struct {
		name string
		sd   []float64
		want []int // nil: nothing scaled
	}{
		{"one-column", []float64{1e-3}, nil},
		{"similar", []float64{1, 1.5, 0.8, 2}, nil},
		{"within-2sqrt2", []float64{1, 2.5}, nil},
		{"factor-4", []float64{1, 4}, []int{2, 0}},
		{"three-scales", []float64{1e-2, 1, 1e2}, []int{13, 7, 0}},
		{"widest-first", []float64{1e3, 1, 1e-3}, []int{0, 10, 20}},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := draw(4000, c.sd, 1)
			require.Equal(t, c.want, Exponents(len(c.sd), x))
		})
	}
}

func TestEqualizeExactAndPooled(t *testing.T) {
	sd := []float64{1e-2, 1, 1e2}
	p, q := draw(1000, sd, 2), draw(500, sd, 3)
	p0, q0 := append([]float64(nil), p...), append([]float64(nil), q...)
	sum := Equalize(3, p, q)
	require.Equal(t, 20, sum) // 13 + 7 + 0
	exps := []int{13, 7, 0}
	for i, v := range p {
		require.Equal(t, math.Ldexp(p0[i], exps[i%3]), v) // exact scaling
	}
	for i, v := range q {
		require.Equal(t, math.Ldexp(q0[i], exps[i%3]), v)
	}
	// after one pass nothing is left to equalise
	require.Nil(t, Exponents(3, p, q))
	require.Zero(t, Equalize(3, p, q))
}

func TestEqualizeDegenerate(t *testing.T) {
	t.Run("constant-column-left-alone", func(t *testing.T) {
		x := draw(100, []float64{1, 1}, 4)
		for i := 0; i < 100; i++ {
			x[2*i+1] = 5
		}
		require.Nil(t, Exponents(2, x))
	})
	t.Run("one-row", func(t *testing.T) {
		require.Nil(t, Exponents(2, []float64{1, 1e-9}))
	})
	t.Run("huge-ratio-stays-finite", func(t *testing.T) {
		x := draw(100, []float64{1e-300, 1e90}, 5)
		Equalize(2, x)
		for _, v := range x {
			require.False(t, math.IsInf(v, 0) || math.IsNaN(v))
			require.Less(t, math.Abs(v), 0x1p401)
		}
	})
	t.Run("non-finite-column-left-alone", func(t *testing.T) {
		x := []float64{1, 1e-6, 2, math.Inf(1), 3, 2e-6}
		require.Nil(t, Exponents(2, x))
	})
}
