package synth

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

func TestTeacher(t *testing.T) {
	for _, d := range []int{2, 8, 16} {
		task, err := Teacher(d, 4000, 1, 2)
		require.NoError(t, err)
		require.NoError(t, task.Validate())
		r, c := task.X.Dims()
		assert.Equal(t, 4000, r)
		assert.Equal(t, d, c)
		ones := 0
		for _, y := range task.Y {
			ones += y
		}
		// Balanced in law: 4000 Bernoulli(½) draws are within 4 sd (±126) of 2000.
		assert.InDelta(t, 2000, ones, 130, "d=%d", d)
		again, err := Teacher(d, 50, 1, 2)
		require.NoError(t, err)
		assert.True(t, mat.Equal(again.X, task.X.Slice(0, 50, 0, d)), "same seeds, same samples")
	}
	a, _ := Teacher(4, 10, 1, 2)
	b, _ := Teacher(4, 10, 1, 3)
	assert.False(t, mat.Equal(a.X, b.X), "sample seed changes the inputs")
	_, err := Teacher(0, 10, 1, 1)
	require.ErrorIs(t, err, check.ErrParam)
}

func TestParseTeacher(t *testing.T) {
	for spec, want := range map[string]int{"teacher:d=8": 8, "teacher:3": 3, "teacher:d=16": 16} {
		d, ok, err := ParseTeacher(spec)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, want, d)
	}
	_, ok, err := ParseTeacher("szt")
	assert.False(t, ok)
	assert.NoError(t, err)
	for _, bad := range []string{"teacher", "teacher:d=x", "teacher:d=0"} {
		_, ok, err := ParseTeacher(bad)
		assert.True(t, ok)
		require.ErrorIs(t, err, check.ErrParam, bad)
	}
}
