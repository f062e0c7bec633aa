package synth

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSpiral(t *testing.T) {
	t.Run("bmi doc example", func(t *testing.T) {
		// Spiral(a=[[0,−1],[1,0]], speed π/2) maps (1,0) to (0,1); that generator
		// is −A for our (I,J) = (0,1), i.e. Speed = −π/2.
		x := []float64{1, 0}
		Spiral{I: 0, J: 1, Speed: -math.Pi / 2}.Apply(x)
		assert.InDelta(t, 0, x[0], 1e-15)
		assert.InDelta(t, 1, x[1], 1e-15)
	})
	t.Run("norm preserved and invertible", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 1))
		s := Spiral{I: 1, J: 3, Speed: 0.7}
		for k := 0; k < 1000; k++ {
			x := []float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			y := append([]float64(nil), x...)
			s.Apply(y)
			assert.InDelta(t, norm2(x), norm2(y), 1e-12)
			assert.Equal(t, x[0], y[0])
			assert.Equal(t, x[2], y[2])
			s.Invert(y)
			for j := range x {
				require.InDelta(t, x[j], y[j], 1e-12)
			}
		}
	})
	t.Run("spiraled pair", func(t *testing.T) {
		base, err := SparseNormal(5, 5, 2, 2)
		require.NoError(t, err)
		p, err := NewSpiraled(base, 1)
		require.NoError(t, err)
		assert.Equal(t, "spiral-normal-sparse-5x5", p.Name())
		assert.Equal(t, base.MI(), p.MI())
		bx, by := base.Sample(200, rand.New(rand.NewPCG(2, 2)))
		x, y := p.Sample(200, rand.New(rand.NewPCG(2, 2)))
		for i := 0; i < 200; i++ {
			xi := append([]float64(nil), x.RawRowView(i)...)
			yi := append([]float64(nil), y.RawRowView(i)...)
			p.SX.Invert(xi)
			p.SY.Invert(yi)
			for j := 0; j < 5; j++ {
				require.InDelta(t, bx.At(i, j), xi[j], 1e-12)
				require.InDelta(t, by.At(i, j), yi[j], 1e-12)
			}
		}
		_, err = NewSpiraled(must2(BivariateNormal(0.5)), 1)
		assert.Error(t, err)
	})
}

func norm2(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}

func must2(p *Multinormal, err error) Pair {
	if err != nil {
		panic(err)
	}
	return p
}
