package main

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func gaussRows(rng *rand.Rand, n, d int, shift, scale float64) [][]float64 {
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = make([]float64, d)
		for j := range rows[i] {
			rows[i][j] = scale * rng.NormFloat64()
		}
		rows[i][0] += shift
	}
	return rows
}

func runDivergenceJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	out, errOut, code := runCLI(t, append([]string{"divergence"}, append(args, "--json")...)...)
	require.Equal(t, 0, code, errOut)
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &r), out)
	for _, f := range []string{"value", "unit", "estimator", "n", "measure"} {
		require.Contains(t, r, f)
	}
	return r
}

func TestDivergenceCommand(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	// 2-D: P = N(0, I), Q = P + (1.5, 0) exactly (a translate).
	p := gaussRows(rng, 400, 2, 0, 1)
	q := make([][]float64, len(p))
	for i, r := range p {
		q[i] = []float64{r[0] + 1.5, r[1]}
	}
	pf := writeCSVFile(t, dir, "p.csv", p)
	qf := writeCSVFile(t, dir, "q.csv", q)
	// 1-D samples for the sorted path.
	p1 := gaussRows(rng, 500, 1, 0, 1)
	q1 := make([][]float64, len(p1))
	for i, r := range p1 {
		q1[i] = []float64{r[0] - 0.75}
	}
	p1f := writeCSVFile(t, dir, "p1.csv", p1)
	q1f := writeCSVFile(t, dir, "q1.csv", q1)

	t.Run("w1-1d-translate", func(t *testing.T) {
		r := runDivergenceJSON(t, "--p", p1f, "--q", q1f, "--measure", "w1")
		assert.InDelta(t, 0.75, r["value"].(float64), 1e-9)
		assert.Equal(t, "exact-1d", r["estimator"])
		assert.Equal(t, "w1", r["measure"])
	})
	t.Run("w2-exact-translate", func(t *testing.T) {
		r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "w2")
		assert.InDelta(t, 1.5, r["value"].(float64), 1e-9)
		assert.Equal(t, "exact-assignment", r["estimator"])
	})
	t.Run("w2-gaussian", func(t *testing.T) {
		// Fitted normals of a translate: same covariance, so Bures gives the shift.
		r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "w2", "--estimator", "gaussian")
		assert.InDelta(t, 1.5, r["value"].(float64), 1e-9)
	})
	t.Run("w2-sinkhorn-and-sliced", func(t *testing.T) {
		r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "w2", "--estimator", "sinkhorn", "--eps", "0.2")
		assert.InDelta(t, 1.5, r["value"].(float64), 0.1)
		r = runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "w2", "--estimator", "sliced", "--projections", "200")
		// Each slice of a translate costs (θ·δ)²: SW2 ≈ 1.5/√2.
		assert.InDelta(t, 1.5/math.Sqrt2, r["value"].(float64), 0.15)
	})
	t.Run("cs-gaussian-closed-form", func(t *testing.T) {
		// Fitted normals with equal covariance ≈ I: D_CS ≈ Δ²/(2σ²) = 1.125.
		r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "cs", "--estimator", "gaussian")
		assert.InDelta(t, 1.125, r["value"].(float64), 0.15)
		assert.Equal(t, "nats", r["unit"])
	})
	t.Run("cs-kernel-and-bits", func(t *testing.T) {
		nats := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "cs", "--bandwidth", "0.5")
		bits := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "cs", "--bandwidth", "0.5", "--base", "2")
		assert.InDelta(t, nats["value"].(float64)/math.Ln2, bits["value"].(float64), 1e-12)
		assert.Equal(t, "bits", bits["unit"])
		assert.Equal(t, 0.5, nats["bandwidth"])
		zero := runDivergenceJSON(t, "--p", pf, "--q", pf, "--measure", "cs")
		assert.InDelta(t, 0, zero["value"].(float64), 1e-12)
	})
	t.Run("kl-js-mmd", func(t *testing.T) {
		// KL between N(0,I) and N((1.5,0),I) = 1.125 nats; k-NN at n = 400, d = 2
		// has sd ≈ 0.1.
		for _, est := range []string{"knn", "ensemble", "adaptive", "gaussian"} {
			r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "kl", "--estimator", est)
			assert.InDelta(t, 1.125, r["value"].(float64), 0.35, est)
		}
		r := runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "js")
		assert.Greater(t, r["value"].(float64), 0.1)
		assert.Less(t, r["value"].(float64), math.Ln2)
		r = runDivergenceJSON(t, "--p", pf, "--q", qf, "--measure", "mmd", "--bandwidth", "1")
		assert.Greater(t, r["value"].(float64), 0.1)
	})
	t.Run("human", func(t *testing.T) {
		out, errOut, code := runCLI(t, "divergence", "--p", p1f, "--q", q1f, "--measure", "w1")
		require.Equal(t, 0, code, errOut)
		assert.True(t, strings.HasPrefix(out, "w1(P‖Q) = 0.75"), out)
	})
}

func TestDivergenceCommandErrors(t *testing.T) {
	dir := t.TempDir()
	p := writeCSVFile(t, dir, "p.csv", [][]float64{{0, 1}, {1, 2}, {2, 0}, {3, 3}, {4, 1}})
	q1 := writeCSVFile(t, dir, "q1.csv", [][]float64{{0}, {1}, {2}, {3}, {5}})
	nan := writeTextFile(t, dir, "nan.csv", "1,2\nNaN,3\n4,5\n6,7\n8,9\n")
	dup := writeCSVFile(t, dir, "dup.csv", [][]float64{{0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}})
	empty := writeTextFile(t, dir, "empty.csv", "")
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"missing-p", []string{"divergence", "--q", p}, 2},
		{"bad-measure", []string{"divergence", "--p", p, "--q", p, "--measure", "hellinger"}, 2},
		{"bad-estimator", []string{"divergence", "--p", p, "--q", p, "--measure", "cs", "--estimator", "sinkhorn"}, 2},
		{"bad-k", []string{"divergence", "--p", p, "--q", p, "--k", "0"}, 2},
		{"bures-w1", []string{"divergence", "--p", p, "--q", p, "--measure", "w1", "--estimator", "gaussian"}, 2},
		{"dims", []string{"divergence", "--p", p, "--q", q1}, 1},
		{"nan", []string{"divergence", "--p", nan, "--q", p, "--measure", "w2"}, 1},
		{"duplicates", []string{"divergence", "--p", dup, "--q", p, "--measure", "kl"}, 1},
		{"p against itself", []string{"divergence", "--p", p, "--q", p, "--measure", "kl"}, 1},
		{"p against itself, js", []string{"divergence", "--p", p, "--q", p, "--measure", "js", "--k", "2"}, 1},
		{"empty", []string{"divergence", "--p", empty, "--q", p, "--measure", "cs"}, 1},
		{"k-too-large", []string{"divergence", "--p", p, "--q", p, "--k", "10"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := runCLI(t, tc.args...)
			requireOneLineError(t, errOut, code, tc.code)
		})
	}
}
