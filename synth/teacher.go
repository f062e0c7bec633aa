package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// TeacherHidden is the hidden width of the random teacher network.
const TeacherHidden = 32

// Teacher returns a binary task of intrinsic dimension dim: inputs
// x ~ N(0, I_dim) labelled by a random teacher network,
//
//	y = 1[ v·tanh(W x) > 0 ],  W ~ N(0, 1/dim)^{32×dim},  v ~ N(0, 1/32)^{32},
//
// with no biases. The teacher is odd (f(−x) = −f(x)), so the classes are
// balanced in law, and it depends smoothly on every input direction, so the
// task's difficulty grows with dim. The teacher's weights are drawn from
// teacherSeed and the samples from seed, so one teacher can label several
// independent samples. The task's Name is "teacher:d=<dim>".
func Teacher(dim, n int, teacherSeed, seed uint64) (*Task, error) {
	net, err := NewTeacherNet(dim, teacherSeed)
	if err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("synth: n = %d samples, need ≥ 1: %w", n, check.ErrTooFewSamples)
	}
	rng := rand.New(rand.NewPCG(seed, 0x5a3e1e))
	x := mat.NewDense(n, dim, nil)
	y := make([]int, n)
	row := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j := range row {
			row[j] = rng.NormFloat64()
		}
		x.SetRow(i, row)
		if net.Output(row) > 0 {
			y[i] = 1
		}
	}
	return &Task{Name: "teacher:d=" + strconv.Itoa(dim), X: x, Y: y, Classes: 2}, nil
}

// TeacherNet is the random teacher f(x) = v·tanh(W x) of Teacher.
type TeacherNet struct {
	dim  int
	w, v []float64
}

// NewTeacherNet draws the teacher of dimension dim from teacherSeed.
func NewTeacherNet(dim int, teacherSeed uint64) (*TeacherNet, error) {
	if dim < 1 {
		return nil, fmt.Errorf("synth: teacher dimension %d, need ≥ 1: %w", dim, check.ErrParam)
	}
	wr := rand.New(rand.NewPCG(teacherSeed, 0x7eac4e5))
	t := &TeacherNet{dim: dim, w: make([]float64, TeacherHidden*dim), v: make([]float64, TeacherHidden)}
	for i := range t.w {
		t.w[i] = wr.NormFloat64() / math.Sqrt(float64(dim))
	}
	for i := range t.v {
		t.v[i] = wr.NormFloat64() / math.Sqrt(TeacherHidden)
	}
	return t, nil
}

// Output returns the teacher's real-valued output f(x) for one input of
// length dim (the label is 1[f(x) > 0]).
func (t *TeacherNet) Output(x []float64) float64 {
	var f float64
	for h := 0; h < TeacherHidden; h++ {
		var a float64
		for j, xj := range x[:t.dim] {
			a += t.w[h*t.dim+j] * xj
		}
		f += t.v[h] * math.Tanh(a)
	}
	return f
}

// Outputs returns f(x_i) for every row of x (n×dim) as an n×1 matrix: the
// regression targets of the teacher task.
func (t *TeacherNet) Outputs(x mat.Matrix) *mat.Dense {
	n, _ := x.Dims()
	out := mat.NewDense(n, 1, nil)
	row := make([]float64, t.dim)
	for i := 0; i < n; i++ {
		mat.Row(row, i, x)
		out.Set(i, 0, t.Output(row))
	}
	return out
}

// ParseTeacher reads a task spec "teacher:d=8" (or "teacher:8") and returns
// the dimension. ok is false when spec does not name a teacher task.
func ParseTeacher(spec string) (dim int, ok bool, err error) {
	rest, found := strings.CutPrefix(spec, "teacher")
	if !found {
		return 0, false, nil
	}
	rest = strings.TrimPrefix(rest, ":")
	rest = strings.TrimPrefix(rest, "d=")
	if rest == "" {
		return 0, true, fmt.Errorf("synth: task %q: give the dimension as teacher:d=N: %w", spec, check.ErrParam)
	}
	d, perr := strconv.Atoi(rest)
	if perr != nil || d < 1 {
		return 0, true, fmt.Errorf("synth: task %q: dimension must be an integer ≥ 1: %w", spec, check.ErrParam)
	}
	return d, true, nil
}
