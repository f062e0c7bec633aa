package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// miPairRows returns n rows of a correlated Gaussian pair (ρ = 0.8) as x and y.
func miPairRows(n int, seed uint64) (x, y [][]float64, labels []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	for i := 0; i < n; i++ {
		a := rng.NormFloat64()
		b := 0.8*a + 0.6*rng.NormFloat64()
		x = append(x, []float64{a})
		y = append(y, []float64{b})
		l := 0
		if b > 0 {
			l = 1
		}
		labels = append(labels, l)
	}
	return
}

func TestMICommand(t *testing.T) {
	dir := t.TempDir()
	xr, yr, lr := miPairRows(2000, 1)
	x := writeCSVFile(t, dir, "x.csv", xr)
	y := writeCSVFile(t, dir, "y.csv", yr)
	var lb strings.Builder
	for _, l := range lr {
		lb.WriteString([]string{"0\n", "1\n"}[l])
	}
	labels := writeTextFile(t, dir, "labels.csv", lb.String())
	truth := -0.5 * math.Log(1-0.64)

	t.Run("json-ksg", func(t *testing.T) {
		out, errs, code := runCLI(t, "mi", "--x", x, "--y", y, "--json")
		require.Equal(t, 0, code, errs)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.Equal(t, "nats", r["unit"])
		assert.Equal(t, "ksg", r["estimator"])
		assert.Equal(t, 2000.0, r["n"])
		assert.InDelta(t, truth, r["value"].(float64), 0.08)
		assert.NotContains(t, r, "p_value")
	})
	t.Run("json-bits-permutations-bootstrap", func(t *testing.T) {
		out, errs, code := runCLI(t, "mi", "--x", x, "--y", y, "--estimator", "ksg2", "--base", "2",
			"--permutations", "19", "--bootstrap", "20", "--seed", "3", "--json")
		require.Equal(t, 0, code, errs)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.Equal(t, "bits", r["unit"])
		assert.InDelta(t, truth/math.Ln2, r["value"].(float64), 0.12)
		assert.InDelta(t, 0.05, r["p_value"].(float64), 1e-12) // 1/(1+19)
		assert.Equal(t, 19.0, r["permutations"])
		assert.Equal(t, 20.0, r["bootstrap"])
		assert.Less(t, r["ci_low"].(float64), r["value"].(float64))
		assert.Greater(t, r["ci_high"].(float64), r["value"].(float64))
		// the same seed gives the same output
		out2, _, _ := runCLI(t, "mi", "--x", x, "--y", y, "--estimator", "ksg2", "--base", "2",
			"--permutations", "19", "--bootstrap", "20", "--seed", "3", "--json")
		assert.Equal(t, out, out2)
	})
	t.Run("labels-ross", func(t *testing.T) {
		out, errs, code := runCLI(t, "mi", "--x", x, "--labels", labels, "--json")
		require.Equal(t, 0, code, errs)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.Equal(t, "ksg", r["estimator"])
		assert.Equal(t, "ross", r["method"])
		v := r["value"].(float64)
		assert.Greater(t, v, 0.1)
		assert.Less(t, v, math.Ln2)
	})
	t.Run("labels-binning", func(t *testing.T) {
		_, errs, code := runCLI(t, "mi", "--x", x, "--labels", labels, "--estimator", "binning", "--json")
		require.Equal(t, 0, code, errs)
	})
	t.Run("human", func(t *testing.T) {
		out, errs, code := runCLI(t, "mi", "--x", x, "--y", y, "--permutations", "9")
		require.Equal(t, 0, code, errs)
		assert.Contains(t, out, "I(X;Y) = ")
		assert.Contains(t, out, "p-value")
	})
}

func TestMICommandErrors(t *testing.T) {
	dir := t.TempDir()
	xr, yr, _ := miPairRows(20, 2)
	x := writeCSVFile(t, dir, "x.csv", xr)
	y := writeCSVFile(t, dir, "y.csv", yr)
	y19 := writeCSVFile(t, dir, "y19.csv", yr[:19])
	nan := writeTextFile(t, dir, "nan.csv", strings.Repeat("1\n", 10)+"NaN\n"+strings.Repeat("2\n", 9))
	inf := writeTextFile(t, dir, "inf.csv", strings.Repeat("1\n", 10)+"Inf\n"+strings.Repeat("2\n", 9))
	one := writeCSVFile(t, dir, "one.csv", xr[:1])
	three := writeCSVFile(t, dir, "three.csv", xr[:3])
	threeY := writeCSVFile(t, dir, "threey.csv", yr[:3])
	bad := writeTextFile(t, dir, "bad.csv", "1,2\n3\nfoo,bar\n")
	lab19 := writeTextFile(t, dir, "lab19.csv", strings.Repeat("0\n1\n", 9)+"0\n")
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"row-mismatch", []string{"--x", x, "--y", y19}, 1},
		{"labels-row-mismatch", []string{"--x", x, "--labels", lab19}, 1},
		{"nan", []string{"--x", x, "--y", nan}, 1},
		{"inf", []string{"--x", inf, "--y", y}, 1},
		{"one-row", []string{"--x", one, "--y", one}, 1},
		{"fewer-rows-than-k+1", []string{"--x", three, "--y", threeY, "--k", "3"}, 1},
		{"malformed", []string{"--x", bad, "--y", y}, 1},
		{"missing-file", []string{"--x", dir + "/nope.csv", "--y", y}, 1},
		{"no-target", []string{"--x", x}, 2},
		{"both-targets", []string{"--x", x, "--y", y, "--labels", lab19}, 2},
		{"bad-k", []string{"--x", x, "--y", y, "--k", "0"}, 2},
		{"kde-needs-labels", []string{"--x", x, "--y", y, "--estimator", "kde"}, 2},
		{"bad-estimator", []string{"--x", x, "--y", y, "--estimator", "magic"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs, code := runCLI(t, append([]string{"mi"}, c.args...)...)
			requireOneLineError(t, errs, code, c.code)
		})
	}
}

func TestMICommandEveryEstimator(t *testing.T) {
	dir := t.TempDir()
	xr, yr, lr := miPairRows(300, 5)
	x := writeCSVFile(t, dir, "x.csv", xr)
	y := writeCSVFile(t, dir, "y.csv", yr)
	var lb strings.Builder
	for _, l := range lr {
		lb.WriteString([]string{"0\n", "1\n"}[l])
	}
	labels := writeTextFile(t, dir, "labels.csv", lb.String())
	// which estimators take --y (continuous Y) and which take --labels
	takesY := map[string]bool{"ksg": true, "ksg2": true, "gaussian": true, "binning": true, "renyi": true,
		"plugin": true, "miller-madow": true, "grassberger": true}
	takesLabels := map[string]bool{"ksg": true, "ksg2": true, "kde": true, "adaptive-kde": true, "binning": true, "adaptive-binning": true, "renyi": true,
		"plugin": true, "miller-madow": true, "grassberger": true}
	for _, est := range []string{"ksg", "ksg2", "gaussian", "kde", "adaptive-kde", "binning", "adaptive-binning", "renyi", "plugin", "miller-madow", "grassberger"} {
		for _, target := range []string{"y", "labels"} {
			t.Run(est+"/"+target, func(t *testing.T) {
				file, ok := y, takesY[est]
				if target == "labels" {
					file, ok = labels, takesLabels[est]
				}
				out, errs, code := runCLI(t, "mi", "--x", x, "--"+target, file, "--estimator", est, "--json")
				if !ok {
					requireOneLineError(t, errs, code, 2)
					return
				}
				require.Equal(t, 0, code, errs)
				var r map[string]any
				require.NoError(t, json.Unmarshal([]byte(out), &r))
				v, isNum := r["value"].(float64)
				require.True(t, isNum, "value %v", r["value"])
				assert.Greater(t, v, 0.05, "a clearly dependent pair")
			})
		}
	}
}

// TestMICommandDiscrete: integer codes through the discrete estimators, with
// exact plug-in values (Y a non-injective function of X: I = H(Y) = log 2;
// a product design: I = 0).
func TestMICommandDiscrete(t *testing.T) {
	dir := t.TempDir()
	x := writeTextFile(t, dir, "x.csv", "0\n1\n2\n3\n0\n1\n2\n3\n")
	f := writeTextFile(t, dir, "f.csv", "5\n5\n9\n9\n5\n5\n9\n9\n")
	ind := writeTextFile(t, dir, "ind.csv", "0\n0\n0\n0\n1\n1\n1\n1\n")
	for _, c := range []struct {
		flag, file string
		want       float64
	}{{"--y", f, math.Log(2)}, {"--labels", f, math.Log(2)}, {"--y", ind, 0}, {"--labels", ind, 0}} {
		out, errs, code := runCLI(t, "mi", "--x", x, c.flag, c.file, "--estimator", "plugin", "--json")
		require.Equal(t, 0, code, errs)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r))
		assert.InDelta(t, c.want, r["value"].(float64), 1e-12, "%s %s", c.flag, c.file)
	}
}

func TestBenchMICommand(t *testing.T) {
	out, errs, code := runCLI(t, "bench", "mi", "--n", "300", "--cases", "1x1", "--json")
	require.Equal(t, 0, code, errs)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rows))
	require.NotEmpty(t, rows)
	seen := map[string]bool{}
	for _, r := range rows {
		assert.Contains(t, r["case"], "1x1")
		assert.Equal(t, 300.0, r["n"])
		for _, f := range []string{"truth", "estimate", "error", "seconds", "dx", "dy", "estimator"} {
			assert.Contains(t, r, f)
		}
		seen[r["estimator"].(string)] = true
	}
	assert.True(t, seen["ksg"] && seen["ksg2"] && seen["ksg-ranks"])
	out, errs, code = runCLI(t, "bench", "mi", "--n", "200", "--cases", "normal-1x1-rho0.9")
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "normal-1x1-rho0.9")
	assert.Contains(t, out, "truth")
	_, errs, code = runCLI(t, "bench", "mi", "--n", "200", "--cases", "no-such-case")
	requireOneLineError(t, errs, code, 2)
}

// Labels are class names: −1/+1 (or any integers) give the same estimate as
// the class ids 0/1 they stand for, through every command that takes labels.
func TestLabelsAnyIntegers(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))
	var rows [][]float64
	var ids, pm, sparse strings.Builder
	for i := range 60 {
		c := i % 2
		rows = append(rows, []float64{float64(c) + rng.NormFloat64(), rng.NormFloat64()})
		fmt.Fprintf(&ids, "%d\n", c)
		fmt.Fprintf(&pm, "%d\n", 2*c-1)
		fmt.Fprintf(&sparse, "%d\n", -7+1000*c)
	}
	x := writeCSVFile(t, dir, "x.csv", rows)
	files := []string{
		writeTextFile(t, dir, "ids.csv", ids.String()),
		writeTextFile(t, dir, "pm.csv", pm.String()),
		writeTextFile(t, dir, "sparse.csv", sparse.String()),
	}
	for _, args := range [][]string{
		{"mi", "--x", x, "--estimator", "ksg", "--json", "--labels"},
		{"mi", "--x", x, "--estimator", "binning", "--json", "--labels"},
		{"task-difficulty", "--x", x, "--json", "--labels"},
	} {
		t.Run(strings.Join(args[:3], " "), func(t *testing.T) {
			var want string
			for i, f := range files {
				out, errOut, code := runCLI(t, append(args, f)...)
				require.Equal(t, 0, code, errOut)
				if i == 0 {
					want = out
					continue
				}
				assert.Equal(t, want, out, "labels %s", filepath.Base(f))
			}
		})
	}
}

// TestMIRanks: --ranks makes ksg and ksg2 (and Ross with --labels) give the
// same value for X and for a monotone warp of X, and is a usage error with
// an estimator it does not apply to.
func TestMIRanks(t *testing.T) {
	dir := t.TempDir()
	var x, wx, y [][]float64
	var lab strings.Builder
	for i := 0; i < 300; i++ {
		v := math.Sin(float64(i)*1.3) + float64(i)*1e-3
		x = append(x, []float64{v})
		wx = append(wx, []float64{math.Exp(5 * v)})
		y = append(y, []float64{v + 0.3*math.Cos(float64(i)*2.1)})
		fmt.Fprintf(&lab, "%d\n", i%2)
	}
	xp := writeCSVFile(t, dir, "x.csv", x)
	wp := writeCSVFile(t, dir, "wx.csv", wx)
	yp := writeCSVFile(t, dir, "y.csv", y)
	lp := writeTextFile(t, dir, "lab.csv", lab.String())
	for _, args := range [][]string{
		{"--y", yp},
		{"--y", yp, "--estimator", "ksg2"},
		{"--labels", lp},
	} {
		a, errOut, code := runCLI(t, append([]string{"mi", "--x", xp, "--ranks", "--json"}, args...)...)
		require.Equal(t, 0, code, errOut)
		b, errOut, code := runCLI(t, append([]string{"mi", "--x", wp, "--ranks", "--json"}, args...)...)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, a, b, "%v", args)
		assert.Contains(t, a, `"ranks": true`)
	}
	for _, bad := range [][]string{
		{"--estimator", "gaussian", "--ranks"},
		{"--estimator", "binning", "--no-ranks"},
		{"--ranks", "--no-ranks"},
	} {
		_, errOut, code := runCLI(t, append([]string{"mi", "--x", xp, "--y", yp}, bad...)...)
		requireOneLineError(t, errOut, code, 2)
		assert.Contains(t, errOut, "ranks")
	}
	// a very skewed column (one value of 1e6 among values of order 1,
	// skewness ≈ √300): ranked by default, the same value as --ranks, with
	// a note; --no-ranks estimates on the raw values
	sk := append([][]float64(nil), x...)
	sk[40] = []float64{1e6}
	sp := writeCSVFile(t, dir, "skewed.csv", sk)
	value := func(args ...string) (float64, map[string]any) {
		out, errOut, code := runCLI(t, append([]string{"mi", "--x", sp, "--y", yp, "--json"}, args...)...)
		require.Equal(t, 0, code, errOut)
		var r map[string]any
		require.NoError(t, json.Unmarshal([]byte(out), &r), out)
		return r["value"].(float64), r
	}
	auto, r := value()
	assert.Equal(t, true, r["ranks"])
	require.Contains(t, r, "notes")
	assert.Contains(t, r["notes"].([]any)[0], "estimated on every column's ranks")
	ranked, _ := value("--ranks")
	assert.Equal(t, ranked, auto)
	raw, r := value("--no-ranks")
	assert.NotContains(t, r, "ranks")
	assert.NotEqual(t, raw, auto)
}
