package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Every command that reads a file says, for a bad value, where it is in
// that file: a CSV's line and column counted from 1 (not the 0-based
// matrix index an estimator would give), a .npy element's row, column,
// NumPy index and byte offset. A value beyond the float64 range (1e400)
// is reported where it was written.
func TestCLIFileErrorsSayWhere(t *testing.T) {
	dir := t.TempDir()
	rows := func(bad string) string {
		var b strings.Builder
		b.WriteString("a,b\n")
		for i := range 12 {
			if i == 8 {
				fmt.Fprintf(&b, "0.25,%s\n", bad) // line 10
				continue
			}
			fmt.Fprintf(&b, "%d.5,%d.25\n", i, (i*7)%5)
		}
		return b.String()
	}
	good := writeTextFile(t, dir, "good.csv", rows("3"))
	labels := writeTextFile(t, dir, "labels.csv", strings.Repeat("0\n1\n", 6))
	vals := make([]float64, 24)
	for i := range vals {
		vals[i] = float64(i%7) - 0.5*float64(i%3)
	}
	vals[2*9+1] = math.NaN() // row 10, column 2
	npy := filepath.Join(dir, "nan.npy")
	require.NoError(t, os.WriteFile(npy, npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (12, 2), }", f64bytes(vals)), 0o644))
	half := filepath.Join(dir, "half.npy")
	// float16 65504 is finite; 0x7c00 is +Inf (as 1e5 cast to float16 is)
	require.NoError(t, os.WriteFile(half, npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }", []byte{0, 0x3c, 0xff, 0x7b, 0, 0x7c}), 0o644))
	big := writeTextFile(t, dir, "big.csv", rows("1e400"))
	nan := writeTextFile(t, dir, "nan.csv", rows("NaN"))
	semi := writeTextFile(t, dir, "semi.csv", "0,5;1,5\n2,5;3,5\n")
	trailing := writeTextFile(t, dir, "trailing.csv", "1,2,\n3,4,\n")
	zeros := writeTextFile(t, dir, "zeros.csv", strings.Repeat("\x00", 5000))
	typo := writeTextFile(t, dir, "typo.csv", "l.5,2.25\n1,2\n3,4\n")
	tinyNPY := filepath.Join(dir, "trail1.npy")
	require.NoError(t, os.WriteFile(tinyNPY, append(npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", f64bytes([]float64{1, 2})), '\n'), 0o644))

	bigWhere := `big.csv: line 10, column 2 ("b"): "1e400" is beyond the float64 range (±1.8e308) and reads as +Inf`
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"mi 1e400", []string{"mi", "--x", big, "--y", good}, []string{"--x: ", bigWhere}},
		{"mi y 1e400", []string{"mi", "--x", good, "--y", big, "--estimator", "gaussian"}, []string{"--y: ", bigWhere}},
		{"mi labels 1e400", []string{"mi", "--x", big, "--labels", labels}, []string{"--x: ", bigWhere}},
		{"entropy 1e400", []string{"entropy", "--x", big}, []string{bigWhere}},
		{"divergence 1e400", []string{"divergence", "--p", good, "--q", big, "--measure", "w1"}, []string{"--q: ", bigWhere}},
		{"vendi 1e400", []string{"vendi", "--x", big}, []string{bigWhere}},
		{"vendi weights NaN", []string{"vendi", "--x", good, "--weights", nan}, []string{"--weights: ", `nan.csv: line 10, column 2 ("b"): "NaN" is NaN`}},
		{"ib-curve 1e400", []string{"ib-curve", "--joint", big}, []string{"--joint: ", bigWhere}},
		{"task-difficulty 1e400", []string{"task-difficulty", "--x", big, "--labels", labels}, []string{bigWhere}},
		{"inductive-bias 1e400", []string{"inductive-bias", "--task", big, "--labels", labels}, []string{"--task: ", bigWhere}},
		{"csv NaN", []string{"entropy", "--x", nan}, []string{`nan.csv: line 10, column 2 ("b"): "NaN" is NaN: non-finite value`}},
		{"npy NaN", []string{"mi", "--x", npy, "--y", good}, []string{"nan.npy: row 10, column 2 (element [9, 1], byte offset 280 of the .npy): the value is NaN"}},
		{"npy float16 Inf", []string{"entropy", "--x", half}, []string{"half.npy: row 3 (element [2], byte offset 132 of the .npy): the value is +Inf"}},
		{"decimal commas", []string{"entropy", "--x", semi}, []string{`semi.csv: line 1, column 1: "0,5" is not a number`, "a decimal comma?"}},
		{"trailing comma", []string{"entropy", "--x", trailing}, []string{"trailing.csv: line 1, column 3: empty field, expected a number (the line ends with a comma)"}},
		{"binary zeros", []string{"entropy", "--x", zeros}, []string{"zeros.csv: line 1 holds the control byte 0x00 (at byte offset 0): the file is binary, not text"}},
		{"typo in a first data row", []string{"entropy", "--x", typo}, []string{`typo.csv: line 1 mixes names and numbers ("l.5,2.25")`}},
		{"one trailing byte", []string{"entropy", "--x", tinyNPY}, []string{"trail1.npy: 1 byte follows the array body"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tc.args...)
			requireOneLineError(t, stderr, code, exitData)
			require.Empty(t, stdout)
			for _, w := range tc.want {
				require.Contains(t, stderr, w)
			}
			require.NotContains(t, stderr, "0-based")
		})
	}
}

// Files whose rows do not pair up are named with their flags in the error.
func TestCLIRowMismatchNamesFiles(t *testing.T) {
	dir := t.TempDir()
	x3 := writeCSVFile(t, dir, "x3.csv", [][]float64{{1, 2}, {3, 1}, {2, 5}})
	y4 := writeCSVFile(t, dir, "y4.csv", [][]float64{{1}, {3}, {2}, {7}})
	l4 := writeTextFile(t, dir, "l4.csv", "0\n1\n0\n1\n")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"mi y", []string{"mi", "--x", x3, "--y", y4}, "--x " + x3 + " has 3 rows but --y " + y4 + " has 4 rows"},
		{"mi labels", []string{"mi", "--x", x3, "--labels", l4}, "--x " + x3 + " has 3 rows but --labels " + l4 + " has 4 labels"},
		{"task-difficulty", []string{"task-difficulty", "--x", x3, "--labels", l4}, "--x " + x3 + " has 3 rows but --labels " + l4 + " has 4 labels"},
		{"divergence", []string{"divergence", "--p", x3, "--q", y4}, "--p " + x3 + " has 2 columns but --q " + y4 + " has 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			requireOneLineError(t, stderr, code, exitData)
			require.Contains(t, stderr, tc.want)
		})
	}
}

// An output whose name is taken by a directory is refused before anything
// is written: the command's files appear together or not at all.
func TestCLIOutputsBlockedByDirectory(t *testing.T) {
	joint := writeCSVFile(t, t.TempDir(), "joint.csv", [][]float64{{0.25, 0.05}, {0.05, 0.25}, {0.1, 0.3}})
	for _, tc := range []struct {
		name    string
		blocked string
		args    func(out string) []string
	}{
		{"sample labels", "labels.npy", func(out string) []string { return []string{"sample", "xor", "--n", "50", "--out", out} }},
		{"sample y", "y.npy", func(out string) []string { return []string{"sample", "normal-1x1-rho0.9", "--n", "50", "--out", out} }},
		{"ib-curve svg", "ib-curve.svg", func(out string) []string {
			return []string{"ib-curve", "--joint", joint, "--betas", "1,5", "--no-refine", "--out", out}
		}},
		{"infoplane run.json", "run.json", func(out string) []string {
			return []string{"infoplane", "--epochs", "2", "--estimator", "binning", "--quiet", "--out", out}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(out, tc.blocked), 0o755))
			stdout, stderr, code := runCLI(t, tc.args(out)...)
			requireOneLineError(t, stderr, code, exitData)
			require.Empty(t, stdout)
			require.Contains(t, stderr, "cannot write "+filepath.Join(out, tc.blocked)+": a directory of that name is in the way; nothing was written")
			entries, err := os.ReadDir(out)
			require.NoError(t, err)
			require.Len(t, entries, 1, "only the blocking directory: no output and no temporary file")
		})
	}
}

// A flag given an empty value is bad usage, not the working directory
// (--x "" used to read the current folder and fail as a directory).
func TestCLIEmptyFlagValue(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"entropy", "--x", ""}, "itlab: --x: empty value (see 'itlab entropy --help')"},
		{[]string{"entropy", "--x="}, "itlab: --x: empty value"},
		{[]string{"mi", "--x", "a.csv", "--labels", ""}, "itlab: --labels: empty value (see 'itlab mi --help')"},
		{[]string{"infoplane", "--out", ""}, "itlab: --out: empty value"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tc.args...)
			requireOneLineError(t, stderr, code, exitUsage)
			require.Empty(t, stdout)
			require.Contains(t, stderr, tc.want)
		})
	}
}
