package mi_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/synth"
)

// KSG on the bivariate normal with ρ = 0.9, whose MI is −½ ln(1 − 0.81) =
// 0.8304 nats. K = 3 is also what the zero value mi.KSG{} uses.
func ExampleKSG() {
	p, _ := synth.BivariateNormal(0.9)
	x, y := p.Sample(10000, rand.New(rand.NewPCG(1, 2)))
	v, err := mi.KSG{K: 3}.MI(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("KSG %.2f nats, exact %.2f nats\n", v, p.MI())
	// Output: KSG 0.84 nats, exact 0.83 nats
}

// The MI between two columns of one data matrix: Slice (or ColView) gives
// each column as an n×1 matrix, and every Estimator takes them as they are.
// Binning's zero value bins over [−1, 1], the range of a tanh layer; for data
// of any other range set Observed (or Lo and Hi).
func ExampleEstimator_columns() {
	rng := rand.New(rand.NewPCG(1, 2))
	const n, rho = 5000, 0.9
	data := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		a, b := rng.NormFloat64(), rng.NormFloat64()
		data.Set(i, 0, a)
		data.Set(i, 1, rho*a+math.Sqrt(1-rho*rho)*b)
	}
	x, y := data.Slice(0, n, 0, 1), data.ColView(1)
	fmt.Printf("exact      %.3f nats\n", -0.5*math.Log(1-rho*rho))
	for _, e := range []struct {
		name string
		est  mi.Estimator
	}{
		{"KSG", mi.KSG{}},
		{"Gaussian", mi.Gaussian{}},
		{"binning", mi.Binning{Observed: true}},
	} {
		v, err := e.est.MI(x, y)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-10s %.3f nats\n", e.name, v)
	}
	// Output:
	// exact      0.830 nats
	// KSG        0.842 nats
	// Gaussian   0.840 nats
	// binning    0.848 nats
}

// Errors wrap the sentinels of package itlab; match them with errors.Is.
func ExampleKSG_errors() {
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	y := mat.NewDense(3, 1, []float64{1, math.NaN(), 3})
	_, err := mi.KSG{}.MI(x, y)
	fmt.Println(errors.Is(err, itlab.ErrNonFinite), err)
	_, err = mi.KSG{}.MI(x, x)
	fmt.Println(errors.Is(err, itlab.ErrTooFewSamples), err)
	_, err = mi.KSG{K: -1}.MI(x, x)
	fmt.Println(errors.Is(err, itlab.ErrParam), err)
	// Output:
	// true y: row 1, column 0 (0-based) is NaN: non-finite value
	// true 3 samples with k = 3, need at least k+1 = 4: too few samples
	// true k = -1, need k ≥ 1: invalid parameter
}

// KSGMax is the largest value KSG can return: an estimate near it says only
// that the MI is large. Here Y is a function of X (infinite MI).
func ExampleKSGMax() {
	x := mat.NewDense(2000, 1, nil)
	y := mat.NewDense(2000, 1, nil)
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 2000; i++ {
		v := rng.NormFloat64()
		x.Set(i, 0, v)
		y.Set(i, 0, 2*v+1)
	}
	v, err := mi.KSG{}.MI(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("estimate %.2f, ceiling %.2f nats\n", v, mi.KSGMax(2000, 3, 1))
	// Output: estimate 6.34, ceiling 6.68 nats
}

func ExamplePermutation() {
	p, _ := synth.BivariateNormal(0.5)
	x, y := p.Sample(2000, rand.New(rand.NewPCG(3, 4)))
	s, err := mi.Permutation(mi.KSG{}, x, y, 99, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		panic(err)
	}
	fmt.Printf("I = %.2f nats, p = %.2f\n", s.Value, s.PValue)
	// Output: I = 0.17 nats, p = 0.01
}

// A 95% interval for KSG: half-sampling, 100 replicates.
func ExampleBootstrap() {
	p, _ := synth.BivariateNormal(0.6)
	x, y := p.Sample(2000, rand.New(rand.NewPCG(1, 1)))
	iv, err := mi.Bootstrap(mi.KSG{}, x, y, 100, 0.95, rand.New(rand.NewPCG(2, 2)))
	if err != nil {
		panic(err)
	}
	fmt.Printf("exact %.3f, estimate %.3f [%.3f, %.3f] (%s)\n", p.MI(), iv.Value, iv.Low, iv.High, iv.Method)
	// Output: exact 0.223, estimate 0.250 [0.193, 0.305] (half-sampling)
}

func ExampleRoss() {
	// X | Y=c ~ N(2c, 1), two equally likely classes
	rng := rand.New(rand.NewPCG(1, 1))
	x := mat.NewDense(5000, 1, nil)
	y := make([]int, 5000)
	for i := range y {
		y[i] = rng.IntN(2)
		x.Set(i, 0, 2*float64(y[i])+rng.NormFloat64())
	}
	v, err := mi.Ross{}.MILabels(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.2f nats\n", v)
	// Output: 0.33 nats
}

// I(X;Y|Z) for X = Z + noise, Y = Z + noise: dependent through Z only,
// so the conditional MI is 0, while I(X;Y) is not.
func ExampleCMI() {
	rng := rand.New(rand.NewPCG(1, 9))
	const n = 3000
	x, y, z := mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil), mat.NewDense(n, 1, nil)
	for i := 0; i < n; i++ {
		c := rng.NormFloat64()
		z.Set(i, 0, c)
		x.Set(i, 0, c+0.5*rng.NormFloat64())
		y.Set(i, 0, c+0.5*rng.NormFloat64())
	}
	cmi, err := mi.CMI{}.CMI(x, y, z)
	if err != nil {
		panic(err)
	}
	v, err := mi.KSG{}.MI(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("I(X;Y) = %.2f nats (exact %.2f), I(X;Y|Z) = %.3f nats\n", v, -0.5*math.Log(1-0.8*0.8), cmi)
	// Output: I(X;Y) = 0.51 nats (exact 0.51), I(X;Y|Z) = -0.009 nats
}

func ExampleDiscrete() {
	// X is a fair coin; Y copies it (the first half) or is independent of it
	// (the second half).
	x := []int{0, 1, 0, 1, 0, 1, 0, 1}
	copied := []int{0, 1, 0, 1, 0, 1, 0, 1}
	indep := []int{0, 0, 1, 1, 0, 0, 1, 1}
	a, _ := mi.Discrete{}.Symbols(x, copied)
	b, _ := mi.Discrete{}.Symbols(x, indep)
	fmt.Printf("I(X;copy) = %.4f nats = log 2, I(X;independent) = %.4f nats\n", a, b)
	// Output: I(X;copy) = 0.6931 nats = log 2, I(X;independent) = 0.0000 nats
}

// The matrix-based Rényi MI (α = 1.01, Silverman widths): O(n³), so keep n
// in the hundreds. It is a kernel functional, not Shannon's MI: 0.92 here
// where the Shannon MI is 0.83 nats.
func ExampleRenyi() {
	p, _ := synth.BivariateNormal(0.9)
	x, y := p.Sample(300, rand.New(rand.NewPCG(4, 4)))
	v, err := mi.Renyi{}.MI(x, y)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.3f nats\n", v)
	// Output: 0.922 nats
}

// A permutation test for continuous data against discrete labels: the
// labels are shuffled, 199 times here.
func ExamplePermutationLabels() {
	rng := rand.New(rand.NewPCG(6, 6))
	x := mat.NewDense(400, 1, nil)
	y := make([]int, 400)
	for i := range y {
		y[i] = rng.IntN(2)
		x.Set(i, 0, 0.6*float64(y[i])+rng.NormFloat64())
	}
	s, err := mi.PermutationLabels(mi.Ross{}, x, y, 199, rand.New(rand.NewPCG(7, 7)))
	if err != nil {
		panic(err)
	}
	fmt.Printf("I = %.3f nats, p = %.3f\n", s.Value, s.PValue)
	// Output: I = 0.051 nats, p = 0.010
}

// The information-plane coordinates of one layer (n×d activations, one row
// per probe sample) and its labels, under every layer estimator: I(X;T)
// with X the sample identity, and I(T;Y). Nil labels give I(X;T) alone.
func ExampleLayerEstimator() {
	rng := rand.New(rand.NewPCG(8, 8))
	const n = 512
	t := mat.NewDense(n, 3, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = i % 2
		for j := 0; j < 3; j++ {
			t.Set(i, j, math.Tanh(float64(2*y[i]-1)+0.7*rng.NormFloat64()))
		}
	}
	for _, e := range []mi.LayerEstimator{
		mi.Binning{}, // 30 edges on [−1, 1], the tanh range
		mi.AdaptiveBinning{AutoLow: true},
		mi.KDE{}, // noise variance 0.1
		mi.Renyi{},
	} {
		l, err := e.Layer(t, y)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-17s I(X;T) = %.2f bits, I(T;Y) = %.2f bits\n", e.Name(), l.IXT/math.Ln2, l.ITY/math.Ln2)
	}
	l, err := mi.KDE{}.Layer(t, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("no labels: I(X;T) = %.2f bits, I(T;Y) = %v\n", l.IXT/math.Ln2, l.ITY)
	// Output:
	// binning           I(X;T) = 8.81 bits, I(T;Y) = 1.00 bits
	// adaptive-binning  I(X;T) = 8.98 bits, I(T;Y) = 1.00 bits
	// kde               I(X;T) = 3.57 bits, I(T;Y) = 0.98 bits
	// renyi             I(X;T) = 7.02 bits, I(T;Y) = 1.00 bits
	// no labels: I(X;T) = 3.57 bits, I(T;Y) = 0
}
