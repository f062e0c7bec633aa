package dataio

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// ReadMatrixFinite names a NaN or ±Inf where it is in the file: the line and
// column (from 1) and the text of a CSV, the element, its NumPy index and
// byte offset of a .npy. A value beyond the float64 range (1e400) is
// reported by the parser where it was written, not later as a matrix index.
func TestReadMatrixFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	csv12 := func(bad string) string {
		var b strings.Builder
		b.WriteString("# made by hand\n")
		for i := range 12 {
			if i == 9 {
				fmt.Fprintf(&b, "0.5,%s\n", bad)
				continue
			}
			fmt.Fprintf(&b, "%d.5,%d\n", i, i)
		}
		return b.String()
	}
	// a (3, 2) float64 array with one bad element at C index 3 ([1, 1]);
	// the fixture's header is 128 bytes, so that element is at byte 152
	vals := []float64{1, 2, 3, nan, 5, 6}
	f8 := npyFixture(t, "<f8", false, []int{3, 2}, vals, 1)
	off := len(f8) - 6*8
	for _, tc := range []struct {
		name string
		file string
		data []byte
		want []string
	}{
		{"csv 1e400", "x.csv", []byte(csv12("1e400")), []string{`x.csv: line 11, column 2: "1e400" is beyond the float64 range (±1.8e308) and reads as +Inf`}},
		{"csv -1e400", "x.csv", []byte(csv12("-1e400")), []string{`line 11, column 2: "-1e400" is beyond the float64 range`, "reads as -Inf"}},
		{"csv nan", "x.csv", []byte(csv12("NaN")), []string{`line 11, column 2: "NaN" is NaN: non-finite value`}},
		{"csv -inf", "x.csv", []byte(csv12("-inf")), []string{`line 11, column 2: "-inf" is -Inf`}},
		{"csv header names the column", "x.csv", []byte("a,b\n1,2\n3,Infinity\n"), []string{`line 3, column 2 ("b"): "Infinity" is +Inf`}},
		{"tsv", "x.tsv", []byte("1\t2\n1e999\t3\n"), []string{`x.tsv: line 2, column 1: "1e999" is beyond the float64 range`}},
		{"npy C order", "x.npy", f8, []string{fmt.Sprintf("x.npy: row 2, column 2 (element [1, 1], byte offset %d of the .npy): the value is NaN", off+3*8)}},
		{"npy Fortran order", "x.npy", npyFixture(t, "<f8", true, []int{3, 2}, []float64{1, 2, 3, 4, 5, inf}, 1),
			// column-major on disk: [2, 1] is the last element
			[]string{fmt.Sprintf("row 3, column 2 (element [2, 1], byte offset %d of the .npy): the value is +Inf", off+5*8)}},
		{"npy 1-D float16", "x.npy", npyFixture(t, "<f2", false, []int{4}, []float64{1, 2, -inf, 4}, 1), []string{"row 3 (element [2], byte offset", "the value is -Inf"}},
		{"npy big-endian float32", "x.npy", npyFixture(t, ">f4", false, []int{2, 2}, []float64{1, 2, 3, inf}, 1), []string{"row 2, column 2 (element [1, 1]"}},
		{"npz member", "a.npz", npzFixture(t, true, "x.npy", f8), []string{"a.npz:x: row 2, column 2 (element [1, 1]", "NaN"}},
		{"unknown extension sniffed as npy", "x.dat", f8, []string{"x.dat: row 2, column 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tc.file, tc.data)
			_, err := ReadMatrixFinite(p)
			requireFormatErr(t, err, tc.want...)
			require.ErrorIs(t, err, check.ErrNonFinite)
			require.Contains(t, err.Error(), p, "the error names the file")
			// ReadMatrix reads the same file, non-finite values and all
			m, err := ReadMatrix(p)
			require.NoError(t, err)
			require.Error(t, check.Finite("x", m))
		})
	}
	t.Run("finite data reads as ReadMatrix reads it", func(t *testing.T) {
		dir := t.TempDir()
		for _, p := range []string{
			writeFile(t, dir, "ok.csv", []byte("a,b\n1,2\n1e-400,-3.5e300\n")),
			writeFile(t, dir, "ok.npy", npyFixture(t, ">f4", true, []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}, 2)),
			writeFile(t, dir, "ok.npz", npzFixture(t, false, "x.npy", npyFixture(t, "<i2", false, []int{3}, []float64{-1, 0, 1}, 1))),
		} {
			want, err := ReadMatrix(p)
			require.NoError(t, err)
			got, err := ReadMatrixFinite(p)
			require.NoError(t, err)
			requireBitEqual(t, want, got)
		}
	})
}

// A first row whose first cell is a name and whose other cells are numbers
// is a header only when those numbers count up by one (a data frame's index
// over numeric column names); otherwise it is an error, not a silently
// dropped data row.
func TestReadCSVFirstRowNumbers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		header []string
		errs   []string
	}{
		{"index over 0,1", "idx,0,1\n5,1.5,2\n6,2.5,3\n", []string{"idx", "0", "1"}, nil},
		{"index over 1,2", "id,1,2\n5,1.5,2\n", []string{"id", "1", "2"}, nil},
		{"index over years", "country,2019,2020,2021\n1,2,3,4\n", []string{"country", "2019", "2020", "2021"}, nil},
		{"typo in a data row", "l.5,2.25\n1,2\n", nil, []string{`line 1 mixes names and numbers ("l.5,2.25")`}},
		{"name over a float", "a,1.5\n1,2\n", nil, []string{"line 1 mixes names and numbers"}},
		{"not counting up", "a,3,1\n1,2,3\n", nil, []string{"line 1 mixes names and numbers"}},
		{"negative", "a,-1,0\n1,2,3\n", nil, []string{"line 1 mixes names and numbers"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := readCSVTable(strings.NewReader(tc.in), "t.csv", csvOpts{})
			if tc.errs != nil {
				requireFormatErr(t, err, tc.errs...)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.header, tab.header)
		})
	}
	// the writer refuses a header that would not read back as one
	err := WriteCSVTo(&strings.Builder{}, mat.NewDense(1, 2, []float64{1, 2}), []string{"a", "1.5"})
	require.ErrorIs(t, err, check.ErrParam)
	require.NoError(t, WriteCSVTo(&strings.Builder{}, mat.NewDense(1, 3, []float64{1, 2, 3}), []string{"id", "0", "1"}))
}

// Messages name the empty field a trailing separator leaves.
func TestReadCSVTrailingSeparator(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"comma", "1,2,\n3,4,\n", `t.csv: line 1, column 3: empty field, expected a number (the line ends with a comma)`},
		{"semicolon", "1;2;\n", `(the line ends with a semicolon)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), "t.csv")
			requireFormatErr(t, err, tc.want)
		})
	}
	// a trailing tab is white space around the line, trimmed like spaces
	m, err := ReadCSV(strings.NewReader("1\t2\t\n"), "t.csv")
	require.NoError(t, err)
	requireBitEqual(t, mat.NewDense(1, 2, []float64{1, 2}), m)
	_, err = ReadCSV(strings.NewReader("1,,2\n"), "t.csv")
	requireFormatErr(t, err, "line 1, column 2: empty field, expected a number")
	require.NotContains(t, err.Error(), "ends with")
}

// An .npz member with bytes after the array body is refused, as a .npy
// file with them is.
func TestReadNPZTrailingBytes(t *testing.T) {
	good := npyFixture(t, "<f8", false, []int{2}, []float64{1, 2}, 1)
	for _, deflate := range []bool{false, true} {
		t.Run(fmt.Sprint("deflate=", deflate), func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "a.npz", npzFixture(t, deflate, "x.npy", append(append([]byte{}, good...), "xyz"...)))
			_, err := ReadMatrix(p)
			requireFormatErr(t, err, "a.npz:x: 3 bytes follow the array body that the member's header declares")
			p = writeFile(t, t.TempDir(), "b.npz", npzFixture(t, deflate, "y.npy", append(append([]byte{}, good...), 0)))
			_, err = ReadLabels(p + ":y")
			requireFormatErr(t, err, "b.npz:y: 1 byte follows the array body")
		})
	}
}
