package synth

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/itlab/itlab/internal/check"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func TestTaskByName(t *testing.T) {
	for _, name := range TaskNames {
		t.Run(name, func(t *testing.T) {
			a, err := TaskByName(name, 500, 7)
			require.NoError(t, err)
			require.NoError(t, a.Validate())
			assert.Equal(t, name, a.Name)
			assert.Equal(t, 2, a.Classes)
			if name == "szt" {
				assert.Equal(t, 4096, a.Len())
			} else {
				assert.Equal(t, 500, a.Len())
			}
			b, err := TaskByName(name, 500, 7)
			require.NoError(t, err)
			assert.True(t, mat.Equal(a.X, b.X), "same seed, same data")
			assert.Equal(t, a.Y, b.Y)
			if name != "szt" {
				c, err := TaskByName(name, 500, 8)
				require.NoError(t, err)
				assert.False(t, mat.Equal(a.X, c.X), "other seed, other data")
			}
		})
	}
	t.Run("default n", func(t *testing.T) {
		a, err := TaskByName("moons", 0, 1)
		require.NoError(t, err)
		assert.Equal(t, DefaultTaskSamples, a.Len())
	})
	t.Run("unknown", func(t *testing.T) {
		_, err := TaskByName("spiral", 10, 1)
		assert.ErrorIs(t, err, check.ErrParam)
	})
}

func TestGeneratorsErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"xor n=0", second(XOR(0, 0.3, 0.1, rng)), check.ErrTooFewSamples},
		{"xor nil rng", second(XOR(10, 0.3, 0.1, nil)), check.ErrParam},
		{"xor flip>0.5", second(XOR(10, 0.3, 0.6, rng)), check.ErrParam},
		{"xor std NaN", second(XOR(10, math.NaN(), 0.1, rng)), check.ErrParam},
		{"gauss dim 0", second(GaussMixture(10, 0, 1, rng)), check.ErrParam},
		{"gauss sep -1", second(GaussMixture(10, 2, -1, rng)), check.ErrParam},
		{"moons noise Inf", second(Moons(10, math.Inf(1), rng)), check.ErrParam},
		{"moons n<0", second(Moons(-1, 0.1, rng)), check.ErrTooFewSamples},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.True(t, errors.Is(c.err, c.want), "%v", c.err)
		})
	}
}

func second(_ *Task, err error) error { return err }

func TestXORLabelNoise(t *testing.T) {
	// With std 0.1 the clusters never cross an axis (10σ), so the labels that
	// disagree with the sign XOR are exactly the flipped ones: their fraction is
	// Binomial(n, f)/n with sd √(f(1−f)/n) = 0.0042 at n = 5000, f = 0.1; 5 sd.
	const n, f = 5000, 0.1
	task, err := XOR(n, 0.1, f, rand.New(rand.NewPCG(3, 3)))
	require.NoError(t, err)
	flipped := 0
	for i := 0; i < n; i++ {
		clean := 0
		if (task.X.At(i, 0) > 0) != (task.X.At(i, 1) > 0) {
			clean = 1
		}
		if clean != task.Y[i] {
			flipped++
		}
	}
	assert.InDelta(t, f, float64(flipped)/n, 5*math.Sqrt(f*(1-f)/n))

	clean, err := XOR(400, 0.1, 0, rand.New(rand.NewPCG(3, 4)))
	require.NoError(t, err)
	for i := 0; i < clean.Len(); i++ {
		want := 0
		if (clean.X.At(i, 0) > 0) != (clean.X.At(i, 1) > 0) {
			want = 1
		}
		require.Equal(t, want, clean.Y[i], "row %d", i)
	}
}

func TestGaussMixtureMoments(t *testing.T) {
	// Class means are ±(sep/2)/√d per coordinate with unit variance: the
	// sample mean of a class of ~n/2 points has sd 1/√(n/2) = 0.02 at n = 5000;
	// the class balance has sd 0.5/√n = 0.007; both checked at 5 sd.
	const n, dim, sep = 5000, 3, 2.0
	task, err := GaussMixture(n, dim, sep, rand.New(rand.NewPCG(5, 5)))
	require.NoError(t, err)
	sum := [2][]float64{make([]float64, dim), make([]float64, dim)}
	cnt := [2]int{}
	for i := 0; i < n; i++ {
		c := task.Y[i]
		cnt[c]++
		for j := 0; j < dim; j++ {
			sum[c][j] += task.X.At(i, j)
		}
	}
	assert.InDelta(t, 0.5, float64(cnt[1])/n, 5*0.5/math.Sqrt(n))
	want := sep / 2 / math.Sqrt(dim)
	for c, s := range []float64{-1, 1} {
		for j := 0; j < dim; j++ {
			assert.InDelta(t, s*want, sum[c][j]/float64(cnt[c]), 5/math.Sqrt(float64(cnt[c])))
		}
	}
}

func TestMoonsShape(t *testing.T) {
	// Without noise every point lies exactly on its half circle.
	task, err := Moons(101, 0, rand.New(rand.NewPCG(9, 9)))
	require.NoError(t, err)
	n0 := 0
	for i := 0; i < task.Len(); i++ {
		x, y := task.X.At(i, 0), task.X.At(i, 1)
		if task.Y[i] == 0 {
			n0++
			assert.InDelta(t, 1, math.Hypot(x, y), 1e-12)
			assert.GreaterOrEqual(t, y, -1e-12)
		} else {
			assert.InDelta(t, 1, math.Hypot(x-1, y-0.5), 1e-12)
			assert.LessOrEqual(t, y, 0.5+1e-12)
		}
	}
	assert.Equal(t, 50, n0)
}

func TestSplit(t *testing.T) {
	task, err := TaskByName("gauss", 101, 2)
	require.NoError(t, err)
	t.Run("seeded partition", func(t *testing.T) {
		tr, te, err := task.Split(0.8, 11)
		require.NoError(t, err)
		assert.Equal(t, 81, tr.Len())
		assert.Equal(t, 20, te.Len())
		all := append(append([]int{}, tr.Index...), te.Index...)
		sort.Ints(all)
		for i, v := range all {
			require.Equal(t, i, v, "train ∪ test is a partition")
		}
		for i, r := range tr.Index {
			assert.Equal(t, task.X.RawRowView(r), tr.X.RawRowView(i))
			assert.Equal(t, task.Y[r], tr.Y[i])
		}
		tr2, _, err := task.Split(0.8, 11)
		require.NoError(t, err)
		assert.Equal(t, tr.Index, tr2.Index, "same seed, same split")
		tr3, _, err := task.Split(0.8, 12)
		require.NoError(t, err)
		assert.NotEqual(t, tr.Index, tr3.Index, "other seed, other split")
	})
	t.Run("ordered", func(t *testing.T) {
		tr, te, err := task.SplitOrdered(0.5)
		require.NoError(t, err)
		assert.Equal(t, 51, tr.Len()) // round(50.5) = 51
		assert.Equal(t, 50, te.Len())
		assert.Equal(t, 51, te.Index[0])
		assert.Equal(t, task.Y[:51], tr.Y)
	})
	t.Run("nested index composes", func(t *testing.T) {
		tr, _, err := task.Split(0.5, 1)
		require.NoError(t, err)
		a, _, err := tr.Split(0.5, 2)
		require.NoError(t, err)
		for i, r := range a.Index {
			assert.Equal(t, task.X.RawRowView(r), a.X.RawRowView(i))
		}
	})
	t.Run("bad fraction", func(t *testing.T) {
		for _, f := range []float64{0, 1, -0.1, math.NaN()} {
			_, _, err := task.Split(f, 1)
			assert.ErrorIs(t, err, check.ErrParam)
		}
	})
	t.Run("too few rows", func(t *testing.T) {
		one, err := GaussMixture(1, 2, 1, rand.New(rand.NewPCG(1, 1)))
		require.NoError(t, err)
		_, _, err = one.Split(0.5, 1)
		assert.ErrorIs(t, err, check.ErrTooFewSamples)
	})
	t.Run("invalid task", func(t *testing.T) {
		bad := &Task{Name: "bad", X: mat.NewDense(2, 1, []float64{0, math.NaN()}), Y: []int{0, 1}, Classes: 2}
		_, _, err := bad.Split(0.5, 1)
		assert.ErrorIs(t, err, check.ErrNonFinite)
		bad = &Task{Name: "bad", X: mat.NewDense(2, 1, nil), Y: []int{0, 2}, Classes: 2}
		_, _, err = bad.Split(0.5, 1)
		assert.ErrorIs(t, err, check.ErrLabels)
	})
}
