package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/synth"
)

// The 12-bit task's joint (x uniform over 4096 patterns, y a function of x):
// the curve is the diagonal up to I(X;Y) = H(Y) = 0.99915712085 bits
// (methods.md §2c), computed on the 2-row reduced problem.
func TestIBCurveTwelveBit(t *testing.T) {
	task, err := synth.TaskByName("szt", 0, 0)
	require.NoError(t, err)
	rows := make([][]float64, len(task.Y))
	for i, y := range task.Y {
		rows[i] = []float64{0, 0}
		rows[i][y] = 1
	}
	dir := t.TempDir()
	joint := writeCSVFile(t, dir, "szt.csv", rows)
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runCLI(t, "ib-curve", "--joint", joint, "--json", "--out", out)
	require.Equal(t, 0, code, stderr)
	var res struct {
		NX      int     `json:"nx"`
		Reduced int     `json:"nx_reduced"`
		IXY     float64 `json:"ixy_bits"`
		HX      float64 `json:"hx_bits"`
		Points  []struct {
			Beta float64 `json:"beta"`
			IXT  float64 `json:"ixt_bits"`
			ITY  float64 `json:"ity_bits"`
		} `json:"points"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, 4096, res.NX)
	assert.Equal(t, 2, res.Reduced)
	assert.InDelta(t, 0.99915712085, res.IXY, 1e-10)
	assert.InDelta(t, 12, res.HX, 1e-12)
	require.NotEmpty(t, res.Points)
	for _, p := range res.Points {
		assert.InDelta(t, p.IXT, p.ITY, 1e-6, "deterministic y: the curve is the diagonal")
	}
	last := res.Points[len(res.Points)-1]
	assert.InDelta(t, res.IXY, last.ITY, 1e-3)
	for _, f := range []string{"ib-curve.png", "ib-curve.svg", "ib-curve.csv"} {
		_, err := os.Stat(filepath.Join(out, f))
		assert.NoError(t, err, f)
	}
}

func TestIBCurveText(t *testing.T) {
	joint := writeCSVFile(t, t.TempDir(), "p.csv", [][]float64{{2, 1, 0}, {0, 1, 2}, {1, 1, 1}})
	stdout, stderr, code := runCLI(t, "ib-curve", "--joint", joint, "--betas", "0.1,1,5,50", "--no-refine")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "I(X;Y)")
	assert.Contains(t, stdout, "beta")
	// DIB
	stdout, stderr, code = runCLI(t, "ib-curve", "--joint", joint, "--dib", "--json")
	require.Equal(t, 0, code, stderr)
	var res struct {
		Method string `json:"method"`
		Points []struct {
			IXT float64 `json:"ixt_bits"`
			HT  float64 `json:"ht_bits"`
		} `json:"points"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, "dib", res.Method)
	for _, p := range res.Points {
		assert.InDelta(t, p.HT, p.IXT, 1e-9, "DIB encoders are deterministic")
		assert.LessOrEqual(t, p.IXT, math.Log2(3)+1e-9)
	}
}

func TestIBCurveErrors(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCLI(t, "ib-curve")
	requireOneLineError(t, stderr, code, exitUsage)
	neg := writeCSVFile(t, dir, "neg.csv", [][]float64{{1, -1}, {0, 1}})
	_, stderr, code = runCLI(t, "ib-curve", "--joint", neg)
	requireOneLineError(t, stderr, code, exitData)
	zero := writeCSVFile(t, dir, "zero.csv", [][]float64{{0, 0}, {0, 0}})
	_, stderr, code = runCLI(t, "ib-curve", "--joint", zero)
	requireOneLineError(t, stderr, code, exitData)
	good := writeCSVFile(t, dir, "good.csv", [][]float64{{1, 0}, {0, 1}})
	_, stderr, code = runCLI(t, "ib-curve", "--joint", good, "--betas", "-1")
	requireOneLineError(t, stderr, code, exitUsage)
}
