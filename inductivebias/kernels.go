package inductivebias

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Kernel is a covariance function between the rows of two input matrices.
type Kernel interface {
	// Name identifies the kernel ("rbf", "nngp").
	Name() string
	// Gram returns the len(a)×len(b) matrix k(a_i, b_j) (rows are inputs).
	Gram(a, b mat.Matrix) *mat.Dense
}

// RBF is the Gaussian kernel k(a,b) = exp(−‖a−b‖²/(2σ²)); σ = 1 when zero,
// the width of the reference code.
type RBF struct {
	Sigma float64 // width σ in input units; 0 means 1
}

// Name returns "rbf".
func (RBF) Name() string { return "rbf" }

// Gram returns exp(−‖a_i−b_j‖²/(2σ²)). O(na·nb·d).
func (k RBF) Gram(a, b mat.Matrix) *mat.Dense {
	s := k.Sigma
	if s == 0 {
		s = 1
	}
	na, d := a.Dims()
	nb, _ := b.Dims()
	g := mat.NewDense(na, nb, nil)
	ra, rb := make([]float64, d), make([]float64, d)
	for i := 0; i < na; i++ {
		mat.Row(ra, i, a)
		for j := 0; j < nb; j++ {
			mat.Row(rb, j, b)
			var s2 float64
			for t := range ra {
				x := ra[t] - rb[t]
				s2 += x * x
			}
			g.Set(i, j, math.Exp(-s2/(2*s*s)))
		}
	}
	return g
}

// NNGP is the neural-network Gaussian-process kernel of a fully connected
// ReLU network of Depth hidden layers in the infinite-width limit (Lee et
// al. 2018; the arc-cosine recursion of Cho & Saul 2009):
//
//	K⁰(x,x') = σ_b² + σ_w²·x·x'/d
//	Kˡ⁺¹(x,x') = σ_b² + σ_w²/(2π)·√(Kˡ(x,x)Kˡ(x',x'))·(sin θ + (π−θ) cos θ),
//	θ = arccos(Kˡ(x,x') / √(Kˡ(x,x)Kˡ(x',x'))).
//
// Zero values give Depth 1, σ_w² = 2 (He scaling) and σ_b² = 0.01.
type NNGP struct {
	Depth     int     // hidden layers L (0 means 1)
	WeightVar float64 // σ_w² (0 means 2)
	BiasVar   float64 // σ_b² (0 means 0.01)
}

// Name returns "nngp".
func (NNGP) Name() string { return "nngp" }

func (k NNGP) params() (int, float64, float64) {
	depth, wv, bv := k.Depth, k.WeightVar, k.BiasVar
	if depth == 0 {
		depth = 1
	}
	if wv == 0 {
		wv = 2
	}
	if bv == 0 {
		bv = 0.01
	}
	return depth, wv, bv
}

// Gram returns the depth-L NNGP covariance between the rows of a and b.
// O(na·nb·(d+L)).
func (k NNGP) Gram(a, b mat.Matrix) *mat.Dense {
	depth, wv, bv := k.params()
	na, d := a.Dims()
	nb, _ := b.Dims()
	g := mat.NewDense(na, nb, nil)
	g.Mul(a, b.T())
	g.Apply(func(_, _ int, v float64) float64 { return bv + wv*v/float64(d) }, g)
	da := selfK(a, wv, bv)
	db := selfK(b, wv, bv)
	for l := 0; l < depth; l++ {
		for i := 0; i < na; i++ {
			for j := 0; j < nb; j++ {
				n := math.Sqrt(da[i] * db[j])
				c := g.At(i, j) / n
				c = math.Max(-1, math.Min(1, c))
				th := math.Acos(c)
				g.Set(i, j, bv+wv/(2*math.Pi)*n*(math.Sin(th)+(math.Pi-th)*c))
			}
		}
		// The diagonal recursion at θ = 0: K ← σ_b² + σ_w²/2 · K.
		for i := range da {
			da[i] = bv + wv/2*da[i]
		}
		for j := range db {
			db[j] = bv + wv/2*db[j]
		}
	}
	return g
}

func selfK(a mat.Matrix, wv, bv float64) []float64 {
	n, d := a.Dims()
	out := make([]float64, n)
	row := make([]float64, d)
	for i := range out {
		mat.Row(row, i, a)
		var s float64
		for _, v := range row {
			s += v * v
		}
		out[i] = bv + wv*s/float64(d)
	}
	return out
}
