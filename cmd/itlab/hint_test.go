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
