package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/itlab/itlab/internal/check"
	"gonum.org/v1/gonum/mat"
)

// Task is a labelled classification data set: the built-in toy tasks that
// the network engine trains on. Rows of X are samples; Y[i] ∈ [0, Classes)
// is the label of row i.
type Task struct {
	Name    string     // short identifier: "szt", "xor", "gauss", "moons"
	X       *mat.Dense // n×d inputs, one row per sample
	Y       []int      // n labels in [0, Classes)
	Classes int        // number of classes
	// Index, for a task returned by a split, holds for each row the row of
	// the parent task it was copied from; nil for a freshly generated task.
	Index []int
}

// Len returns the number of samples.
func (t *Task) Len() int { return len(t.Y) }

// Validate checks that X has len(Y) rows, at least one column and only
// finite values, and that every label lies in [0, Classes).
func (t *Task) Validate() error {
	if t == nil || t.X == nil {
		return fmt.Errorf("synth: task without inputs: %w", check.ErrShape)
	}
	if err := check.Samples("task "+t.Name+" x", t.X, 1); err != nil {
		return err
	}
	r, _ := t.X.Dims()
	k, err := check.Labels("task "+t.Name+" y", t.Y, r)
	if err != nil {
		return err
	}
	if t.Classes < 1 || k > t.Classes {
		return fmt.Errorf("synth: task %s: labels reach %d but Classes = %d: %w", t.Name, k-1, t.Classes, check.ErrLabels)
	}
	if t.Index != nil && len(t.Index) != r {
		return fmt.Errorf("synth: task %s: %d index entries for %d rows: %w", t.Name, len(t.Index), r, check.ErrShape)
	}
	return nil
}

// Split returns a seeded random train/test split: a permutation of the rows
// drawn from seed; the first round(frac·n) rows of it (at least 1, at most
// n−1) form the train set in permutation order, the rest the test set. The
// same seed gives the same split. Index maps the rows back to t. frac must lie
// in (0, 1) and the task must have at least 2 rows.
//
// Cost O(n·d) time and memory (both subsets are copies).
func (t *Task) Split(frac float64, seed uint64) (train, test *Task, err error) {
	n, err := t.splitSize(frac)
	if err != nil {
		return nil, nil, err
	}
	perm := rand.New(rand.NewPCG(seed, 0x5eed5a17)).Perm(t.Len())
	return t.Subset(perm[:n]), t.Subset(perm[n:]), nil
}

// SplitOrdered returns the unshuffled split the reference code uses: the
// first round(frac·n) rows (at least 1, at most n−1) train, the rest test,
// both in data order. For the 12-bit task and frac 0.8 the train set is the
// first 3277 patterns in counting order.
func (t *Task) SplitOrdered(frac float64) (train, test *Task, err error) {
	n, err := t.splitSize(frac)
	if err != nil {
		return nil, nil, err
	}
	idx := make([]int, t.Len())
	for i := range idx {
		idx[i] = i
	}
	return t.Subset(idx[:n]), t.Subset(idx[n:]), nil
}

func (t *Task) splitSize(frac float64) (int, error) {
	if err := t.Validate(); err != nil {
		return 0, err
	}
	if !(frac > 0 && frac < 1) {
		return 0, fmt.Errorf("synth: split fraction %v, need 0 < frac < 1: %w", frac, check.ErrParam)
	}
	total := t.Len()
	if total < 2 {
		return 0, fmt.Errorf("synth: task %s has %d rows, a split needs 2: %w", t.Name, total, check.ErrTooFewSamples)
	}
	n := int(math.Round(frac * float64(total)))
	return min(max(n, 1), total-1), nil
}

// Subset returns a copy of the rows idx of t, in that order, with Index
// recording the rows of t (composed with t.Index if t is itself a subset).
// idx entries must lie in [0, t.Len()); it panics otherwise, like slicing.
func (t *Task) Subset(idx []int) *Task {
	_, d := t.X.Dims()
	x := &mat.Dense{}
	if len(idx) > 0 {
		x = mat.NewDense(len(idx), d, nil)
	}
	y := make([]int, len(idx))
	orig := make([]int, len(idx))
	for i, r := range idx {
		x.SetRow(i, t.X.RawRowView(r))
		y[i] = t.Y[r]
		orig[i] = r
		if t.Index != nil {
			orig[i] = t.Index[r]
		}
	}
	return &Task{Name: t.Name, X: x, Y: y, Classes: t.Classes, Index: orig}
}

// Defaults of the generated toy tasks, used by TaskByName.
const (
	DefaultXORStd      = 0.35 // std of each XOR cluster around (±1, ±1)
	DefaultXORFlip     = 0.1  // probability that an XOR label is flipped
	DefaultGaussDim    = 2    // dimension of the Gaussian mixture
	DefaultGaussSep    = 2.5  // distance between the two mixture means (unit covariance)
	DefaultMoonsNoise  = 0.1  // std of the Gaussian noise added to the two moons
	DefaultTaskSamples = 1000 // n used by TaskByName when n ≤ 0 for a generated task
)

// XOR returns n points in R² from four Gaussian clusters of standard
// deviation std centred at (±1, ±1), one cluster per quarter of the samples
// (the first n mod 4 clusters get one more). The clean label is 1 when the
// centre's coordinates have opposite signs (the XOR of the two signs) and 0
// otherwise; each label is then flipped independently with probability flip
// (label noise, 0 ≤ flip ≤ 0.5). Rows are shuffled. With flip = f and well
// separated clusters the Bayes accuracy is about 1 − f.
func XOR(n int, std, flip float64, rng *rand.Rand) (*Task, error) {
	if err := genArgs(n, rng); err != nil {
		return nil, err
	}
	if !(std >= 0) || math.IsInf(std, 0) {
		return nil, fmt.Errorf("synth: xor std = %v, need a finite value ≥ 0: %w", std, check.ErrParam)
	}
	if !(flip >= 0 && flip <= 0.5) {
		return nil, fmt.Errorf("synth: xor flip = %v, need 0 ≤ flip ≤ 0.5: %w", flip, check.ErrParam)
	}
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		c := i % 4
		sx, sy := float64(2*(c&1)-1), float64(2*(c>>1)-1)
		x.Set(i, 0, sx+std*rng.NormFloat64())
		x.Set(i, 1, sy+std*rng.NormFloat64())
		if sx != sy {
			y[i] = 1
		}
		if rng.Float64() < flip {
			y[i] = 1 - y[i]
		}
	}
	return shuffled(&Task{Name: "xor", X: x, Y: y, Classes: 2}, rng), nil
}

// GaussMixture returns n points of a binary Gaussian mixture in dim
// dimensions: the label is 0 or 1 with probability ½ each, and given the label
// the point is N(±(sep/2)·u, I) with u = (1,…,1)/√dim, so the two means are
// sep apart. The Bayes error is Φ(−sep/2) (0.106 for sep = 2.5).
func GaussMixture(n, dim int, sep float64, rng *rand.Rand) (*Task, error) {
	if err := genArgs(n, rng); err != nil {
		return nil, err
	}
	if dim < 1 {
		return nil, fmt.Errorf("synth: gauss dim = %d, need ≥ 1: %w", dim, check.ErrParam)
	}
	if !(sep >= 0) || math.IsInf(sep, 0) {
		return nil, fmt.Errorf("synth: gauss sep = %v, need a finite value ≥ 0: %w", sep, check.ErrParam)
	}
	x := mat.NewDense(n, dim, nil)
	y := make([]int, n)
	off := sep / 2 / math.Sqrt(float64(dim))
	for i := 0; i < n; i++ {
		s := -1.0
		if rng.Float64() < 0.5 {
			y[i], s = 1, 1
		}
		row := x.RawRowView(i)
		for j := range row {
			row[j] = s*off + rng.NormFloat64()
		}
	}
	return &Task{Name: "gauss", X: x, Y: y, Classes: 2}, nil
}

// Moons returns n points of the two interleaving half circles of
// scikit-learn's make_moons: n/2 (rounded down) points of class 0 on the
// upper unit half circle (cos t, sin t) and the rest of class 1 on (1 − cos t,
// ½ − sin t), t evenly spaced on [0, π], plus isotropic Gaussian noise of
// standard deviation noise. Rows are shuffled.
func Moons(n int, noise float64, rng *rand.Rand) (*Task, error) {
	if err := genArgs(n, rng); err != nil {
		return nil, err
	}
	if !(noise >= 0) || math.IsInf(noise, 0) {
		return nil, fmt.Errorf("synth: moons noise = %v, need a finite value ≥ 0: %w", noise, check.ErrParam)
	}
	nOut := n / 2
	nIn := n - nOut
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	step := func(i, m int) float64 {
		if m <= 1 {
			return 0
		}
		return math.Pi * float64(i) / float64(m-1)
	}
	for i := 0; i < nOut; i++ {
		t := step(i, nOut)
		x.Set(i, 0, math.Cos(t)+noise*rng.NormFloat64())
		x.Set(i, 1, math.Sin(t)+noise*rng.NormFloat64())
	}
	for i := 0; i < nIn; i++ {
		t := step(i, nIn)
		x.Set(nOut+i, 0, 1-math.Cos(t)+noise*rng.NormFloat64())
		x.Set(nOut+i, 1, 0.5-math.Sin(t)+noise*rng.NormFloat64())
		y[nOut+i] = 1
	}
	return shuffled(&Task{Name: "moons", X: x, Y: y, Classes: 2}, rng), nil
}

// TaskNames lists the names TaskByName accepts, the first being the default.
var TaskNames = []string{"szt", "xor", "gauss", "moons"}

// TaskByName returns a built-in task by name with the package defaults:
// "szt" is SZT12 (n and seed are ignored: the task is fixed data), "xor" is
// XOR(n, DefaultXORStd, DefaultXORFlip), "gauss" is GaussMixture(n,
// DefaultGaussDim, DefaultGaussSep) and "moons" is Moons(n, DefaultMoonsNoise),
// each drawn from a PCG stream seeded with seed. n ≤ 0 means
// DefaultTaskSamples. An unknown name is an ErrParam error.
func TaskByName(name string, n int, seed uint64) (*Task, error) {
	if name == "szt" {
		return SZT12(), nil
	}
	if n <= 0 {
		n = DefaultTaskSamples
	}
	rng := rand.New(rand.NewPCG(seed, 0x7a5c5))
	switch name {
	case "xor":
		return XOR(n, DefaultXORStd, DefaultXORFlip, rng)
	case "gauss":
		return GaussMixture(n, DefaultGaussDim, DefaultGaussSep, rng)
	case "moons":
		return Moons(n, DefaultMoonsNoise, rng)
	}
	return nil, fmt.Errorf("synth: unknown task %q (want one of %v): %w", name, TaskNames, check.ErrParam)
}

func genArgs(n int, rng *rand.Rand) error {
	if n < 1 {
		return fmt.Errorf("synth: n = %d samples, need ≥ 1: %w", n, check.ErrTooFewSamples)
	}
	if rng == nil {
		return fmt.Errorf("synth: nil random source: %w", check.ErrParam)
	}
	return nil
}

// shuffled permutes the rows of t in place with rng and returns t.
func shuffled(t *Task, rng *rand.Rand) *Task {
	n := t.Len()
	tmp := make([]float64, t.X.RawMatrix().Cols)
	rng.Shuffle(n, func(i, j int) {
		ri, rj := t.X.RawRowView(i), t.X.RawRowView(j)
		copy(tmp, ri)
		copy(ri, rj)
		copy(rj, tmp)
		t.Y[i], t.Y[j] = t.Y[j], t.Y[i]
	})
	return t
}
