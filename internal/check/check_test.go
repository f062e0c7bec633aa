package check

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestFinite(t *testing.T) {
	tests := []struct {
		name string
		m    mat.Matrix
		want error
		msg  string
	}{
		{"finite", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), nil, ""},
		{"nan", mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}), ErrNonFinite, "row 1, column 0"},
		{"inf", mat.NewDense(1, 3, []float64{1, 2, math.Inf(-1)}), ErrNonFinite, "row 0, column 2"},
		{"transposed view", mat.NewDense(2, 2, []float64{1, math.Inf(1), 3, 4}).T(), ErrNonFinite, "row 1, column 0"},
		{"nil", nil, ErrShape, "nil matrix"},
		{"huge is finite", mat.NewDense(1, 2, []float64{1, -1e200}), nil, ""},
		// one contiguous pass for n×1 and dense blocks; strided views scan
		// only their own columns
		{"column, last row", mat.NewDense(4, 1, []float64{1, 2, 3, math.NaN()}), ErrNonFinite, "row 3, column 0"},
		{"strided view hides NaN", mat.NewDense(3, 3, []float64{1, 2, math.NaN(), 4, 5, math.NaN(), 7, 8, math.Inf(1)}).Slice(0, 3, 0, 2), nil, ""},
		{"strided column hides Inf", mat.NewDense(3, 2, []float64{1, math.Inf(1), 2, math.Inf(1), 3, 0}).Slice(0, 3, 0, 1), nil, ""},
		{"strided view", mat.NewDense(3, 3, []float64{1, 2, 0, 4, math.Inf(-1), 0, 7, 8, 0}).Slice(1, 3, 0, 2), ErrNonFinite, "row 0, column 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Finite("x", tc.m)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.msg)
			assert.Contains(t, err.Error(), "x:")
		})
	}
}

func TestSamplesAndShapes(t *testing.T) {
	m := mat.NewDense(3, 2, nil)
	require.NoError(t, Samples("x", m, 3))
	require.ErrorIs(t, Samples("x", m, 4), ErrTooFewSamples)
	require.ErrorIs(t, SameRows("x", m, "y", mat.NewDense(4, 2, nil)), ErrShape)
	require.NoError(t, SameRows("x", m, "y", mat.NewDense(3, 5, nil)))
	require.ErrorIs(t, SameCols("p", m, "q", mat.NewDense(3, 5, nil)), ErrShape)
	require.ErrorIs(t, FiniteSlice("v", []float64{0, math.NaN()}), ErrNonFinite)
}

func TestLabelsAndParams(t *testing.T) {
	c, err := Labels("y", []int{0, 2, 1, 2}, 4)
	require.NoError(t, err)
	assert.Equal(t, 3, c)
	_, err = Labels("y", []int{0, -1}, 2)
	require.ErrorIs(t, err, ErrLabels)
	_, err = Labels("y", []int{0, 1}, 3)
	require.ErrorIs(t, err, ErrShape)
	require.ErrorIs(t, K(0, 10), ErrParam)
	require.ErrorIs(t, K(3, 3), ErrTooFewSamples)
	require.NoError(t, K(3, 4))
	for _, v := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		require.ErrorIs(t, Positive("s", v), ErrParam, "%v", v)
	}
	assert.False(t, errors.Is(Positive("s", 1), ErrParam))
}

func TestScale(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    []float64
		want error
	}{
		{"normal", []float64{1, -2}, nil},
		{"huge", []float64{1, -1e200}, ErrRange},
		{"all tiny", []float64{1e-200, 0}, ErrRange},
		{"tiny beside normal", []float64{1e-200, 1}, nil},
		{"all zero", []float64{0, 0}, nil},
		{"nan", []float64{math.NaN(), 0}, ErrNonFinite},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Scale("x", mat.NewDense(1, 2, tc.v))
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
			err = ScaleSlice("x", tc.v)
			if tc.want == nil {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, tc.want)
			}
		})
	}
}

func TestRescale(t *testing.T) {
	cases := []struct {
		name string
		x    []float64
		e    int
	}{
		{"ordinary", []float64{1, -3, 0.25}, 0},
		{"zeros", []float64{0, 0}, 0},
		{"huge", []float64{0x1p700, -0x1p699, 3 * 0x1p690}, 701},
		{"tiny", []float64{0x1p-700, -0x1p-701}, -699},
		{"edge", []float64{0x1p100}, 0},
		{"just beyond", []float64{0x1p101}, 102},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			orig := append([]float64(nil), c.x...)
			e := Rescale(c.x)
			require.Equal(t, c.e, e)
			for i, v := range c.x {
				// exact: scaling back gives the original bits
				require.Equal(t, orig[i], math.Ldexp(v, e))
			}
			if e != 0 {
				top := 0.0
				for _, v := range c.x {
					top = math.Max(top, math.Abs(v))
				}
				require.GreaterOrEqual(t, top, 0.5)
				require.Less(t, top, 1.0)
			}
		})
	}
}

func BenchmarkFinite(b *testing.B) {
	m := mat.NewDense(4096, 10, nil)
	for i := range 4096 {
		for j := range 10 {
			m.Set(i, j, float64(i*10+j)/7)
		}
	}
	b.Run("finite", func(b *testing.B) {
		for b.Loop() {
			if err := Finite("x", m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scale", func(b *testing.B) {
		for b.Loop() {
			if err := Scale("x", m); err != nil {
				b.Fatal(err)
			}
		}
	})
	// the per-value tracker alone, as the baseline the fast pass replaces
	b.Run("tracker", func(b *testing.B) {
		raw := m.RawMatrix().Data
		for b.Loop() {
			s := scaleTracker{ranged: true}
			for _, v := range raw {
				if _, err := s.bad(v); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

func TestLabelCountMatchesShapeAndLabels(t *testing.T) {
	_, err := Labels("y", []int{0, 1}, 3)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrShape)
	assert.ErrorIs(t, err, ErrLabels)
	assert.Equal(t, "y: 2 labels for 3 samples: shape mismatch", err.Error())
	_, err = Labels("y", []int{0, -1, 2}, 3)
	assert.ErrorIs(t, err, ErrLabels)
	assert.NotErrorIs(t, err, ErrShape)
}

func TestTypedNil(t *testing.T) {
	tests := []struct {
		name string
		m    mat.Matrix
		nil_ bool
	}{
		{"nil", nil, true},
		{"nil *Dense", (*mat.Dense)(nil), true},
		{"nil *VecDense", (*mat.VecDense)(nil), true},
		{"nil *SymDense", (*mat.SymDense)(nil), true},
		{"empty Dense", &mat.Dense{}, false},
		{"Dense", mat.NewDense(1, 1, nil), false},
		{"transpose value", mat.NewDense(1, 2, nil).T(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.nil_, IsNil(tc.m))
			err := NotNil("x", tc.m)
			if tc.nil_ {
				assert.ErrorIs(t, err, ErrShape)
				assert.ErrorIs(t, Samples("x", tc.m, 1), ErrShape)
				assert.ErrorIs(t, SameRows("x", tc.m, "y", mat.NewDense(1, 1, nil)), ErrShape)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

// TestCount: singular for ±1, the plural otherwise, with the irregular
// endings the messages use.
func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{1, "row", "1 row"},
		{0, "row", "0 rows"},
		{2, "byte", "2 bytes"},
		{-1, "byte", "-1 byte"},
		{1, "hypothesis", "1 hypothesis"},
		{3, "hypothesis", "3 hypotheses"},
		{2, "index", "2 indices"},
		{2, "class", "2 classes"},
		{2, "epoch", "2 epochs"},
	} {
		require.Equal(t, tc.want, Count(tc.n, tc.noun))
	}
}
