package synth_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
	"github.com/itlab/itlab/synth"
)

// Bad parameters of the constructors match the sentinels of package itlab.
func TestConstructorErrorsMatchSentinels(t *testing.T) {
	notPD := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	tests := []struct {
		name string
		f    func() error
		want error
	}{
		{"gaussian mean length", func() error { _, e := synth.NewGaussian([]float64{0}, mat.NewSymDense(2, nil)); return e }, itlab.ErrShape},
		{"gaussian not PD", func() error { _, e := synth.NewGaussian([]float64{0, 0}, notPD); return e }, itlab.ErrNotPSD},
		{"uniform lengths", func() error { _, e := synth.NewUniform([]float64{0}, nil); return e }, itlab.ErrShape},
		{"uniform side", func() error { _, e := synth.NewUniform([]float64{1}, []float64{0}); return e }, itlab.ErrParam},
		{"exponential rate", func() error { _, e := synth.NewExponential(-1); return e }, itlab.ErrParam},
		{"correlation 1", func() error { _, e := synth.BivariateNormal(1); return e }, itlab.ErrParam},
		{"multinormal size", func() error { _, e := synth.NewMultinormal(1, 1, mat.NewSymDense(3, nil)); return e }, itlab.ErrShape},
		{"dense normal dims", func() error { _, e := synth.DenseNormal(0, 1, 0.5); return e }, itlab.ErrParam},
		{"sparse normal pairs", func() error { _, e := synth.SparseNormal(2, 2, 3, 0.5); return e }, itlab.ErrParam},
		{"mixture", func() error { _, e := synth.GaussianMixtureMap("m", nil, nil, nil); return e }, itlab.ErrParam},
		{"student-t nu", func() error {
			_, e := synth.NewStudentT(math.NaN(), []float64{0}, mat.NewSymDense(1, []float64{1}))
			return e
		}, itlab.ErrParam},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.f() })
			assert.ErrorIs(t, err, tc.want)
		})
	}
}
