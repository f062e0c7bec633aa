package inductivebias

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// TaskParams are the inputs of the inductive-bias complexity (task
// difficulty) of Boopathy et al. (ICML 2023, "Model-agnostic Measure of
// Generalization Difficulty").
type TaskParams struct {
	Epsilon float64 // desired error ε (the reference uses ε/L_L; pass that ratio)
	N       float64 // training-set size n
	M       float64 // intrinsic dimension m of the data manifold
	R       float64 // radius: max ‖x‖
	Classes float64 // Π_d, the number of discrete-feature combinations (= classes)
	Delta   float64 // spatial resolution δ: min distance between differently labelled points
	D       float64 // output dimension (classes − 1)
	B       float64 // sup-norm bound on f (1 when zero)
}

// Difficulty is the inductive-bias complexity and its intermediate terms.
type Difficulty struct {
	Bits     float64 // Ĩ in bits (+Inf if it exceeds float64; Log10Bits is always finite)
	Log10    float64 // log₁₀ Ĩ
	K        float64 // max eigen-index K, solving K(K+m−1) = M², M = 2πR/δ
	LogNEig  float64 // ln N_eig, N_eig = C(m+K, m) + C(m+K−1, m)
	Lf       float64 // Lipschitz bound L_f = K√D/R
	LogW     float64 // ln W
	Bracket  float64 // the per-parameter bits: log₂B + ½log₂D + ½log₂Πd − log₂ε + log₂L_f + log₂W
	LogDimTh float64 // ln dim Θ_q = ln(2·D·Πd·N_eig − n·D)
}

// TaskDifficulty evaluates the inductive-bias complexity
//
//	Ĩ = dimΘ_q · [log₂B + ½log₂D + ½log₂Πd − log₂ε + log₂L_f + log₂W],
//	dimΘ_q = 2·D·Πd·N_eig − n·D,
//
// with W = √(m/6)·(|S^m|·Πd/n)^{1/m}·R, |S^m| = 2π^{(m+1)/2}/Γ((m+1)/2), as
// the reference code task_difficulty.py does. Binomials use log-gamma with
// real arguments, and the product is formed in log space, so nothing
// overflows before the final exponentiation (Log10 stays finite).
func TaskDifficulty(p TaskParams) (Difficulty, error) {
	b := p.B
	if b == 0 {
		b = 1
	}
	for _, v := range []struct {
		name string
		v    float64
	}{{"epsilon", p.Epsilon}, {"n", p.N}, {"m", p.M}, {"R", p.R}, {"classes", p.Classes}, {"delta", p.Delta}, {"D", p.D}, {"B", b}} {
		if err := check.Positive(v.name, v.v); err != nil {
			return Difficulty{}, err
		}
	}
	m := p.M
	M := 2 * math.Pi * p.R / p.Delta
	K := (math.Sqrt((m-1)*(m-1)+4*M*M) - (m - 1)) / 2
	lbinom := func(a, k float64) float64 { return lgamma(a+1) - lgamma(k+1) - lgamma(a-k+1) }
	lNeig := logAddExp(lbinom(m+K, m), lbinom(m+K-1, m))
	lf := K * math.Sqrt(p.D) / p.R
	lw := 0.5*math.Log(m/6) + (math.Ln2+(m+1)/2*math.Log(math.Pi)+math.Log(p.Classes)-lgamma((m+1)/2))/m + math.Log(p.R) - math.Log(p.N)/m
	bracket := math.Log2(b) + 0.5*math.Log2(p.D) + 0.5*math.Log2(p.Classes) - math.Log2(p.Epsilon) + math.Log2(lf) + lw/math.Ln2
	lDim := math.Log(2*p.D*p.Classes) + lNeig
	lSub := math.Log(p.N * p.D)
	if lSub >= lDim {
		return Difficulty{}, fmt.Errorf("task difficulty: n·D ≥ dim Θ (the data already pin down every parameter): %w", check.ErrParam)
	}
	lDimQ := lDim + math.Log1p(-math.Exp(lSub-lDim))
	d := Difficulty{K: K, LogNEig: lNeig, Lf: lf, LogW: lw, Bracket: bracket, LogDimTh: lDimQ}
	if bracket <= 0 {
		d.Bits, d.Log10 = 0, math.Inf(-1)
		return d, nil
	}
	d.Log10 = (lDimQ + math.Log(bracket)) / math.Ln10
	d.Bits = math.Exp(lDimQ) * bracket
	return d, nil
}

// IntrinsicDim estimates the intrinsic dimension of the rows of x by the
// maximum-likelihood estimator of Levina & Bickel (2004) in the averaged
// form of the reference code: m̂ = 1 / mean_{i, j<k} ln(T_k(x_i)/T_j(x_i)),
// T_j the distance to the j-th nearest neighbour, over at most queries
// randomly chosen points (all points when queries ≤ 0 or ≥ n). k = 5 when
// zero. Exact duplicates (T_j = 0) are skipped. Brute force: O(queries·n·d).
func IntrinsicDim(x mat.Matrix, k, queries int, seed uint64) (float64, error) {
	if k == 0 {
		k = 5
	}
	if k < 2 {
		return 0, fmt.Errorf("intrinsic dimension: k = %d, need ≥ 2: %w", k, check.ErrParam)
	}
	if err := check.Samples("x", x, k+1); err != nil {
		return 0, err
	}
	X := mat.DenseCopyOf(x)
	n, d := X.Dims()
	// the estimate is scale invariant: data beyond 2^±100 are moved to an
	// ordinary scale so that squared distances neither overflow nor underflow
	check.Rescale(X.RawMatrix().Data)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if queries > 0 && queries < n {
		rng := rand.New(rand.NewPCG(seed, 11))
		rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:queries]
	}
	raw := X.RawMatrix()
	best := make([]float64, k)
	var sum float64
	var cnt int
	underflow := false // distinct points whose squared distance is 0
	for _, i := range idx {
		for t := range best {
			best[t] = math.Inf(1)
		}
		xi := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			xj := raw.Data[j*raw.Stride : j*raw.Stride+d]
			var s float64
			for t := range xi {
				v := xi[t] - xj[t]
				s += v * v
			}
			if s == 0 && !underflow && !slices.Equal(xi, xj) {
				underflow = true
			}
			if s == 0 || s >= best[k-1] {
				continue
			}
			p := k - 1
			for p > 0 && best[p-1] > s {
				best[p] = best[p-1]
				p--
			}
			best[p] = s
		}
		if math.IsInf(best[k-1], 1) {
			continue
		}
		tk := math.Sqrt(best[k-1])
		for j := 0; j < k-1; j++ {
			sum += math.Log(tk / math.Sqrt(best[j]))
			cnt++
		}
	}
	if (cnt == 0 || sum == 0) && underflow {
		return 0, fmt.Errorf("intrinsic dimension: distinct points are at distance 0 in float64: the values span too many orders of magnitude (an outlier far beyond the rest?); remove the outliers or transform the data: %w", check.ErrRange)
	}
	if cnt == 0 || sum == 0 {
		return 0, fmt.Errorf("intrinsic dimension: no distinct neighbours: %w", check.ErrTooFewSamples)
	}
	return float64(cnt) / sum, nil
}

// Resolution estimates δ, the minimum distance between differently labelled
// points, over a random subset of at most subset points (all when ≤ 0), as
// the reference's sample_delta does; exact duplicates with different labels
// (distance 0) are ignored so that label noise does not give δ = 0.
// O(subset²·d).
func Resolution(x mat.Matrix, y []int, subset int, seed uint64) (float64, error) {
	if err := check.Samples("x", x, 2); err != nil {
		return 0, err
	}
	n, d := x.Dims()
	if _, err := check.Labels("labels", y, n); err != nil {
		return 0, err
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	if subset > 0 && subset < n {
		rng := rand.New(rand.NewPCG(seed, 13))
		rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:subset]
		slices.Sort(idx)
	}
	X := mat.DenseCopyOf(x)
	raw := X.RawMatrix()
	// δ(aX) = a·δ(X): computed at an exact power-of-two scale where squared
	// distances neither overflow nor underflow, and scaled back
	ex := check.Rescale(raw.Data)
	best := math.Inf(1)
	for a, i := range idx {
		xi := raw.Data[i*raw.Stride : i*raw.Stride+d]
		for _, j := range idx[a+1:] {
			if y[i] == y[j] {
				continue
			}
			xj := raw.Data[j*raw.Stride : j*raw.Stride+d]
			var s float64
			for t := range xi {
				v := xi[t] - xj[t]
				s += v * v
			}
			if s > 0 && s < best {
				best = s
			}
		}
	}
	if math.IsInf(best, 1) {
		return 0, fmt.Errorf("resolution: no two differently labelled, distinct points: %w", check.ErrLabels)
	}
	return math.Ldexp(math.Sqrt(best), ex), nil
}

// Radius returns max_i ‖x_i‖ (NaN for a nil x).
func Radius(x mat.Matrix) float64 {
	if check.IsNil(x) {
		return math.NaN()
	}
	n, d := x.Dims()
	row := make([]float64, d)
	var r float64
	for i := 0; i < n; i++ {
		mat.Row(row, i, x)
		r = math.Max(r, mat.Norm(mat.NewVecDense(d, row), 2))
	}
	return r
}
