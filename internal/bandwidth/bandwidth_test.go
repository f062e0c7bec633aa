package bandwidth

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMeanVariance(t *testing.T) {
	// Columns {1,2,3,4} (variance 5/3) and {0,0,0,0} (variance 0).
	x := []float64{1, 0, 2, 0, 3, 0, 4, 0}
	assert.InDelta(t, 5.0/6, MeanVariance(x, 4, 2), 1e-15)
	assert.Equal(t, 0.0, MeanVariance(x[:2], 1, 2))
}

func TestSilverman(t *testing.T) {
	assert.InDelta(t, 1.0592, Silverman(1, 1, 1), 1e-4, "1-D constant (4/3)^(1/5)")
	assert.InDelta(t, math.Pow(4.0/3, 0.2)*math.Pow(100, -0.2)*2, Silverman(2, 100, 1), 1e-15)
	assert.Equal(t, 1.0, Silverman(0, 10, 3))
}
