package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
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
		name     string
		m        *mat.Dense
		terminal bool
		want     string
	}{
		{"discrete at a terminal", discrete, true, "note: --x has only 6 distinct rows among 200; for discrete data try this\n"},
		{"discrete in a script", discrete, false, ""},
		{"continuous", continuous, true, ""},
		{"too few rows per value", few, true, ""},
		{"nil", nil, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			discreteHint(&Env{Stderr: &buf, StderrIsTerminal: tc.terminal}, "--x", tc.m, "try this")
			assert.Equal(t, tc.want, buf.String())
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
		name     string
		m        *mat.Dense
		terminal bool
		want     string
	}{
		{"continuous at a terminal", continuous, true, "note: more than half of the 200 rows of --x are distinct: taken as symbols, they give about ln n whatever the data; for continuous data try this\n"},
		{"continuous in a script", continuous, false, ""},
		{"codes", codes, true, ""},
		{"half distinct", half, true, ""},
		{"too few rows", mat.NewDense(10, 1, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), true, ""},
		{"nil", nil, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			continuousHint(&Env{Stderr: &buf, StderrIsTerminal: tc.terminal}, "--x", tc.m, "try this")
			assert.Equal(t, tc.want, buf.String())
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
