package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBenchGemmJSON(t *testing.T) {
	out, errOut, code := runCLI(t, "bench", "gemm", "--json", "--quick", "--threads", "1,2")
	require.Equal(t, 0, code, errOut)
	var res []struct {
		Shape       string   `json:"shape"`
		GFLOPS      *float64 `json:"gflops"`
		GonumGFLOPS *float64 `json:"gonum_gflops"`
		Threads     int      `json:"threads"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	require.Len(t, res, 4, "2 quick shapes × 2 thread counts")
	assert.Equal(t, "64x64x64", res[0].Shape)
	assert.Equal(t, "37x12x10", res[3].Shape)
	for i, r := range res {
		assert.Equal(t, 1+i%2, r.Threads)
		require.NotNil(t, r.GFLOPS, "gflops present")
		require.NotNil(t, r.GonumGFLOPS, "gonum_gflops present")
		assert.Greater(t, *r.GFLOPS, 0.0)
		assert.Greater(t, *r.GonumGFLOPS, 0.0)
	}
}

func TestBenchGemmTable(t *testing.T) {
	out, errOut, code := runCLI(t, "bench", "gemm", "--quick", "--threads", "1")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "itlab GFLOPS")
	assert.Contains(t, out, "64x64x64")
}

func TestBenchGemmBadThreads(t *testing.T) {
	_, errOut, code := runCLI(t, "bench", "gemm", "--quick", "--threads", "0")
	requireOneLineError(t, errOut, code, 2)
}
