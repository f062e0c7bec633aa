package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVendiCommand(t *testing.T) {
	dir := t.TempDir()
	// Four items: two copies of one direction and two orthogonal ones →
	// eigenvalues 1/2, 1/4, 1/4 of K/n: VS_1 = 2^1.5, VS_2 = 8/3, VS_∞ = 2, VS_0 = 3.
	x := writeCSVFile(t, dir, "x.csv", [][]float64{{1, 0, 0}, {2, 0, 0}, {0, 1, 0}, {0, 0, 3}})
	for _, tc := range []struct {
		order string
		want  float64
	}{{"1", 2.8284271247}, {"2", 8.0 / 3}, {"inf", 2}, {"0", 3}} {
		t.Run("order="+tc.order, func(t *testing.T) {
			out, errOut, code := runCLI(t, "vendi", "--x", x, "--order", tc.order, "--json")
			require.Equal(t, 0, code, errOut)
			var r map[string]any
			require.NoError(t, json.Unmarshal([]byte(out), &r))
			assert.InDelta(t, tc.want, r["value"].(float64), 1e-9)
			assert.Equal(t, "vendi-cosine", r["estimator"])
			assert.Equal(t, float64(4), r["n"])
			assert.Contains(t, r, "unit")
		})
	}
	t.Run("rbf-identical", func(t *testing.T) {
		y := writeCSVFile(t, dir, "y.csv", [][]float64{{1, 2}, {1, 2}, {1, 2}})
		out, errOut, code := runCLI(t, "vendi", "--x", y, "--kernel", "rbf", "--bandwidth", "0.5", "--json")
		require.Equal(t, 0, code, errOut)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.InDelta(t, 1, r["value"].(float64), 1e-9)
	})
	t.Run("precomputed-readme", func(t *testing.T) {
		k := writeCSVFile(t, dir, "k.csv", [][]float64{{1, .9, 0}, {.9, 1, 0}, {0, 0, 1}})
		out, errOut, code := runCLI(t, "vendi", "--x", k, "--kernel", "precomputed", "--json")
		require.Equal(t, 0, code, errOut)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.InDelta(t, 2.1573004834, r["value"].(float64), 1e-9)
		out, errOut, code = runCLI(t, "vendi", "--x", k, "--kernel", "precomputed", "--order", "inf", "--json")
		require.Equal(t, 0, code, errOut)
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.InDelta(t, 1.5789473684, r["value"].(float64), 1e-9)
		assert.Equal(t, "+Inf", r["order"])
	})
	t.Run("human", func(t *testing.T) {
		out, errOut, code := runCLI(t, "vendi", "--x", x)
		require.Equal(t, 0, code, errOut)
		assert.True(t, strings.Contains(out, "2.82843"), out)
	})
}

func TestVendiCommandErrors(t *testing.T) {
	dir := t.TempDir()
	zero := writeCSVFile(t, dir, "z.csv", [][]float64{{0, 0}, {1, 0}})
	good := writeCSVFile(t, dir, "g.csv", [][]float64{{1, 0}, {0, 1}})
	nan := writeTextFile(t, dir, "nan.csv", "1,2\nNaN,3\n")
	notPSD := writeCSVFile(t, dir, "npsd.csv", [][]float64{{1, .9, 0}, {.9, 1, .9}, {0, .9, 1}})
	good3 := writeCSVFile(t, dir, "g3.csv", [][]float64{{1, 0, 0}, {0, 1, 0}})
	wNeg := writeTextFile(t, dir, "wneg.csv", "1\n-1\n")
	wShort := writeTextFile(t, dir, "wshort.csv", "1\n")
	wZero := writeTextFile(t, dir, "wzero.csv", "0\n0\n")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in the message, when set
	}{
		{"weights-negative", []string{"vendi", "--x", good, "--weights", wNeg}, 1, "--weights " + wNeg + ": row 2: weight -1 is negative"},
		{"weights-count", []string{"vendi", "--x", good, "--weights", wShort}, 1, "--weights " + wShort + ": 1 weight for the 2 rows"},
		{"weights-columns", []string{"vendi", "--x", good, "--weights", good}, 1, "--weights " + good + ": 2 columns"},
		{"weights-zero", []string{"vendi", "--x", good, "--weights", wZero}, 1, "--weights " + wZero + ": the weights sum to 0"},
		{"missing-x", []string{"vendi"}, 2, ""},
		{"bad-order", []string{"vendi", "--x", good, "--order", "-1"}, 2, ""},
		{"bad-kernel", []string{"vendi", "--x", good, "--kernel", "poly"}, 2, ""},
		{"zero-row", []string{"vendi", "--x", zero}, 1, ""},
		{"nan", []string{"vendi", "--x", nan}, 1, ""},
		{"no-file", []string{"vendi", "--x", dir + "/absent.csv"}, 1, ""},
		{"not-psd", []string{"vendi", "--x", notPSD, "--kernel", "precomputed"}, 1, ""},
		{"not-square", []string{"vendi", "--x", good3, "--kernel", "precomputed"}, 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			requireOneLineError(t, errOut, code, tc.code)
			assert.Contains(t, errOut, tc.want)
		})
	}
}
