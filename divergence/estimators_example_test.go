package divergence_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/divergence"
)

// twoNormals returns n points of N(0, I₂) and n points of N((1, 0), I₂):
// KL(P‖Q) = 0.5 nats, W1 ≈ W2 = 1 between the populations, JS ≈ 0.11 nats.
func twoNormals(n int, seed uint64) (p, q *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, seed))
	p, q = mat.NewDense(n, 2, nil), mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		p.Set(i, 0, rng.NormFloat64())
		p.Set(i, 1, rng.NormFloat64())
		q.Set(i, 0, 1+rng.NormFloat64())
		q.Set(i, 1, rng.NormFloat64())
	}
	return p, q
}

// The k-NN KL estimators between two samples, against the closed form.
// KNN uses k = 1 when K is 0 (the paper's default), KNNEnsemble k = 3.
func ExampleKNNEnsemble() {
	p, q := twoNormals(2000, 1)
	one := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	exact, _ := divergence.KLGaussian([]float64{0, 0}, one, []float64{1, 0}, one)
	knn, err := divergence.KNN{}.KL(p, q)
	if err != nil {
		panic(err)
	}
	ens, err := divergence.KNNEnsemble{}.KL(p, q)
	if err != nil {
		panic(err)
	}
	fmt.Printf("exact %.3f  KNN %.3f  ensemble %.3f nats\n", exact, knn, ens)
	// Output: exact 0.500  KNN 0.486  ensemble 0.517 nats
}

// Estimators of one family share an interface, so they can be compared in a
// loop: here the k-NN KL estimators (KLEstimator) on the two samples above.
func ExampleKLEstimator() {
	p, q := twoNormals(2000, 1)
	for _, e := range []struct {
		name string
		est  divergence.KLEstimator
	}{
		{"KNN", divergence.KNN{}},
		{"KNNAdaptive", divergence.KNNAdaptive{}},
		{"KNNEnsemble", divergence.KNNEnsemble{}},
	} {
		kl, err := e.est.KL(p, q)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-12s %.3f nats (exact 0.5)\n", e.name, kl)
	}
	// Output:
	// KNN          0.486 nats (exact 0.5)
	// KNNAdaptive  0.511 nats (exact 0.5)
	// KNNEnsemble  0.517 nats (exact 0.5)
}

// Wasserstein distances between two samples, in the units of the data:
// the exact assignment (O(n³), equal sizes), entropic Sinkhorn (an upper
// bound that tends to W_p as ε → 0) and sliced W_p (a smaller, different
// distance). Between the populations W1 = W2 = 1; the empirical distances
// are biased up at finite n.
func ExampleSinkhorn() {
	p, q := twoNormals(500, 2)
	exact, err := divergence.WExact(p, q, 2)
	if err != nil {
		panic(err)
	}
	res, err := divergence.Sinkhorn{}.Solve(p, q, 2)
	if err != nil {
		panic(err)
	}
	sliced, err := divergence.Sliced{Projections: 200, Seed: 1}.W(p, q, 2)
	if err != nil {
		panic(err)
	}
	fmt.Printf("exact W2 %.3f, Sinkhorn %.3f (ε = %.3f), sliced %.3f\n", exact, res.W, res.Eps, sliced)
	// Output: exact W2 0.970, Sinkhorn 0.988 (ε = 0.049), sliced 0.664
}

// Closed forms between two normals: KL, 2-Wasserstein (Bures) and
// Cauchy–Schwarz.
func ExampleW2Gaussian() {
	s1 := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	s2 := mat.NewSymDense(2, []float64{4, 0, 0, 1})
	mu1, mu2 := []float64{0, 0}, []float64{3, 0}
	kl, _ := divergence.KLGaussian(mu1, s1, mu2, s2)
	w2, _ := divergence.W2Gaussian(mu1, s1, mu2, s2)
	cs, _ := divergence.CSGaussian(mu1, s1, mu2, s2)
	fmt.Printf("KL %.4f nats, W2 %.4f (√10 = %.4f), CS %.4f nats\n", kl, w2, math.Sqrt(10), cs)
	// Output: KL 1.4431 nats, W2 3.1623 (√10 = 3.1623), CS 2.0231 nats
}

// Kernel divergences with Silverman's bandwidth (Sigma 0): the
// Cauchy–Schwarz divergence (nats) and the unbiased MMD² (squared kernel
// units), and the bounded k-NN Jensen–Shannon divergence (nats, ≤ ln 2).
func ExampleCS() {
	p, q := twoNormals(1000, 3)
	cs, err := divergence.CS{}.Divergence(p, q)
	if err != nil {
		panic(err)
	}
	mmd, err := divergence.MMD{}.MMD2(p, q)
	if err != nil {
		panic(err)
	}
	js, err := divergence.KNNJS{}.JS(p, q)
	if err != nil {
		panic(err)
	}
	fmt.Printf("CS %.3f nats, MMD² %.3f, JS %.3f nats\n", cs, mmd, js)
	// Output: CS 0.552 nats, MMD² 0.022, JS 0.119 nats
}
