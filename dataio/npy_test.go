package dataio

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// dtypeValues holds, per element type, six values that the type represents
// exactly, including its extremes, so a round trip must reproduce them bit
// for bit in float64.
var dtypeValues = map[string][]float64{
	"f2": {0.5, -1.5, 65504, math.Ldexp(1, -24), 0, -2},
	"f4": {1.5, -2.25, math.MaxFloat32, math.SmallestNonzeroFloat32, 0, float64(float32(0.1))},
	"f8": {0.1, -1e300, 4e-320, math.MaxFloat64, 0, -0.5},
	"i1": {-128, 127, -1, 0, 1, 5},
	"i2": {-32768, 32767, -1, 0, 1, 300},
	"i4": {math.MinInt32, math.MaxInt32, -1, 0, 1, 70000},
	"i8": {math.MinInt64, 1 << 53, -1, 0, 1, -(1 << 40)},
	"u1": {0, 255, 1, 2, 3, 128},
	"u2": {0, 65535, 1, 2, 3, 300},
	"u4": {0, math.MaxUint32, 1, 2, 3, 70000},
	"u8": {0, 18446744073709549568, 1, 2, 3, 1 << 53}, // 2^64-2048 is exact in float64
	"b1": {1, 0, 0, 1, 1, 0},
}

func TestReadNPYDtypes(t *testing.T) {
	for _, code := range []string{"f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"} {
		orders := []string{"<", ">"}
		if code[1] == '1' {
			orders = []string{"|", "<", ">"}
		}
		vals := dtypeValues[code]
		for _, bo := range orders {
			for _, layout := range []struct {
				name    string
				fortran bool
				shape   []int
				rows    int
				cols    int
			}{
				{"C_2x3", false, []int{2, 3}, 2, 3},
				{"F_2x3", true, []int{2, 3}, 2, 3},
				{"C_1D", false, []int{6}, 6, 1},
				{"F_1D", true, []int{6}, 6, 1},
				{"F_6x1", true, []int{6, 1}, 6, 1},
				{"C_1x6", false, []int{1, 6}, 1, 6},
			} {
				descr := bo + code
				t.Run(descr+"/"+layout.name, func(t *testing.T) {
					data := npyFixture(t, descr, layout.fortran, layout.shape, vals, 1)
					want := mat.NewDense(layout.rows, layout.cols, append([]float64(nil), vals...))
					for _, rd := range []struct {
						name string
						read func() (*mat.Dense, error)
					}{
						{"sized", func() (*mat.Dense, error) { return ReadNPY(bytes.NewReader(data), "x.npy") }},
						{"stream", func() (*mat.Dense, error) { return ReadNPY(noLen{bytes.NewReader(data)}, "x.npy") }},
					} {
						got, err := rd.read()
						require.NoError(t, err, rd.name)
						requireBitEqual(t, want, got)
					}
				})
			}
		}
	}
}

// requireBitEqual compares matrices bit for bit (so -0 ≠ 0; any NaN equals
// any NaN).
func requireBitEqual(t testing.TB, want, got mat.Matrix) {
	t.Helper()
	wr, wc := want.Dims()
	gr, gc := got.Dims()
	require.Equal(t, [2]int{wr, wc}, [2]int{gr, gc}, "dims")
	for i := 0; i < wr; i++ {
		for j := 0; j < wc; j++ {
			w, g := want.At(i, j), got.At(i, j)
			if math.IsNaN(w) && math.IsNaN(g) {
				continue
			}
			require.Equal(t, math.Float64bits(w), math.Float64bits(g), "element (%d, %d): want %v, got %v", i, j, w, g)
		}
	}
}

func TestReadNPYLargeFortranStream(t *testing.T) {
	// Several read chunks, big-endian, Fortran order, size unknown.
	rows, cols := 1000, 37
	vals := make([]float64, rows*cols)
	for i := range vals {
		vals[i] = float64(i) - 5000
	}
	data := npyFixture(t, ">i4", true, []int{rows, cols}, vals, 1)
	got, err := ReadNPY(noLen{bytes.NewReader(data)}, "big.npy")
	require.NoError(t, err)
	requireBitEqual(t, mat.NewDense(rows, cols, vals), got)
}

func TestReadNPYVersions(t *testing.T) {
	vals := []float64{1, 2, 3, 4, 5, 6}
	for _, v := range []byte{1, 2, 3} {
		t.Run(fmt.Sprintf("v%d", v), func(t *testing.T) {
			m, err := ReadNPY(bytes.NewReader(npyFixture(t, "<f8", false, []int{3, 2}, vals, v)), "v.npy")
			require.NoError(t, err)
			requireBitEqual(t, mat.NewDense(3, 2, vals), m)
		})
	}
}

func TestReadNPYNonFinite(t *testing.T) {
	vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}
	for _, descr := range []string{"<f2", ">f2", "<f4", ">f4", "<f8", ">f8"} {
		t.Run(descr, func(t *testing.T) {
			m, err := ReadNPY(bytes.NewReader(npyFixture(t, descr, false, []int{4}, vals, 1)), "x.npy")
			require.NoError(t, err)
			assert.True(t, math.IsNaN(m.At(0, 0)))
			assert.Equal(t, math.Inf(1), m.At(1, 0))
			assert.Equal(t, math.Inf(-1), m.At(2, 0))
			assert.True(t, math.Signbit(m.At(3, 0)), "-0 keeps its sign")
		})
	}
}

func TestReadNPYHeaderSpellings(t *testing.T) {
	body := npyFixture(t, "<f8", false, []int{2}, []float64{7, 8}, 1)
	body = body[len(body)-16:]
	for _, tc := range []struct{ name, dict string }{
		{"python2 long ints", "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }"},
		{"double quotes", `{"descr": "<f8", "fortran_order": False, "shape": (2,)}`},
		{"keys reordered, list shape", "{'shape': [2], 'descr': '<f8', 'fortran_order': False}"},
		{"native order", "{'descr': '=f8', 'fortran_order': False, 'shape': (2,), }"},
		{"no order prefix", "{'descr': 'f8', 'fortran_order': False, 'shape': (2,), }"},
		{"tabs and newlines", "{'descr':\t'<f8',\n'fortran_order':False,'shape':(2,)}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadNPY(bytes.NewReader(npyRaw(tc.dict, body, 1)), "x.npy")
			require.NoError(t, err)
			requireBitEqual(t, mat.NewDense(2, 1, []float64{7, 8}), m)
		})
	}
}

func TestReadNPYMalformed(t *testing.T) {
	valid := npyFixture(t, "<f8", false, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}, 1)
	dict := func(d string) []byte { return npyRaw(d, make([]byte, 64), 1) }
	deep := "{'descr': " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + ", 'fortran_order': False, 'shape': (1,)}"
	bigV2 := append([]byte("\x93NUMPY\x02\x00"), 0, 0, 0, 0x10) // header length 256 MiB
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"empty file", nil, []string{"x.npy: empty file"}},
		{"bad magic", []byte("hello, world: not numpy at all"), []string{"not a .npy file", "magic"}},
		{"short magic", []byte("\x93NUM"), []string{"not a .npy file"}},
		{"csv content", []byte("1,2,3\n4,5,6\n"), []string{"not a .npy file"}},
		{"truncated in version", []byte("\x93NUMPY\x01"), []string{"truncated .npy header", "version"}},
		{"bad version", []byte("\x93NUMPY\x09\x00\x10\x00{}"), []string{"unsupported .npy format version 9.0"}},
		{"truncated in header length", []byte("\x93NUMPY\x01\x00\x46"), []string{"truncated .npy header", "header length"}},
		{"truncated header at byte 20", valid[:20], []string{"truncated .npy header"}},
		{"header length past end", valid[:50], []string{"truncated .npy header"}},
		{"header over limit", bigV2, []string{"over the limit"}},
		{"truncated body", valid[:len(valid)-3], []string{"header claims 48 bytes of data", "only 45"}},
		{"huge claim", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }"),
			[]string{"header claims 8000000000000 bytes", "(1000000, 1000000)", "only 64"}},
		{"dims overflow", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }"),
			[]string{"more elements than can be addressed"}},
		{"bytes overflow", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }"),
			[]string{"too large to address"}},
		{"dim out of int64", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"),
			[]string{"out of range"}},
		{"complex", dict("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }"), []string{"'<c16' (complex) is not supported"}},
		{"unicode", dict("{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }"), []string{"'<U3' (unicode string) is not supported"}},
		{"bytes", dict("{'descr': '|S5', 'fortran_order': False, 'shape': (2,), }"), []string{"byte string"}},
		{"object", dict("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"), []string{"'|O' (Python object) is not supported"}},
		{"datetime", dict("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2,), }"), []string{"datetime"}},
		{"odd float size", dict("{'descr': '<f16', 'fortran_order': False, 'shape': (2,), }"), []string{"float of this size"}},
		{"structured", dict("{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }"), []string{"structured dtype"}},
		{"0-D scalar", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"), []string{"0-D"}},
		{"3-D", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2, 2), }"), []string{"shape (2, 2, 2)", "1-D or 2-D", "(2, -1)"}},
		{"no elements", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }"), []string{"shape (0, 3)", "no values"}},
		{"no columns", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0), }"), []string{"no values"}},
		{"not a dict", dict("[1, 2]"), []string{"expected a dictionary"}},
		{"missing shape", dict("{'descr': '<f8', 'fortran_order': False}"), []string{"missing key 'shape'"}},
		{"missing descr", dict("{'fortran_order': False, 'shape': (2,)}"), []string{"missing key 'descr'"}},
		{"extra key", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}"), []string{"unexpected key \"x\""}},
		{"duplicate key", dict("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}"), []string{"duplicate key"}},
		{"negative dim", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }"), []string{"negative"}},
		{"float dim", dict("{'descr': '<f8', 'fortran_order': False, 'shape': ('2',), }"), []string{"expected an integer"}},
		{"fortran not bool", dict("{'descr': '<f8', 'fortran_order': 1, 'shape': (2,), }"), []string{"expected True or False"}},
		{"fortran None", dict("{'descr': '<f8', 'fortran_order': None, 'shape': (2,), }"), []string{"is None"}},
		{"text after dict", dict("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} junk"), []string{"the dictionary ends at byte 56", "not space padding", "header length field is wrong"}},
		{"unterminated string", dict("{'descr: <f8}"), []string{"newline inside a string"}},
		{"unknown word", dict("{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}"), []string{"unexpected word"}},
		{"deep nesting", dict(deep), []string{"nested too deeply"}},
		{"missing colon", dict("{'descr' '<f8'}"), []string{"expected ':'"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, rd := range []struct {
				name string
				r    func() io.Reader
			}{
				{"sized", func() io.Reader { return bytes.NewReader(tc.data) }},
				{"stream", func() io.Reader { return noLen{bytes.NewReader(tc.data)} }},
			} {
				_, err := ReadNPY(rd.r(), "x.npy")
				want := tc.want
				if rd.name == "stream" && (tc.name == "truncated body" || tc.name == "huge claim") {
					// Without a known size the shortfall shows when the body ends.
					want = []string{"truncated array body"}
				}
				if rd.name == "stream" && tc.name == "header length past end" {
					want = []string{"truncated .npy header", "ends after 50"}
				}
				requireFormatErr(t, err, want...)
				require.Contains(t, err.Error(), "x.npy: ", rd.name)
				_, err = ReadLabelsNPY(bytes.NewReader(tc.data), "x.npy")
				requireFormatErr(t, err)
			}
		})
	}
}

// TestReadNPYTrailingBytes: bytes after the body of an input of known size
// are refused (a wrong shape in the header, or arrays appended to one file,
// of which NumPy would load only the first); a stream cannot tell and stops
// at the body's end.
func TestReadNPYTrailingBytes(t *testing.T) {
	valid := npyFixture(t, "<f8", false, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}, 1)
	labels := npyFixture(t, "<i8", false, []int{3}, []float64{0, 1, 0}, 1)
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"junk", append(slices.Clone(valid), "junk"...), []string{"4 bytes follow the array body", "(2, 3) of <f8, 48 bytes"}},
		{"two arrays", append(slices.Clone(valid), valid...), []string{fmt.Sprintf("%d bytes follow", len(valid)), "several arrays"}},
		{"one zero byte", append(slices.Clone(valid), 0), []string{"x.npy: 1 byte follows the array body"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadNPY(bytes.NewReader(tc.data), "x.npy")
			requireFormatErr(t, err, tc.want...)
			m, err := ReadNPY(noLen{bytes.NewReader(tc.data)}, "x.npy")
			require.NoError(t, err)
			require.Equal(t, []float64{1, 2, 3, 4, 5, 6}, m.RawMatrix().Data)
		})
	}
	t.Run("labels", func(t *testing.T) {
		_, err := ReadLabelsNPY(bytes.NewReader(append(slices.Clone(labels), 1, 2)), "y.npy")
		requireFormatErr(t, err, "2 bytes follow")
		l, err := ReadLabelsNPY(bytes.NewReader(labels), "y.npy")
		require.NoError(t, err)
		require.Equal(t, []int{0, 1, 0}, l)
	})
}

// TestReadNPYEveryPrefix cuts a valid file at every length: each prefix must
// fail cleanly, with or without a known size.
func TestReadNPYEveryPrefix(t *testing.T) {
	for _, v := range []byte{1, 2} {
		data := npyFixture(t, ">i4", true, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}, v)
		for n := 0; n < len(data); n++ {
			_, err := ReadNPY(bytes.NewReader(data[:n]), "cut.npy")
			requireFormatErr(t, err, "cut.npy")
			_, err = ReadNPY(noLen{bytes.NewReader(data[:n])}, "cut.npy")
			requireFormatErr(t, err, "cut.npy")
			_, err = ReadLabelsNPY(noLen{bytes.NewReader(data[:n])}, "cut.npy")
			requireFormatErr(t, err, "cut.npy")
		}
		_, err := ReadNPY(bytes.NewReader(data), "whole.npy")
		require.NoError(t, err)
	}
}

// TestReadNPYAllocationBound checks that a header claiming 10^12 elements
// over a 64-byte body allocates about nothing, whether or not the reader
// knows its size.
func TestReadNPYAllocationBound(t *testing.T) {
	data := npyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", make([]byte, 64), 1)
	for _, tc := range []struct {
		name  string
		r     func() (*mat.Dense, error)
		limit uint64
	}{
		{"sized", func() (*mat.Dense, error) { return ReadNPY(bytes.NewReader(data), "big.npy") }, 64 << 10},
		// The stream reader starts with small buffers: 1024 elements and a
		// 4 KiB chunk.
		{"stream", func() (*mat.Dense, error) { return ReadNPY(noLen{bytes.NewReader(data)}, "big.npy") }, 64 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := tc.r()
			runtime.ReadMemStats(&after)
			requireFormatErr(t, err)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, tc.limit, "bytes allocated")
		})
	}
}

func TestReadLabelsNPY(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		want  []int
		errIs error
		errs  []string
	}{
		{"i8 1-D", npyFixture(t, "<i8", false, []int{5}, []float64{0, 1, 2, 1, 0}, 1), []int{0, 1, 2, 1, 0}, nil, nil},
		{"u2 big-endian column", npyFixture(t, ">u2", false, []int{3, 1}, []float64{3, 1, 2}, 1), []int{3, 1, 2}, nil, nil},
		{"i1 Fortran row", npyFixture(t, "|i1", true, []int{1, 3}, []float64{4, 0, 9}, 1), []int{4, 0, 9}, nil, nil},
		{"bool", npyFixture(t, "|b1", false, []int{3}, []float64{1, 0, 1}, 1), []int{1, 0, 1}, nil, nil},
		{"f8 integral", npyFixture(t, "<f8", false, []int{3}, []float64{2, 0, 1}, 1), []int{2, 0, 1}, nil, nil},
		{"f4 big-endian integral", npyFixture(t, ">f4", false, []int{2}, []float64{5, 6}, 1), []int{5, 6}, nil, nil},
		{"f2 integral", npyFixture(t, "<f2", false, []int{2}, []float64{7, 2048}, 1), []int{7, 2048}, nil, nil},
		{"i8 max exact", npyRaw("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
			[]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, 1), []int{math.MaxInt64}, nil, nil},
		{"negative i4", npyFixture(t, "<i4", false, []int{3}, []float64{0, -1, 2}, 1), []int{0, -1, 2}, nil, nil},
		{"negative f8", npyFixture(t, "<f8", false, []int{2}, []float64{1, -3}, 1), []int{1, -3}, nil, nil},
		{"i8 min exact", npyRaw("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }",
			[]byte{0, 0, 0, 0, 0, 0, 0, 0x80}, 1), []int{math.MinInt64}, nil, nil},
		{"fractional", npyFixture(t, "<f8", false, []int{3}, []float64{0, 1.5, 2}, 1), nil, check.ErrLabels, []string{"1.5 at row 2 (element [1]) is not an integer"}},
		{"nan", npyFixture(t, "<f4", false, []int{2}, []float64{0, math.NaN()}, 1), nil, check.ErrLabels, []string{"not finite"}},
		{"huge float", npyFixture(t, "<f8", false, []int{1}, []float64{1e300}, 1), nil, check.ErrLabels, []string{"outside the 64-bit integer range"}},
		{"huge negative float", npyFixture(t, "<f8", false, []int{1}, []float64{-1e300}, 1), nil, check.ErrLabels, []string{"label -1e+300 at row 1 (element [0]) is outside the 64-bit integer range"}},
		{"u8 over int64", npyFixture(t, "<u8", false, []int{1}, []float64{18446744073709549568}, 1), nil, check.ErrLabels, []string{"too large"}},
		{"2-D matrix", npyFixture(t, "<i8", false, []int{2, 2}, []float64{0, 1, 1, 0}, 1), nil, ErrFormat, []string{"shape (2, 2)", "1-D array or one column"}},
		{"empty", npyFixture(t, "<i8", false, []int{0}, nil, 1), nil, ErrFormat, []string{"no labels"}},
		{"complex", npyRaw("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", make([]byte, 8), 1), nil, ErrFormat, []string{"complex"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, stream := range []bool{false, true} {
				var got []int
				var err error
				if stream {
					got, err = ReadLabelsNPY(noLen{bytes.NewReader(tc.data)}, "y.npy")
				} else {
					got, err = ReadLabelsNPY(bytes.NewReader(tc.data), "y.npy")
				}
				if tc.errIs == nil {
					require.NoError(t, err)
					require.Equal(t, tc.want, got)
					continue
				}
				requireFormatErr(t, err, append([]string{"y.npy: "}, tc.errs...)...)
				require.ErrorIs(t, err, tc.errIs)
			}
		})
	}
}

func TestReadLabelsLargeStream(t *testing.T) {
	// More labels than one read chunk, so indices in errors must count
	// across chunks.
	n := 3 * chunkSize / 8
	vals := make([]float64, n)
	for i := range vals {
		vals[i] = float64(i % 7)
	}
	vals[n-1] = 0.5
	data := npyFixture(t, "<f8", false, []int{n}, vals, 1)
	_, err := ReadLabelsNPY(noLen{bytes.NewReader(data)}, "big.npy")
	requireFormatErr(t, err, fmt.Sprintf("label 0.5 at row %d (element [%d]) is not an integer", n, n-1))
	vals[n-1] = 3
	got, err := ReadLabelsNPY(bytes.NewReader(npyFixture(t, "<i8", false, []int{n}, vals, 1)), "big.npy")
	require.NoError(t, err)
	require.Len(t, got, n)
	require.Equal(t, 3, got[n-1])
	require.Equal(t, (n-2)%7, got[n-2])
}

func randomMatrix(rng *rand.Rand, r, c int) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			m.Set(i, j, rng.NormFloat64()*math.Pow(10, float64(rng.IntN(40)-20)))
		}
	}
	return m
}

func TestWriteNPYRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	special := mat.NewDense(2, 4, []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1),
		4e-320, math.MaxFloat64, -math.SmallestNonzeroFloat64, 1})
	big := randomMatrix(rng, 300, 70) // more than one 64 KiB chunk
	for _, tc := range []struct {
		name string
		m    mat.Matrix
	}{
		{"special values", special},
		{"random 300x70", big},
		{"1x1", mat.NewDense(1, 1, []float64{42})},
		{"column", mat.NewDense(4, 1, []float64{1, 2, 3, 4})},
		{"transposed view", special.T()},
		{"submatrix view", big.Slice(10, 20, 5, 9)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteNPYTo(&buf, tc.m))
			require.Zero(t, (buf.Len()-8*lenOf(tc.m))%64, "data starts 64-byte aligned")
			got, err := ReadNPY(bytes.NewReader(buf.Bytes()), "rt.npy")
			require.NoError(t, err)
			requireBitEqual(t, tc.m, got)
			got, err = ReadNPY(noLen{bytes.NewReader(buf.Bytes())}, "rt.npy")
			require.NoError(t, err)
			requireBitEqual(t, tc.m, got)

			// The same file through the path API, written atomically.
			path := filepath.Join(t.TempDir(), "rt.npy")
			require.NoError(t, WriteNPY(path, tc.m))
			got, err = ReadMatrix(path)
			require.NoError(t, err)
			requireBitEqual(t, tc.m, got)

			// An independent reader (npyio) agrees.
			var viaNpyio mat.Dense
			require.NoError(t, npyio.Read(bytes.NewReader(buf.Bytes()), &viaNpyio))
			requireBitEqual(t, tc.m, &viaNpyio)
		})
	}
}

func lenOf(m mat.Matrix) int { r, c := m.Dims(); return r * c }

// TestReadNPYWrittenByNpyio reads files produced by an independent writer.
func TestReadNPYWrittenByNpyio(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want []float64
	}{
		{"float32", []float32{1.5, -2, 3}, []float64{1.5, -2, 3}},
		{"int16", []int16{-7, 0, 9}, []float64{-7, 0, 9}},
		{"uint32", []uint32{0, 4000000000}, []float64{0, 4000000000}},
		{"int64", []int64{-1 << 40, 5}, []float64{-1 << 40, 5}},
		{"bool", []bool{true, false}, []float64{1, 0}},
		{"float64 matrix", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), []float64{1, 2, 3, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, npyio.Write(&buf, tc.v))
			got, err := ReadNPY(&buf, tc.name)
			require.NoError(t, err)
			r, c := got.Dims()
			require.Equal(t, len(tc.want), r*c)
			require.Equal(t, tc.want, got.RawMatrix().Data)
		})
	}
}

func TestWriteLabelsNPY(t *testing.T) {
	labels := []int{0, 3, 1, math.MaxInt64, 2}
	var buf bytes.Buffer
	require.NoError(t, WriteLabelsNPYTo(&buf, labels))
	got, err := ReadLabelsNPY(bytes.NewReader(buf.Bytes()), "l.npy")
	require.NoError(t, err)
	require.Equal(t, labels, got)

	var viaNpyio []int64
	require.NoError(t, npyio.Read(bytes.NewReader(buf.Bytes()), &viaNpyio))
	require.Equal(t, []int64{0, 3, 1, math.MaxInt64, 2}, viaNpyio)

	path := filepath.Join(t.TempDir(), "l.npy")
	require.NoError(t, WriteLabelsNPY(path, labels))
	got, err = ReadLabels(path)
	require.NoError(t, err)
	require.Equal(t, labels, got)

	t.Run("negative", func(t *testing.T) {
		neg := filepath.Join(t.TempDir(), "neg.npy")
		require.NoError(t, WriteLabelsNPY(neg, []int{0, -1, math.MinInt64}))
		got, err := ReadLabels(neg)
		require.NoError(t, err)
		require.Equal(t, []int{0, -1, math.MinInt64}, got)
	})
	t.Run("empty", func(t *testing.T) {
		require.ErrorIs(t, WriteLabelsNPYTo(&buf, nil), check.ErrShape)
	})
}

func TestWriteNPYEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.ErrorIs(t, WriteNPYTo(&buf, &mat.Dense{}), check.ErrShape)
	require.ErrorIs(t, WriteNPYTo(&buf, nil), check.ErrShape)
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWritersReportWriteErrors(t *testing.T) {
	m := randomMatrix(rand.New(rand.NewPCG(3, 4)), 200, 50)
	labels := make([]int, 20000)
	for name, write := range map[string]func(w *failWriter) error{
		"npy":        func(w *failWriter) error { return WriteNPYTo(w, m) },
		"csv":        func(w *failWriter) error { return WriteCSVTo(w, m, nil) },
		"labels npy": func(w *failWriter) error { return WriteLabelsNPYTo(w, labels) },
		"labels csv": func(w *failWriter) error { return WriteLabelsCSVTo(w, labels) },
	} {
		t.Run(name, func(t *testing.T) {
			require.ErrorContains(t, write(&failWriter{n: 1000}), "disk full")
		})
	}
}

func TestWriteNPYAtomicKeepsOldFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keep.npy")
	old := mat.NewDense(1, 2, []float64{1, 2})
	require.NoError(t, WriteNPY(path, old))
	require.Error(t, WriteNPY(path, &mat.Dense{}))
	got, err := ReadMatrix(path)
	require.NoError(t, err)
	requireBitEqual(t, old, got)
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file left behind")
}
