package dataio

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func TestReadCSV(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name   string
		in     string
		want   [][]float64
		header []string
	}{
		{"comma", "1,2,3\n4,5,6\n", [][]float64{{1, 2, 3}, {4, 5, 6}}, nil},
		{"no final newline", "1,2\n3,4", [][]float64{{1, 2}, {3, 4}}, nil},
		{"header", "x,y\n1,2\n3,4\n", [][]float64{{1, 2}, {3, 4}}, []string{"x", "y"}},
		{"tab", "a\tb\n1.5\t-2\n", [][]float64{{1.5, -2}}, []string{"a", "b"}},
		{"semicolon", "1;2;3\n", [][]float64{{1, 2, 3}}, nil},
		{"semicolon wins over comma", "a,1;b\n1;2\n", [][]float64{{1, 2}}, []string{"a,1", "b"}},
		{"whitespace runs", "  1   2  3\n4 5    6  \n", [][]float64{{1, 2, 3}, {4, 5, 6}}, nil},
		{"spaces around commas", "1 , 2,  3\n", [][]float64{{1, 2, 3}}, nil},
		{"CRLF", "x,y\r\n1,2\r\n3,4\r\n", [][]float64{{1, 2}, {3, 4}}, []string{"x", "y"}},
		{"BOM", "\ufeffx,y\n1,2\n", [][]float64{{1, 2}}, []string{"x", "y"}},
		{"Latin-1 header", "caf\xe9,\xb5\n1,2\n", [][]float64{{1, 2}}, []string{"caf\xe9", "\xb5"}},
		{"form feed and vertical tab", "1,2\f\n3,4\v\n", [][]float64{{1, 2}, {3, 4}}, nil},
		{"comments and blank lines", "# made by hand\n\n1,2\n   \n# middle\n3,4 # trailing\n\n", [][]float64{{1, 2}, {3, 4}}, nil},
		{"np.savetxt default", "# a b\n1.000000000000000000e+00 2.500000000000000000e-01\n-3.000000000000000000e+00 4.000000000000000000e+00\n",
			[][]float64{{1, 0.25}, {-3, 4}}, nil},
		{"quoted header", "\"x\",\"a,b\",\"say \"\"hi\"\"\",\"#4\"\n1,2,3,4\n", [][]float64{{1, 2, 3, 4}}, []string{"x", "a,b", `say "hi"`, "#4"}},
		{"quoted numbers", "\"1\",\"2\"\n", [][]float64{{1, 2}}, nil},
		{"quoted whitespace fields", "\"a b\"  c\n1 2\n", [][]float64{{1, 2}}, []string{"a b", "c"}},
		{"single column", "0.5\n1.5\n", [][]float64{{0.5}, {1.5}}, nil},
		{"pandas index header", ",a,b\n0,1.5,2\n", [][]float64{{0, 1.5, 2}}, []string{"", "a", "b"}},
		// an unnamed first column is data unless it holds exactly 0…n−1 or 1…n
		{"unnamed column, not row numbers", ",a\n0,1.5\n2,2.5\n", [][]float64{{0, 1.5}, {2, 2.5}}, []string{"", "a"}},
		{"unnamed column from 5", ",a\n5,1\n6,2\n", [][]float64{{5, 1}, {6, 2}}, []string{"", "a"}},
		{"named index-like column", "id,a\n0,1\n1,2\n", [][]float64{{0, 1}, {1, 2}}, []string{"id", "a"}},
		{"non-finite", "nan,NaN,inf,-Inf\nInfinity,-nan,+inf,1e400\n", [][]float64{{nan, nan, inf, -inf}, {inf, nan, inf, inf}}, nil},
		{"exponent and signs", "2.5e-1,1E3,-.5,+7\n", [][]float64{{0.25, 1000, -0.5, 7}}, nil},
		{"underflow to zero", "1e-400\n", [][]float64{{0}}, nil},
		// pandas' default column names over float rows are a header; over
		// integer rows they could be data and stay data
		{"pandas column numbers", "0,1,2\n0.5,1.5,2e3\n1,2,3\n", [][]float64{{0.5, 1.5, 2000}, {1, 2, 3}}, []string{"0", "1", "2"}},
		{"a one-column file starting at 0 is data", "0\n0.25\n-1.5\n", [][]float64{{0}, {0.25}, {-1.5}}, nil},
		{"column numbers over integers", "0,1\n3,4\n5,6\n", [][]float64{{0, 1}, {3, 4}, {5, 6}}, nil},
		{"column numbers, one row", "0,1,2\n", [][]float64{{0, 1, 2}}, nil},
		{"not column numbers", "0,2\n0.5,1.5\n", [][]float64{{0, 2}, {0.5, 1.5}}, nil},
		{"pandas index over column numbers", ",0,1\n7,1.5,2\n9,2.5,3\n", [][]float64{{7, 1.5, 2}, {9, 2.5, 3}}, []string{"", "0", "1"}},
		{"named index over column numbers", "id,0,1\n7,1.5,2\n", [][]float64{{7, 1.5, 2}}, []string{"id", "0", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := readCSVTable(strings.NewReader(tc.in), "t.csv", csvOpts{})
			require.NoError(t, err)
			require.Equal(t, tc.header, tab.header)
			m, err := ReadCSV(strings.NewReader(tc.in), "t.csv")
			require.NoError(t, err)
			want := mat.NewDense(len(tc.want), len(tc.want[0]), nil)
			for i, row := range tc.want {
				want.SetRow(i, row)
			}
			requireBitEqual(t, want, m)
		})
	}
}

func TestReadCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"empty file", "", []string{"t.csv: empty file"}},
		{"only blank lines", "\n  \n\n", []string{"empty file"}},
		{"only comments", "# nothing\n# here\n", []string{"no data rows"}},
		{"header only", "x,y\n", []string{"header row on line 1 but no data rows"}},
		{"ragged", "1,2,3\n4,5,6\n7,8\n", []string{"t.csv: line 3 has 2 fields, expected 3 like the first row on line 1"}},
		{"ragged after comments", "# c\n\n1,2\n3,4,5\n", []string{"line 4 has 3 fields, expected 2 like the first row on line 3"}},
		{"ragged against header", "a,b\n1,2,3\n", []string{"line 2 has 3 fields, expected 2 like the header on line 1"}},
		{"text in numeric column", "1,2\n3,abc\n", []string{`t.csv: line 2, column 2: "abc" is not a number`}},
		{"text under a header", "a,b,c\n1,2,3\n4,five,6\n", []string{`line 3, column 2 ("b"): "five" is not a number`}},
		{"NA", "1 2\nNA 3\n", []string{`line 2, column 1: "NA" is not a number`}},
		{"hex float", "1,2\n0x1p-2,3\n", []string{`line 2, column 1: "0x1p-2" is not a number, expected a decimal number`}},
		{"digit separator", "1\n1_000\n", []string{`line 2, column 1: "1_000" is not a number`}},
		{"CR-only line ends", "1,2\r3,4\r5,6\r", []string{"line 1 holds a carriage return", "CR-only"}},
		{"stray CR", "1,2\n3\r,4\n", []string{"line 2 holds a carriage return"}},
		{"empty field", "a,b\n1,\n", []string{`line 2, column 2 ("b"): empty field`}},
		{"trailing separator", "1,2\n3,4,\n", []string{"line 2 has 3 fields"}},
		{"unterminated quote", "\"a,b\n1,2\n", []string{"line 1: unterminated quote"}},
		{"text after quote", "\"a\"b,c\n1,2\n", []string{"line 1: unexpected \"b,c\" after a closing quote"}},
		{"long text clipped", "1\n" + strings.Repeat("z", 500) + "\n", []string{"zzz…\" is not a number"}},
		{"binary garbage", "\x00\x01\x02\n\x03\x04\n", []string{"t.csv: line 1 holds the control byte 0x00 (at byte offset 0): the file is binary, not text"}},
		{"NUL inside a number", "1,2\n3,4\n0.3\x0061,5\n", []string{"line 3 holds the control byte 0x00 (at byte offset 11)"}},
		{"DEL", "1,2\x7f\n", []string{"line 1 holds the control byte 0x7F"}},
		{"zeros (/dev/zero)", strings.Repeat("\x00", 10000), []string{"line 1 holds the control byte 0x00"}},
		{"decimal comma", "1,5;2,5\n3,5;4,5\n", []string{`line 1, column 1: "1,5" is not a number`, "a decimal comma?"}},
		{"decimal comma, tab", "0,5\t1\n", []string{`line 1, column 1: "0,5" is not a number`, "a decimal comma?"}},
		{"UTF-16 little-endian", "\xff\xfe1\x00,\x002\x00\n\x00", []string{"t.csv: the file is UTF-16 text (byte-order mark FFFE)", "save it as UTF-8"}},
		{"UTF-16 big-endian", "\xfe\xff\x001\x00,\x002\x00\n", []string{"byte-order mark FEFF"}},
		{"tabs mixed with spaces", "1 2\t3\n4 5\t6\n", []string{`line 2, column 1 ("1 2"): "4 5" is not a number`}},
		{"pandas index column", ",a,b\n0,1.5,2\n1,2.5,3\n2,0,1\n", []string{"t.csv: the first column", "row numbers 0…2", "index=False"}},
		{"R row names", "\"\",\"a\"\n\"1\",1.5\n\"2\",2.5\n", []string{"row numbers 1…2", "row.names = FALSE"}},
		{"pandas Unnamed: 0", "Unnamed: 0,a\n0,1.5\n1,2.5\n", []string{"row numbers 0…1"}},
		{"pandas index and column numbers", ",0,1\n0,1.5,2\n1,2.5,3\n", []string{"row numbers 0…1", "index=False"}},
		// a first row that mixes numbers and names is neither a header nor data
		{"mixed first row", "0.5,abc\n1,2\n", []string{"t.csv: line 1 mixes names and numbers", `"0.5,abc"`}},
		{"mixed header", "x,1,y\n1,2,3\n", []string{"line 1 mixes names and numbers"}},
		{"empty field in first row", "0.5,\n1,2\n", []string{"line 1, column 2: empty field"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "t.csv")
			requireFormatErr(t, err, tc.want...)
			_, err = ReadLabelsCSV(strings.NewReader(tc.in), "t.csv")
			requireFormatErr(t, err)
		})
	}
}

func TestReadLabelsCSV(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		want  []int
		errIs error
		errs  []string
	}{
		{"column", "0\n1\n2\n1\n", []int{0, 1, 2, 1}, nil, nil},
		{"header", "label\n3\n0\n", []int{3, 0}, nil, nil},
		{"single row", "0,1,1,0\n", []int{0, 1, 1, 0}, nil, nil},
		{"integral floats", "2.0\n1e1\n", []int{2, 10}, nil, nil},
		{"negative", "0\n1\n-1\n", []int{0, 1, -1}, nil, nil},
		{"plus-minus one in a row", "-1,1,1,-1.0\n", []int{-1, 1, 1, -1}, nil, nil},
		{"too small", "-1e19\n", nil, check.ErrLabels, []string{`line 1: label "-1e19" is outside the 64-bit integer range`}},
		{"fractional", "# labels\n0\n2.5\n", nil, check.ErrLabels, []string{`line 3: label "2.5" is not an integer`}},
		{"nan", "nan\n", nil, check.ErrLabels, []string{"not finite"}},
		{"too large", "1e30\n", nil, check.ErrLabels, []string{`label "1e30" is outside the 64-bit integer range`}},
		{"beyond float64", "0\n1e400\n", nil, check.ErrLabels, []string{`line 2: label "1e400" is not finite`}},
		{"2^63 as written", "9223372036854775808\n", nil, check.ErrLabels, []string{`label "9223372036854775808" is outside`}},
		{"two columns", "0,1\n1,0\n", nil, ErrFormat, []string{"one column", "2 rows of 2 columns"}},
		{"pandas Series with its index", ",0\n0,1\n1,0\n2,1\n", nil, ErrFormat, []string{"row numbers 0…2", "index=False"}},
		{"class names", "cat\ndog\n", nil, ErrFormat, []string{`line 2, column 1 ("cat"): "dog" is not a number`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadLabelsCSV(strings.NewReader(tc.in), "y.csv")
			if tc.errIs == nil {
				require.NoError(t, err)
				require.Equal(t, tc.want, got)
				return
			}
			requireFormatErr(t, err, append([]string{"y.csv: "}, tc.errs...)...)
			require.ErrorIs(t, err, tc.errIs)
		})
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	special := mat.NewDense(2, 4, []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1),
		4e-320, math.MaxFloat64, -math.SmallestNonzeroFloat64, 0.1})
	for _, tc := range []struct {
		name   string
		m      mat.Matrix
		header []string
	}{
		{"special values", special, nil},
		{"random", randomMatrix(rand.New(rand.NewPCG(5, 6)), 50, 7), nil},
		{"header", special, []string{"x", "y", "z", "w"}},
		{"header needing quotes", special, []string{"a,b", ` padded `, `say "hi"`, "#4"}},
		{"header with numbers", special, []string{"z", "1", "2", "3"}},
		{"transposed view", special.T(), nil},
		{"first row 0,1,2", mat.NewDense(2, 3, []float64{0, 1, 2, 0.5, 1, 2}), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteCSVTo(&buf, tc.m, tc.header))
			tab, err := readCSVTable(bytes.NewReader(buf.Bytes()), "rt.csv", csvOpts{})
			require.NoError(t, err, buf.String())
			require.Equal(t, tc.header, tab.header)
			requireBitEqual(t, tc.m, mat.NewDense(tab.rows, tab.cols, tab.data))

			path := filepath.Join(t.TempDir(), "rt.csv")
			require.NoError(t, WriteCSV(path, tc.m, tc.header))
			got, err := ReadMatrix(path)
			require.NoError(t, err)
			requireBitEqual(t, tc.m, got)
		})
	}
}

func TestWriteCSVText(t *testing.T) {
	var buf bytes.Buffer
	m := mat.NewDense(2, 3, []float64{1, 0.1, math.NaN(), -2.5e-10, math.Inf(1), math.Inf(-1)})
	require.NoError(t, WriteCSVTo(&buf, m, []string{"a", "b c", "d,e"}))
	require.Equal(t, "a,b c,\"d,e\"\n1,0.1,nan\n-2.5e-10,inf,-inf\n", buf.String())
}

func TestWriteCSVErrors(t *testing.T) {
	m := mat.NewDense(1, 2, []float64{1, 2})
	for _, tc := range []struct {
		name   string
		m      mat.Matrix
		header []string
		is     error
	}{
		{"header length", m, []string{"a"}, check.ErrShape},
		{"numeric header", m, []string{"1", "2"}, check.ErrParam},
		{"mixed header", m, []string{"1", "b"}, check.ErrParam},
		{"line break", m, []string{"a\nb", "c"}, check.ErrParam},
		{"empty matrix", &mat.Dense{}, nil, check.ErrShape},
		{"nil matrix", nil, nil, check.ErrShape},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.ErrorIs(t, WriteCSVTo(&buf, tc.m, tc.header), tc.is)
		})
	}
}

func TestWriteLabelsCSV(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteLabelsCSVTo(&buf, []int{2, 0, 11}))
	require.Equal(t, "2\n0\n11\n", buf.String())
	path := filepath.Join(t.TempDir(), "y.csv")
	require.NoError(t, WriteLabelsCSV(path, []int{2, 0, 11}))
	got, err := ReadLabels(path)
	require.NoError(t, err)
	require.Equal(t, []int{2, 0, 11}, got)
	require.NoError(t, WriteLabelsCSV(path, []int{-1, 1, math.MinInt64}))
	got, err = ReadLabels(path)
	require.NoError(t, err)
	require.Equal(t, []int{-1, 1, math.MinInt64}, got)
	require.ErrorIs(t, WriteLabelsCSVTo(&buf, nil), check.ErrShape)
}

func TestClassIDs(t *testing.T) {
	for _, tc := range []struct {
		name             string
		labels, ids, cls []int
	}{
		{"dense stays", []int{0, 2, 1, 0}, []int{0, 2, 1, 0}, []int{0, 1, 2}},
		{"plus-minus one", []int{1, -1, -1, 1}, []int{1, 0, 0, 1}, []int{-1, 1}},
		{"sparse codes", []int{200, 100, 2147483647, 100}, []int{1, 0, 2, 0}, []int{100, 200, 2147483647}},
		{"one class", []int{-5, -5}, []int{0, 0}, []int{-5}},
		{"extremes", []int{math.MaxInt64, math.MinInt64}, []int{1, 0}, []int{math.MinInt64, math.MaxInt64}},
		{"empty", []int{}, []int{}, []int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.labels)
			ids, cls := ClassIDs(in)
			require.Equal(t, tc.labels, in, "input modified")
			require.Equal(t, tc.ids, ids)
			require.Equal(t, tc.cls, cls)
			for i, id := range ids {
				require.Equal(t, tc.labels[i], cls[id])
			}
		})
	}
}
