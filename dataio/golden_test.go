package dataio

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// The files in testdata were written by NumPy 1.24.2 (see testdata/gen.py).
func golden(name string) string { return filepath.Join("testdata", name) }

func TestGoldenMatrices(t *testing.T) {
	a23 := []float64{0, 1, 2, 3, 4, 5}
	for _, tc := range []struct {
		file       string
		rows, cols int
		want       []float64
	}{
		{"f8_2x3_c.npy", 2, 3, a23},
		{"f8_2x3_f.npy", 2, 3, a23},
		{"f4be_2x3_c.npy", 2, 3, a23},
		{"i2be_2x3_f.npy", 2, 3, a23},
		{"u8_2x3_f.npy", 2, 3, a23},
		{"f8_2x3_v2.npy", 2, 3, a23},
		{"f8_2x3_v3.npy", 2, 3, a23},
		{"i1_6.npy", 6, 1, []float64{-3, -2, -1, 0, 1, 2}},
		{"u1_6.npy", 6, 1, a23},
		{"b1_4.npy", 4, 1, []float64{1, 0, 0, 1}},
		{"f2_3.npy", 3, 1, []float64{0.5, -1.5, 65504}},
		{"labels_i8.npy", 5, 1, []float64{0, 1, 2, 1, 0}},
		{"multi.npz:x", 2, 3, a23},
		{"multi.npz:x.npy", 2, 3, a23},
		{"single.npz", 2, 3, a23},
		{"single.npz:data", 2, 3, a23},
	} {
		t.Run(tc.file, func(t *testing.T) {
			m, err := ReadMatrix(golden(tc.file))
			require.NoError(t, err)
			requireBitEqual(t, mat.NewDense(tc.rows, tc.cols, tc.want), m)
		})
	}
	t.Run("nan_inf.npy", func(t *testing.T) {
		m, err := ReadMatrix(golden("nan_inf.npy"))
		require.NoError(t, err)
		require.Equal(t, 4, m.RawMatrix().Rows)
		assert.True(t, math.IsNaN(m.At(0, 0)))
		assert.Equal(t, []float64{math.Inf(-1), 0, math.Inf(1)}, m.RawMatrix().Data[1:])
	})
}

func TestGoldenLabels(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []int
	}{
		{"labels_i8.npy", []int{0, 1, 2, 1, 0}},
		{"labels_f8.npy", []int{0, 1, 2}},
		{"labels_u2be_col.npy", []int{3, 1, 2}},
		{"b1_4.npy", []int{1, 0, 0, 1}},
		{"multi.npz:y", []int{0, 1}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := ReadLabels(golden(tc.file))
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
	t.Run("i1_6.npy negative", func(t *testing.T) {
		got, err := ReadLabels(golden("i1_6.npy"))
		require.NoError(t, err)
		require.Equal(t, -3, got[0])
		m, err := ReadMatrix(golden("i1_6.npy"))
		require.NoError(t, err)
		for i, l := range got {
			require.Equal(t, float64(l), m.At(i, 0))
		}
	})
}

func TestGoldenUnsupported(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"c16_2.npy", "'<c16' (complex) is not supported"},
		{"u3_2.npy", "'<U3' (unicode string) is not supported"},
		{"f8_2x3x4.npy", "shape (2, 3, 4), need a 1-D or 2-D array"},
		{"f8_scalar.npy", "0-D"},
		{"f8_0x3.npy", "shape (0, 3) and holds no values"},
		{"multi.npz", `archive holds 2 arrays ("x", "y"), select one as testdata/multi.npz:NAME`},
		{"multi.npz:z", `no array "z", archive holds "x", "y"`},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := ReadMatrix(golden(tc.file))
			requireFormatErr(t, err, tc.want)
			require.Contains(t, err.Error(), golden(strings.SplitN(tc.file, ":", 2)[0])+": ")
		})
	}
}

// TestWriteNPYMatchesNumPy checks that WriteNPY lays a file out byte for
// byte as np.save does.
func TestWriteNPYMatchesNumPy(t *testing.T) {
	want, err := os.ReadFile(golden("f8_2x3_c.npy"))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, WriteNPYTo(&buf, mat.NewDense(2, 3, []float64{0, 1, 2, 3, 4, 5})))
	require.Equal(t, want, buf.Bytes())

	want, err = os.ReadFile(golden("labels_i8.npy"))
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, WriteLabelsNPYTo(&buf, []int{0, 1, 2, 1, 0}))
	require.Equal(t, want, buf.Bytes())
}

func TestListNPZ(t *testing.T) {
	names, err := ListNPZ(golden("multi.npz"))
	require.NoError(t, err)
	require.Equal(t, []string{"x", "y"}, names)
	names, err = ListNPZ(golden("single.npz"))
	require.NoError(t, err)
	require.Equal(t, []string{"data"}, names)
}
