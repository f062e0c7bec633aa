package dataio

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Seed corpora beyond the f.Add seeds live in testdata/fuzz/<FuzzName>/.
// Run a target with, for example:
//
//	go test -run '^$' -fuzz FuzzReadNPY -fuzztime 60s ./dataio

// checkReadErr asserts the error conventions for in-memory input: every
// failure wraps ErrFormat (there is no OS error to report) and is one line.
func checkReadErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	require.ErrorIs(t, err, ErrFormat)
	require.NotContains(t, err.Error(), "\n")
}

func FuzzReadNPY(f *testing.F) {
	vals := []float64{1, -2, 3, 0, 5, 6}
	for _, d := range []string{"<f8", ">f4", "<i2", ">u8", "|b1", "<f2", "|i1"} {
		f.Add(npyFixture(f, d, false, []int{2, 3}, absIfUnsigned(d, vals), 1))
		f.Add(npyFixture(f, d, true, []int{3, 2}, absIfUnsigned(d, vals), 2))
	}
	f.Add(npyFixture(f, "<i8", false, []int{6}, []float64{0, 1, 2, 0, 1, 2}, 3))
	f.Add(npyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", make([]byte, 64), 1))
	f.Add([]byte("\x93NUMPY\x01\x00\x46\x00{'descr': '<f8', 'fortr"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadNPY(bytes.NewReader(data), "f.npy")
		checkReadErr(t, err)
		ms, errs := ReadNPY(noLen{bytes.NewReader(data)}, "f.npy")
		checkReadErr(t, errs)
		if err != nil && errs == nil {
			// The one allowed difference: bytes after the body are an error
			// when the input's size is known, while a stream stops at the
			// body's end (it may hold further arrays).
			require.Contains(t, err.Error(), "the array body that the header declares", "sized and streamed reads must agree")
			m, err = ms, errs
		}
		require.Equal(t, err == nil, errs == nil, "sized and streamed reads must agree: %v / %v", err, errs)
		labels, lerr := ReadLabelsNPY(bytes.NewReader(data), "f.npy")
		checkReadErr(t, lerr)
		if err != nil {
			return
		}
		requireBitEqual(t, m, ms)
		requireFiniteAgrees(t, m, func() (*mat.Dense, error) {
			// streamed, as ms was read (m may hold bytes after the body)
			return readNPYMatrix(noLen{bytes.NewReader(data)}, "f.npy", -1, false, true)
		})
		r, c := m.Dims()
		require.Positive(t, r)
		require.Positive(t, c)

		var buf bytes.Buffer
		require.NoError(t, WriteNPYTo(&buf, m))
		back, err := ReadNPY(bytes.NewReader(buf.Bytes()), "back.npy")
		require.NoError(t, err)
		requireBitEqual(t, m, back)

		if lerr == nil {
			require.Len(t, labels, r*c)
			raw := m.RawMatrix().Data
			for i, l := range labels {
				if l < 1<<53 {
					require.Equal(t, float64(l), raw[i], "label %d", i)
				}
			}
		}
	})
}

// requireFiniteAgrees checks the finite reader against the plain one, whose
// result is m: an ErrNonFinite error exactly when m holds a NaN or ±Inf, and
// otherwise the same matrix.
func requireFiniteAgrees(t *testing.T, m *mat.Dense, readFinite func() (*mat.Dense, error)) {
	t.Helper()
	fm, err := readFinite()
	checkReadErr(t, err)
	nonFinite := false
	for _, v := range m.RawMatrix().Data {
		nonFinite = nonFinite || math.IsNaN(v) || math.IsInf(v, 0)
	}
	if nonFinite {
		require.ErrorIs(t, err, check.ErrNonFinite)
		return
	}
	require.NoError(t, err)
	requireBitEqual(t, m, fm)
}

// absIfUnsigned keeps fixture values representable in unsigned and bool
// types.
func absIfUnsigned(descr string, vals []float64) []float64 {
	if descr[1] != 'u' && descr[1] != 'b' {
		return vals
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		out[i] = math.Abs(v)
		if descr[1] == 'b' && v != 0 {
			out[i] = 1
		}
	}
	return out
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"1,2,3\n4,5,6\n",
		"x,y\n1,2\n",
		"# c\n1 2\n\n3 4 # x\n",
		"a\tb\n1\t2\n",
		"\"a,b\";c\n1;2\n",
		"nan,inf,-inf\n",
		"1,2\n3\n",
		"1,x\n",
		"\ufeff0x1p-2\n",
		"\"unterminated\n",
		"1,1e400\n2,3\n",
		"0,5;1,5\n",
		"a,1.5\n1,2\n",
		"1,2,\n",
		"1,2\n\x00\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		m, err := ReadCSV(strings.NewReader(data), "f.csv")
		checkReadErr(t, err)
		labels, lerr := ReadLabelsCSV(strings.NewReader(data), "f.csv")
		checkReadErr(t, lerr)
		if err != nil {
			require.Error(t, lerr, "labels read text that the matrix reader rejected")
			return
		}
		r, c := m.Dims()
		require.Positive(t, r)
		require.Positive(t, c)
		requireFiniteAgrees(t, m, func() (*mat.Dense, error) { return readCSVMatrix(strings.NewReader(data), "f.csv", true) })
		var buf bytes.Buffer
		require.NoError(t, WriteCSVTo(&buf, m, nil))
		back, err := ReadCSV(bytes.NewReader(buf.Bytes()), "back.csv")
		require.NoError(t, err, "re-reading %q", buf.String())
		requireBitEqual(t, m, back)
		if lerr == nil {
			require.Len(t, labels, r*c)
		}
	})
}

func FuzzReadNPZ(f *testing.F) {
	a := npyFixture(f, "<f8", false, []int{2, 2}, []float64{1, 2, 3, 4}, 1)
	b := npyFixture(f, ">i4", true, []int{2, 2}, []float64{1, 2, 3, 4}, 1)
	f.Add(npzFixture(f, false, "a.npy", a), "")
	f.Add(npzFixture(f, true, "a.npy", a, "b.npy", b), "b")
	f.Add(npzFixture(f, true, "x/a.npy", a), "x/a")
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), "")
	f.Fuzz(func(t *testing.T, data []byte, array string) {
		m, err := ReadNPZ(bytes.NewReader(data), int64(len(data)), "f.npz", array)
		checkReadErr(t, err)
		if err == nil {
			var _ *mat.Dense = m
			r, c := m.Dims()
			require.Positive(t, r*c)
		}
	})
}
