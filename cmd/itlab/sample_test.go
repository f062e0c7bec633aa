package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/dataio"
)

func TestSampleWritesKnownTruth(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCLI(t, "sample", "normal-1x1-rho0.9", "--n", "500", "--out", dir, "--json")
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.InDelta(t, 0.8303656034, r["truth_nats"].(float64), 1e-9)
	x, err := dataio.ReadMatrix(filepath.Join(dir, "x.npy"))
	require.NoError(t, err)
	n, d := x.Dims()
	assert.Equal(t, 500, n)
	assert.Equal(t, 1, d)

	_, errOut, code = runCLI(t, "sample", "moons", "--n", "100", "--out", dir)
	require.Equal(t, 0, code, errOut)
	y, err := dataio.ReadLabels(filepath.Join(dir, "labels.npy"))
	require.NoError(t, err)
	assert.Len(t, y, 100)

	out, _, code = runCLI(t, "sample", "--list")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "normal-1x1-rho0.9")

	_, errOut, code = runCLI(t, "sample", "no-such-case", "--out", dir)
	requireOneLineError(t, errOut, code, 2)
}
