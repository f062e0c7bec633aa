package main

import (
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInductiveBiasJSON(t *testing.T) {
	out, errOut, code := runCLI(t, "inductive-bias", "--task", "teacher:d=3", "--samples", "60", "--train", "40", "--test", "20", "--bootstrap", "3", "--json")
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	for _, k := range []string{"value", "unit", "estimator", "n", "ci_low", "ci_high", "fit_df", "fit_nc", "fit_scale", "space", "task"} {
		assert.Contains(t, r, k)
	}
	assert.Equal(t, "bits", r["unit"])
	assert.Equal(t, "gp-rbf", r["space"])
	assert.EqualValues(t, 60, r["n"])
	assert.LessOrEqual(t, r["ci_low"].(float64), r["ci_high"].(float64))
}

func TestInductiveBiasSpacesAndFiles(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 1))
	rows := make([][]float64, 40)
	labels := make([][]float64, 40)
	for i := range rows {
		a, b := rng.NormFloat64(), rng.NormFloat64()
		rows[i] = []float64{a, b}
		if a > 0 {
			labels[i] = []float64{1}
		} else {
			labels[i] = []float64{0}
		}
	}
	x := writeCSVFile(t, dir, "x.csv", rows)
	y := writeCSVFile(t, dir, "y.csv", labels)
	for _, space := range []string{"nngp", "mlp:4"} {
		t.Run(space, func(t *testing.T) {
			out, errOut, code := runCLI(t, "inductive-bias", "--task", x, "--labels", y, "--space", space,
				"--samples", "12", "--train", "30", "--test", "10", "--epochs", "50", "--bootstrap", "0")
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, "inductive bias")
		})
	}
}

func TestInductiveBiasBadInput(t *testing.T) {
	dir := t.TempDir()
	x := writeCSVFile(t, dir, "x.csv", [][]float64{{1, 2}, {3, 4}, {5, 6}})
	y := writeCSVFile(t, dir, "y.csv", [][]float64{{0}, {1}})
	for name, tc := range map[string]struct {
		args []string
		code int
	}{
		"bad space":        {[]string{"--space", "forest"}, 2},
		"bad mlp widths":   {[]string{"--space", "mlp:3,x"}, 2},
		"bad teacher":      {[]string{"--task", "teacher:d=0"}, 2},
		"unknown task":     {[]string{"--task", "nosuch"}, 2},
		"few samples":      {[]string{"--samples", "3"}, 2},
		"label mismatch":   {[]string{"--task", x, "--labels", y}, 1},
		"missing file":     {[]string{"--task", filepath.Join(dir, "none.csv"), "--labels", y}, 1},
		"too many points":  {[]string{"--task", "xor", "--train", "100000"}, 1},
		"negative epsilon": {[]string{"--epsilon", "-1"}, 2},
	} {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := runCLI(t, append([]string{"inductive-bias"}, tc.args...)...)
			requireOneLineError(t, errOut, code, tc.code)
		})
	}
}

func TestTaskDifficulty(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(2, 2))
	rows := make([][]float64, 300)
	labels := make([][]float64, 300)
	for i := range rows {
		a, b := rng.Float64(), rng.Float64()
		rows[i] = []float64{a, b, 0.5*a - b}
		labels[i] = []float64{float64(i % 3)}
	}
	x := writeCSVFile(t, dir, "x.csv", rows)
	y := writeCSVFile(t, dir, "y.csv", labels)
	out, errOut, code := runCLI(t, "task-difficulty", "--x", x, "--labels", y, "--json")
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.Equal(t, "bits", r["unit"])
	assert.EqualValues(t, 2, r["intrinsic_dim"], "a plane in 3-D has intrinsic dimension 2")
	assert.EqualValues(t, 3, r["classes"])
	assert.Greater(t, r["value"].(float64), 0.0)

	one := writeCSVFile(t, dir, "one.csv", [][]float64{{0}, {0}, {0}})
	_, errOut, code = runCLI(t, "task-difficulty", "--x", x, "--labels", one)
	requireOneLineError(t, errOut, code, 1)
	_, errOut, code = runCLI(t, "task-difficulty", "--x", x)
	requireOneLineError(t, errOut, code, 2)
}
