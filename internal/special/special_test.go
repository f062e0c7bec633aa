package special

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDigamma(t *testing.T) {
	const gamma = 0.57721566490153286060651209008240243
	assert.InDelta(t, -gamma, Digamma(1), 1e-15)
	assert.InDelta(t, -gamma-2*math.Ln2, Digamma(0.5), 1e-14)
	assert.InDelta(t, 4.600161852738087, Digamma(100), 1e-14)
	for m := 1; m < 200; m++ {
		assert.InDelta(t, Digamma(float64(m)), DigammaInt(m), 1e-13*math.Max(1, math.Abs(Digamma(float64(m)))), "m=%d", m)
	}
	assert.True(t, math.IsInf(DigammaInt(0), -1))
}
