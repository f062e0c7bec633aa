package mi

import (
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// AutoLow accepts unbounded layers: the low edge becomes the layer minimum.
func TestAdaptiveBinningAutoLowUnbounded(t *testing.T) {
	x := mat.NewDense(6, 1, []float64{-3.2, -1.5, 0, 0.7, 2, 5})
	edges, err := AdaptiveBinning{Bins: 2, AutoLow: true}.Edges(x)
	require.NoError(t, err)
	require.Equal(t, -3.2, edges[0])
	l, err := AdaptiveBinning{Bins: 30, AutoLow: true}.Layer(x, []int{0, 0, 0, 1, 1, 1})
	require.NoError(t, err)
	require.Greater(t, l.IXT, 0.0)
	// Bounded layers keep the reference's low edges.
	e2, err := AdaptiveBinning{Bins: 2, AutoLow: true}.Edges(mat.NewDense(2, 1, []float64{-0.5, 0.5}))
	require.NoError(t, err)
	require.Equal(t, EBABLowTanh, e2[0])
	e3, err := AdaptiveBinning{Bins: 2, AutoLow: true}.Edges(mat.NewDense(2, 1, []float64{0.5, 0.7}))
	require.NoError(t, err)
	require.Equal(t, 0.0, e3[0])
}
