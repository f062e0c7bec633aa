package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestDiscreteHint(t *testing.T) {
	discrete := mat.NewDense(200, 2, nil)
	for i := 0; i < 200; i++ {
		discrete.Set(i, 0, float64(i%3))
		discrete.Set(i, 1, float64(i%2))
	}
	continuous := mat.NewDense(200, 1, nil)
	for i := 0; i < 200; i++ {
		continuous.Set(i, 0, float64(i)*0.37)
	}
	few := mat.NewDense(100, 1, nil) // 10 values over 100 rows: fewer than 20 rows per value
	for i := 0; i < 100; i++ {
		few.Set(i, 0, float64(i%10))
	}
	for _, tc := range []struct {
		name string
		m    *mat.Dense
		want string
	}{
		{"discrete", discrete, "--x has only 6 distinct rows among 200; for discrete data try this"},
		{"continuous", continuous, ""},
		{"too few rows per value", few, ""},
		{"nil", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, discreteHint("--x", tc.m, "try this"))
		})
	}
}

func TestContinuousHint(t *testing.T) {
	codes := mat.NewDense(200, 2, nil)
	continuous := mat.NewDense(200, 1, nil)
	half := mat.NewDense(200, 1, nil) // exactly n/2 distinct values: still codes
	for i := 0; i < 200; i++ {
		codes.Set(i, 0, float64(i%3))
		codes.Set(i, 1, float64(i%2))
		continuous.Set(i, 0, float64(i)*0.37)
		half.Set(i, 0, float64(i%100))
	}
	for _, tc := range []struct {
		name string
		m    *mat.Dense
		want string
	}{
		{"continuous", continuous, "more than half of the 200 rows of --x are distinct: taken as symbols, they give about ln n whatever the data; for continuous data try this"},
		{"codes", codes, ""},
		{"half distinct", half, ""},
		{"too few rows", mat.NewDense(10, 1, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), ""},
		{"nil", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, continuousHint("--x", tc.m, "try this"))
		})
	}
}

// TestNotesReachScripts: the cautions are printed on stderr without a
// terminal too, and listed under "notes" with --json (stdout stays one JSON
// object); a run without a caution has neither.
func TestNotesReachScripts(t *testing.T) {
	dir := t.TempDir()
	var codes, cont, copyRows, skewed [][]float64
	for i := 0; i < 400; i++ {
		codes = append(codes, []float64{float64(i % 3)})
		v := math.Sin(float64(i)*1.7) + float64(i)*1e-3
		cont = append(cont, []float64{v})
		copyRows = append(copyRows, []float64{2 * v})
		w := math.Cos(float64(i) * 0.3)
		if i == 17 {
			w = 1e6 // one huge value: skewness ≈ √400
		}
		skewed = append(skewed, []float64{w})
	}
	xc := writeCSVFile(t, dir, "codes.csv", codes)
	xf := writeCSVFile(t, dir, "cont.csv", cont)
	xy := writeCSVFile(t, dir, "copy.csv", copyRows)
	xs := writeCSVFile(t, dir, "skewed.csv", skewed)
	for _, tc := range []struct {
		name string
		args []string
		note string // "" = no note
	}{
		{"codes to knn entropy", []string{"entropy", "--x", xc}, "--x has only 3 distinct rows among 400"},
		{"continuous to plugin entropy", []string{"entropy", "--x", xf, "--estimator", "plugin"}, "more than half of the 400 rows of --x are distinct"},
		{"continuous to plugin mi", []string{"mi", "--x", xf, "--y", xc, "--estimator", "plugin"}, "more than half of the 400 rows of --x are distinct"},
		{"codes to ksg", []string{"mi", "--x", xc, "--y", xf}, "--x has only 3 distinct rows among 400"},
		{"ksg at its ceiling", []string{"mi", "--x", xf, "--y", xy}, "close to the most KSG can give with n = 400 and k = 3"},
		{"skewed to ksg", []string{"mi", "--x", xs, "--y", xf}, "column 1 of --x is very skewed"},
		{"skewed to ksg with ranks", []string{"mi", "--x", xs, "--y", xf, "--ranks"}, ""},
		{"skewed to ksg with no-ranks", []string{"mi", "--x", xs, "--y", xf, "--no-ranks"}, "without --no-ranks it would estimate on ranks"},
		{"no caution", []string{"entropy", "--x", xf}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.args...)
			require.Equal(t, 0, code, errOut)
			if tc.note == "" {
				assert.Empty(t, errOut)
			} else {
				assert.True(t, strings.HasPrefix(errOut, "note: "), errOut)
				assert.Contains(t, errOut, tc.note)
				assert.NotContains(t, out, tc.note) // the value's line stays alone on stdout
			}
			jout, _, code := runCLI(t, append(tc.args, "--json")...)
			require.Equal(t, 0, code)
			var r map[string]any
			require.NoError(t, json.Unmarshal([]byte(jout), &r), jout)
			ns, ok := r["notes"].([]any)
			if tc.note == "" {
				assert.False(t, ok, "notes: %v", r["notes"])
				return
			}
			require.True(t, ok, jout)
			require.Len(t, ns, 1)
			assert.Contains(t, ns[0], tc.note)
		})
	}
}

// TestPositiveFlags: widths, variances, orders and regularisations are
// refused at parse time (exit 2) when given as 0, negative, NaN, ±Inf or not
// a number; left out, the command's default is used.
func TestPositiveFlags(t *testing.T) {
	dir := t.TempDir()
	x := writeCSVFile(t, dir, "x.csv", [][]float64{{0.3, 1}, {1, 0.5}, {2, 0.1}, {3, 2}, {4, 1.5}, {5, 0.2}, {6, 3}, {7, 2.5}})
	lab := writeTextFile(t, dir, "lab.csv", "0\n1\n0\n1\n0\n1\n0\n1\n")
	cmds := map[string][]string{
		"noise-var": {"mi", "--x", x, "--labels", lab, "--estimator", "kde"},
		"alpha":     {"entropy", "--x", x, "--estimator", "renyi"},
		"bandwidth": {"vendi", "--x", x, "--kernel", "rbf"},
		"eps":       {"divergence", "--p", x, "--q", x, "--measure", "w2", "--estimator", "sinkhorn"},
	}
	for flag, args := range cmds {
		for _, v := range []string{"0", "-1", "nan", "inf", "-inf", "abc"} {
			t.Run(flag+"="+v, func(t *testing.T) {
				_, errOut, code := runCLI(t, append(append([]string(nil), args...), "--"+flag+"="+v)...)
				requireOneLineError(t, errOut, code, 2)
				assert.Contains(t, errOut, "--"+flag)
			})
		}
		t.Run(flag+" default", func(t *testing.T) {
			_, errOut, code := runCLI(t, args...)
			assert.Equal(t, 0, code, errOut)
		})
	}
	t.Run("bins and bootstrap", func(t *testing.T) {
		for _, args := range [][]string{
			{"mi", "--x", x, "--labels", lab, "--estimator", "binning", "--bins", "1"},
			{"mi", "--x", x, "--labels", lab, "--bootstrap", "1"},
			{"mi", "--x", x, "--labels", lab, "--bootstrap", "19"},
		} {
			_, errOut, code := runCLI(t, args...)
			requireOneLineError(t, errOut, code, 2)
		}
	})
}
