package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/synth"
)

// entropyJSONOut runs `itlab entropy ... --json` and decodes the object.
func entropyJSONOut(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, errOut, code := runCLI(t, append(append([]string{"entropy"}, args...), "--json")...)
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	for _, f := range []string{"value", "unit", "estimator", "n"} {
		require.Contains(t, r, f)
	}
	return r
}

func TestEntropyCommand(t *testing.T) {
	dir := t.TempDir()
	// 4000 standard normal draws: h = 1.4189 nats. Every continuous
	// estimator is within 0.06 here (SD ≈ 0.7/√4000 = 0.011 plus small biases).
	g := synth.StandardGaussian(1).Sample(4000, rand.New(rand.NewPCG(1, 2)))
	rows := make([][]float64, 4000)
	for i := range rows {
		rows[i] = []float64{g.At(i, 0)}
	}
	gauss := writeCSVFile(t, dir, "g.csv", rows)
	const h = 1.4189385332046727
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"knn", nil},
		{"knn-euclidean-k5", []string{"--estimator", "knn", "--k", "5", "--norm", "euclidean"}},
		{"gaussian", []string{"--estimator", "gaussian"}},
		{"gaussian-corrected", []string{"--estimator", "gaussian", "--bias-corrected"}},
		{"spacing", []string{"--estimator", "spacing"}},
		{"spacing-vasicek", []string{"--estimator", "spacing", "--spacing-method", "vasicek", "--m", "20"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := entropyJSONOut(t, append([]string{"--x", gauss}, tc.args...)...)
			assert.InDelta(t, h, r["value"].(float64), 0.06)
			assert.Equal(t, "nats", r["unit"])
			assert.Equal(t, float64(4000), r["n"])
		})
	}
	t.Run("default is knn k=3", func(t *testing.T) {
		r := entropyJSONOut(t, "--x", gauss)
		assert.Equal(t, "knn", r["estimator"])
		assert.Equal(t, float64(3), r["k"])
	})
	t.Run("base 2", func(t *testing.T) {
		e := entropyJSONOut(t, "--x", gauss, "--estimator", "gaussian")
		b := entropyJSONOut(t, "--x", gauss, "--estimator", "gaussian", "--base", "2")
		assert.Equal(t, "bits", b["unit"])
		assert.InDelta(t, e["value"].(float64)/math.Ln2, b["value"].(float64), 1e-12)
	})
	t.Run("human output", func(t *testing.T) {
		out, errOut, code := runCLI(t, "entropy", "--x", gauss, "--estimator", "spacing")
		require.Equal(t, 0, code, errOut)
		assert.True(t, strings.HasPrefix(out, "h(X) = 1.4"), out)
		assert.Contains(t, out, "m = 63")
	})

	// Discrete: rows as symbols. 0,0 ×4; 1,0 ×2; 1,1 ×2 → H = 1.5 log 2.
	codes := writeCSVFile(t, dir, "codes.csv", [][]float64{{0, 0}, {1, 0}, {0, 0}, {1, 1}, {0, 0}, {1, 0}, {0, 0}, {1, 1}})
	plug := 1.5 * math.Ln2
	for _, tc := range []struct {
		est  string
		want float64
	}{
		{"plugin", plug},
		{"miller-madow", plug + 2.0/16},
	} {
		t.Run(tc.est, func(t *testing.T) {
			r := entropyJSONOut(t, "--x", codes, "--estimator", tc.est)
			assert.InDelta(t, tc.want, r["value"].(float64), 1e-12)
			assert.Equal(t, float64(3), r["symbols"])
			assert.Equal(t, float64(8), r["n"])
		})
	}
	t.Run("grassberger and nsb run", func(t *testing.T) {
		// counts 4, 2, 2: log 8 − (4·G(4) + 2·G(2) + 2·G(2))/8, G from mpmath
		const g4, g2 = 1.396303821205188496642922, 0.7296371545385218299762558
		r := entropyJSONOut(t, "--x", codes, "--estimator", "grassberger", "--base", "2")
		assert.InDelta(t, (math.Log(8)-(4*g4+4*g2)/8)/math.Ln2, r["value"].(float64), 1e-12)
		assert.Equal(t, "bits", r["unit"])
		r = entropyJSONOut(t, "--x", codes, "--estimator", "nsb", "--alphabet", "4")
		assert.Greater(t, r["value"].(float64), 0.5)
		assert.Less(t, r["value"].(float64), math.Log(4))
	})
	t.Run("kde bounds", func(t *testing.T) {
		// shared/methods.md §2a: points (0,0), (0.5,0), (0,0.5), (1,1) at σ² = 0.1:
		// H_upper = 1.6497615578, H_lower = 1.1330176598 nats.
		pts := writeCSVFile(t, dir, "pts.csv", [][]float64{{0, 0}, {0.5, 0}, {0, 0.5}, {1, 1}})
		r := entropyJSONOut(t, "--x", pts, "--estimator", "kde", "--noise-var", "0.1")
		assert.InDelta(t, 1.6497615578, r["value"].(float64), 1e-9)
		assert.Equal(t, "kt-upper", r["method"])
		r = entropyJSONOut(t, "--x", pts, "--estimator", "kde", "--noise-var", "0.1", "--lower")
		assert.InDelta(t, 1.1330176598, r["value"].(float64), 1e-9)
	})
	t.Run("kde density", func(t *testing.T) {
		r := entropyJSONOut(t, "--x", gauss, "--estimator", "kde")
		assert.InDelta(t, h, r["value"].(float64), 0.1) // resubstitution KDE, Silverman width
		assert.Equal(t, "resubstitution", r["method"])
	})
	t.Run("renyi", func(t *testing.T) {
		// identical rows: A = 11ᵀ/n has one eigenvalue 1, S_α = 0
		same := writeCSVFile(t, dir, "same.csv", [][]float64{{2, 1}, {2, 1}, {2, 1}, {2, 1}})
		r := entropyJSONOut(t, "--x", same, "--estimator", "renyi")
		assert.InDelta(t, 0, r["value"].(float64), 1e-9)
		assert.Equal(t, 1.01, r["alpha"])
	})
	t.Run("atom gives -Inf as valid JSON", func(t *testing.T) {
		atom := writeCSVFile(t, dir, "atom.csv", [][]float64{{1}, {1}, {1}, {1}, {1}, {1}, {1}, {2}, {3}})
		out, errOut, code := runCLI(t, "entropy", "--x", atom, "--estimator", "spacing", "--json")
		require.Equal(t, 0, code, errOut)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r), out)
		assert.Equal(t, "-Inf", r["value"])
	})
}

func TestEntropyCommandErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeCSVFile(t, dir, "good.csv", [][]float64{{1, 2}, {3, 1}, {0, 5}, {2, 2}, {4, 0}})
	col := writeCSVFile(t, dir, "col.csv", [][]float64{{1}, {3}, {0}, {2}, {4}})
	nan := writeTextFile(t, dir, "nan.csv", "1,2\nNaN,3\n4,5\n6,1\n")
	inf := writeTextFile(t, dir, "inf.csv", "1\n2\nInf\n4\n5\n")
	one := writeCSVFile(t, dir, "one.csv", [][]float64{{1, 2}})
	malformed := writeTextFile(t, dir, "bad.csv", "1,2\n3\nx,y,z\n")
	garbage := writeTextFile(t, dir, "garbage.csv", "\x00\x01\x02 not numbers at all\n\"unterminated\n")
	empty := writeTextFile(t, dir, "empty.csv", "")
	two := writeCSVFile(t, dir, "two.csv", [][]float64{{1}, {2}})
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"missing --x", []string{"entropy"}, 2},
		{"bad estimator", []string{"entropy", "--x", good, "--estimator", "magic"}, 2},
		{"bad k", []string{"entropy", "--x", good, "--k", "0"}, 2},
		{"bad m", []string{"entropy", "--x", col, "--estimator", "spacing", "--m", "-2"}, 2},
		{"nsb without alphabet", []string{"entropy", "--x", good, "--estimator", "nsb"}, 2},
		{"unknown flag", []string{"entropy", "--x", good, "--bogus"}, 2},
		{"missing file", []string{"entropy", "--x", dir + "/nope.csv"}, 1},
		{"NaN knn", []string{"entropy", "--x", nan}, 1},
		{"NaN gaussian", []string{"entropy", "--x", nan, "--estimator", "gaussian"}, 1},
		{"NaN plugin", []string{"entropy", "--x", nan, "--estimator", "plugin"}, 1},
		{"Inf spacing", []string{"entropy", "--x", inf, "--estimator", "spacing"}, 1},
		{"one row knn", []string{"entropy", "--x", one}, 1},
		{"one row gaussian", []string{"entropy", "--x", one, "--estimator", "gaussian"}, 1},
		{"one row grassberger", []string{"entropy", "--x", one, "--estimator", "grassberger"}, 1},
		{"fewer rows than k+1", []string{"entropy", "--x", good, "--k", "5"}, 1},
		{"malformed", []string{"entropy", "--x", malformed}, 1},
		{"garbage", []string{"entropy", "--x", garbage}, 1},
		{"empty", []string{"entropy", "--x", empty}, 1},
		{"spacing on 2 columns", []string{"entropy", "--x", good, "--estimator", "spacing"}, 1},
		{"spacing window too large", []string{"entropy", "--x", col, "--estimator", "spacing", "--m", "3"}, 1},
		{"spacing two rows", []string{"entropy", "--x", two, "--estimator", "spacing"}, 1},
		{"gaussian bias correction n ≤ d", []string{"entropy", "--x", writeCSVFile(t, dir, "nd.csv", [][]float64{{1, 2, 3}, {2, 1, 0}}), "--estimator", "gaussian", "--bias-corrected"}, 1},
		{"nsb alphabet too small", []string{"entropy", "--x", good, "--estimator", "nsb", "--alphabet", "2"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.args...)
			requireOneLineError(t, errOut, code, tc.code)
			assert.Empty(t, out)
		})
	}
	t.Run("lower without noise-var", func(t *testing.T) {
		_, errOut, code := runCLI(t, "entropy", "--x", good, "--estimator", "kde", "--lower")
		requireOneLineError(t, errOut, code, 2)
	})
	t.Run("renyi on NaN", func(t *testing.T) {
		_, errOut, code := runCLI(t, "entropy", "--x", nan, "--estimator", "renyi")
		requireOneLineError(t, errOut, code, 1)
	})
	t.Run("kde on one row", func(t *testing.T) {
		_, errOut, code := runCLI(t, "entropy", "--x", one, "--estimator", "kde")
		requireOneLineError(t, errOut, code, 1)
	})
}
