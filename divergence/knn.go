package divergence

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/colscale"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
)

// KNN is the k-nearest-neighbour estimator of KL(P‖Q) between two samples
// of Wang, Kulkarni & Verdú (2009, IEEE Trans. IT 55(5), eq. 5), in nats:
//
//	D̂(P‖Q) = (d/n) Σ_i log( ν_k(i) / ρ_k(i) ) + log( m / (n − 1) )
//
// where ρ_k(i) is the Euclidean distance from x_i to its k-th nearest
// neighbour among the other n − 1 points of P (n×d), and ν_k(i) the distance
// to its k-th nearest neighbour in Q (m×d). It is consistent for every fixed
// k as n, m → ∞. K = 0 means k = 1, the paper's default.
//
// # Bias
//
// Each log ratio is a ratio of two k-NN density estimates, each of which
// assumes the density is constant over its k-NN ball. The ball around x_i in
// Q has radius ν_k(i), which is much larger than ρ_k(i) when Q is much wider
// than P (or where q is small); the density of Q then varies over that ball
// and the two local errors no longer cancel. At n = m = 1000 this leaves
// biases of 0.2–0.35 nats in published comparisons, and it decays slowly
// (like (k/n)^(1/d)). KNNAdaptive is the bias-reduced variant of the same
// paper.
//
// Duplicates: a point of P that repeats another point of P, or coincides
// with a point of Q, has a zero nearest-neighbour distance, and its k-NN
// ball holds a copy instead of a neighbour, which biases its log ratio at
// any k (a sample against itself gave −0.58 nats at k = 3 instead of ≈ 0).
// Such points are left out of the average when they are at most 1% of P
// (the chance coincidences of float32 or coarsely drawn data); more are an
// error (itlab.ErrParam): a sample against itself or a subset of it,
// discretised data. Add a tiny jitter first, or pass two independent
// samples. The same holds for KNNAdaptive, KNNEnsemble and KNNJS.
//
// Cost: two kd-trees, O((n + m) log(n + m)) for fixed d, O(n + m) memory.
type KNN struct {
	// K is the neighbour k (0 means 1, the paper's default).
	K int
	// Workers bounds the goroutines (0 = GOMAXPROCS); results do not depend on it.
	Workers int
}

// KNNAdaptive is the bias-reduced k-NN estimator of Wang, Kulkarni & Verdú
// (2009, §IV, "adaptive choice of k", eq. 29 in the numbering of public
// implementations), in nats. For each x_i it sets one radius
// ε(i) = max(ρ_k(i), ν_k(i)), counts l_i ≥ k points of P (other than x_i) and
// k_i ≥ k points of Q within ε(i), and uses
//
//	D̂ = (d/n) Σ_i log( ν_{k_i}(i) / ρ_{l_i}(i) ) + (1/n) Σ_i [ψ(l_i) − ψ(k_i)] + log( m/(n−1) )
//
// Both density estimates now use (nearly) the same ball, so the error from
// the non-uniformity of the densities over the ball largely cancels; the
// digamma terms replace log k by the unbiased ψ. It costs a radius count and
// a variable-k query per point, O(Σ (l_i + k_i) log n) in total.
//
// Limitation: when Q is very much wider than P (say 10× the scale in d = 5)
// ε(i) = ν_k(i) covers most of P, ρ_{l_i} then measures P's global extent
// rather than its local density, and the estimate collapses (−2.8 nats at
// n = 1000 in that example). Prefer KNNEnsemble there.
// K = 0 means k = 1 (the paper's ε(i) = max of the 1-NN distances).
type KNNAdaptive struct {
	K       int // the least neighbour count k (0 means 1)
	Workers int // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// KNNEnsemble is the bias-reduced k-NN estimator of KL(P‖Q) recommended when
// the dimension is moderate (d ≳ 3) or Q is much wider than P: an optimally
// weighted ensemble of KNN estimates (Sricharan, Wei & Hero 2013, IEEE
// Trans. IT 59(9); Moon & Hero 2014, "Ensemble estimation of multivariate
// f-divergence", ISIT), in nats:
//
//	D̂ = Σ_l w_l D̂_{k_l},   k_l = K·2^l (l = 0..3),
//	w = argmin ‖w‖₂  s.t.  Σ_l w_l = 1,  Σ_l w_l k_l^(2/d) = 0.
//
// The leading bias of each D̂_k in the interior of smooth densities is
// c_P (k/n)^(2/d) + c_Q (k/m)^(2/d), linear in k^(2/d) whatever n and m, so
// the constraint cancels it (a Richardson extrapolation to k/n → 0); the
// variance grows by roughly ‖w‖². It needs n > 8K and m ≥ 8K (smaller
// samples drop the largest k; with one k left it is KNN). K = 0 means 3.
// Cost: one 8K-nearest-neighbour query per point in each sample.
type KNNEnsemble struct {
	K       int // the smallest k of the ensemble K, 2K, 4K, 8K (0 means 3)
	Workers int // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// KL returns the ensemble estimate of KL(P‖Q) in nats.
func (e KNNEnsemble) KL(p, q mat.Matrix) (float64, error) {
	k := e.K
	if k <= 0 {
		k = 3
	}
	s, err := newKNNSetup(p, q, k, e.Workers)
	if err != nil {
		return 0, err
	}
	var ks []int
	for l, kl := 0, k; l < 4 && kl <= s.n-1 && kl <= s.m; l, kl = l+1, kl*2 {
		ks = append(ks, kl)
	}
	kmax := ks[len(ks)-1]
	rho, nu, skip, used, err := s.neighbours(kmax)
	if err != nil {
		return 0, err
	}
	w := ensembleWeights(ks, s.d)
	var est float64
	for l, kl := range ks {
		var sum float64
		for i := 0; i < s.n; i++ {
			if skip == nil || !skip[i] {
				sum += math.Log(nu[i*kmax+kl-1] / rho[i*kmax+kl-1])
			}
		}
		est += w[l] * (float64(s.d)*sum/float64(used) + math.Log(float64(s.m)/float64(s.n-1)))
	}
	return est, nil
}

// ensembleWeights returns the minimum-norm weights with Σw = 1 and
// Σ w_l k_l^(2/d) = 0 (one weight 1 when there is a single k).
func ensembleWeights(ks []int, d int) []float64 {
	w := make([]float64, len(ks))
	if len(ks) == 1 {
		w[0] = 1
		return w
	}
	t := make([]float64, len(ks))
	var st, stt float64
	for i, k := range ks {
		t[i] = math.Pow(float64(k), 2/float64(d))
		st += t[i]
		stt += t[i] * t[i]
	}
	// w = Aᵀ(AAᵀ)⁻¹(1, 0)ᵀ with A = [1 … 1; t_1 … t_L].
	l := float64(len(ks))
	det := l*stt - st*st
	a, b := stt/det, -st/det
	for i := range w {
		w[i] = a + b*t[i]
	}
	return w
}

// KL returns the estimate of KL(P‖Q) in nats. P and Q need the same number
// of columns, finite values, and n ≥ k + 1, m ≥ k rows.
func (e KNN) KL(p, q mat.Matrix) (float64, error) {
	k := max(e.K, 1)
	s, err := newKNNSetup(p, q, k, e.Workers)
	if err != nil {
		return 0, err
	}
	self, cross, skip, used, err := s.neighbours(k)
	if err != nil {
		return 0, err
	}
	var sum float64
	for i := 0; i < s.n; i++ {
		if skip == nil || !skip[i] {
			sum += math.Log(cross[i*k+k-1] / self[i*k+k-1])
		}
	}
	return float64(s.d)*sum/float64(used) + math.Log(float64(s.m)/float64(s.n-1)), nil
}

// KL returns the bias-reduced estimate of KL(P‖Q) in nats (see KNN.KL for the
// input requirements).
func (e KNNAdaptive) KL(p, q mat.Matrix) (float64, error) {
	k := max(e.K, 1)
	s, err := newKNNSetup(p, q, k, e.Workers)
	if err != nil {
		return 0, err
	}
	self, cross, skip, used, err := s.neighbours(k)
	if err != nil {
		return 0, err
	}
	rho, nu := kth(self, s.n, k), kth(cross, s.n, k)
	nb := parallel.NumBlocks(s.n, 256)
	logs := make([]float64, nb)
	psis := make([]float64, nb)
	bad := make([]int, nb)
	for b := range bad {
		bad[b] = -1
	}
	parallel.Blocks(s.n, 256, s.workers, func(b, lo, hi int) {
		var dist []float64
		for i := lo; i < hi; i++ {
			if skip != nil && skip[i] {
				continue
			}
			x := s.ps[i*s.d : (i+1)*s.d]
			eps := math.Max(rho[i], nu[i])
			l := s.ip.Count(x, eps, true) - 1 // exclude x_i itself
			kq := s.iq.Count(x, eps, true)
			need := max(l, kq)
			if cap(dist) < need {
				dist = make([]float64, need)
			}
			s.ip.KNN(x, i, dist[:l], nil)
			r := dist[l-1]
			s.iq.KNN(x, -1, dist[:kq], nil)
			v := dist[kq-1]
			if r == 0 || v == 0 {
				if bad[b] < 0 {
					bad[b] = i
				}
				continue
			}
			logs[b] += math.Log(v / r)
			psis[b] += mathext.Digamma(float64(l)) - mathext.Digamma(float64(kq))
		}
	})
	var sl, sp float64
	for b := 0; b < nb; b++ {
		if bad[b] >= 0 {
			// unreachable: points with a zero distance are skipped
			return 0, dupError("p", "q", bad[b], 1, s.n, false)
		}
		sl += logs[b]
		sp += psis[b]
	}
	n, u := float64(s.n), float64(used)
	return float64(s.d)*sl/u + sp/u + math.Log(float64(s.m)/(n-1)), nil
}

// maxDupFraction is the largest share of a sample's points with a copy (a
// zero nearest-neighbour distance) that the k-NN estimators leave out of
// their average; more is an error (see KNN).
const maxDupFraction = 0.01

// dupError reports that dups of the n points of name have a copy, the
// first at point i: in their own sample (inOther false) or in other.
func dupError(name, other string, i, dups, n int, inOther bool) error {
	where := "repeats another point of " + name
	if inOther {
		where = "coincides with a point of " + other
	}
	return fmt.Errorf("divergence: %d of the %d points of %s have a copy at distance 0 (point %d %s): the k-NN estimators need distinct points and leave out at most 1%%; add a tiny jitter, or pass two independent samples: %w",
		dups, n, name, i, where, check.ErrParam)
}

// zeroDistError is the error for too many points at distance 0 from a
// neighbour (dups of n, the first at point i of name). When most of them do
// not repeat exactly in the caller's data (pts and other, d columns), their
// distances underflowed: the values span too many orders of magnitude for
// float64 distances (one 1e300 among values of order 1 scales them to
// 1e-300, whose squared differences are 0), and the error says so (ErrRange)
// instead of blaming copies. Otherwise it is dupError. Runs only on the
// error path: O((len(pts) + len(other))·d) time and a map of the rows.
func zeroDistError(name, other string, pts, others []float64, d, i, dups, n int, inOther bool) error {
	rows := len(pts) / max(d, 1)
	if exact := repeatedRows(pts, others, d); float64(exact)/float64(max(rows, 1)) < 0.5*float64(dups)/float64(n) {
		var top float64
		for _, v := range [2][]float64{pts, others} {
			for _, x := range v {
				top = math.Max(top, math.Abs(x))
			}
		}
		return fmt.Errorf("divergence: %d of the %d points of %s are at distance 0 from a neighbour in float64 although only %d repeat exactly: the values span too many orders of magnitude (largest |value| %.3g) for their distances to be represented; remove the outliers or transform the data (logs, ranks): %w",
			dups, n, name, exact, top, check.ErrRange)
	}
	return dupError(name, other, i, dups, n, inOther)
}

// repeatedRows counts the rows of pts (d columns) that equal another row of
// pts or a row of others exactly (−0 equals +0), by entropy.RowSymbols
// over both samples stacked.
func repeatedRows(pts, others []float64, d int) int {
	if d < 1 {
		return 0
	}
	np, no := len(pts)/d, len(others)/d
	if np == 0 {
		return 0
	}
	all := make([]float64, 0, (np+no)*d)
	all = append(append(all, pts[:np*d]...), others[:no*d]...)
	ids, k := entropy.RowSymbols(mat.NewDense(np+no, d, all))
	seen := make([]int, k)
	for _, id := range ids {
		seen[id]++
	}
	count := 0
	for _, id := range ids[:np] {
		if seen[id] >= 2 {
			count++
		}
	}
	return count
}

// tooManyDups reports whether dups of n points exceed maxDupFraction.
func tooManyDups(dups, n int) bool { return float64(dups) > maxDupFraction*float64(n) }

// index is a neighbour structure over one sample: a kd-tree, or sorted values in 1-D.
type index interface {
	knn.Searcher
	knn.Counter
}

func newIndex(pts []float64, n, d, workers int) index {
	if d == 1 {
		return knn.NewSorted(pts)
	}
	return knn.Build(pts, n, d, knn.Euclidean, 0, workers)
}

type knnSetup struct {
	ps, qs  []float64 // the rows the estimators search (rescaled copies when needed)
	op, oq  []float64 // the caller's rows, for the error of too many zero distances
	n, m, d int
	ip, iq  index
	workers int
}

func newKNNSetup(p, q mat.Matrix, k, workers int) (*knnSetup, error) {
	if err := check.Samples("p", p, 1); err != nil {
		return nil, err
	}
	if err := check.Samples("q", q, 1); err != nil {
		return nil, err
	}
	if err := check.SameCols("p", p, "q", q); err != nil {
		return nil, err
	}
	n, d := p.Dims()
	m, _ := q.Dims()
	if err := check.K(k, n); err != nil {
		return nil, fmt.Errorf("p: %w", err)
	}
	if m < k {
		return nil, fmt.Errorf("q: %s with k = %d, need at least k: %w", check.Count(m, "sample"), k, check.ErrTooFewSamples)
	}
	op, oq := rowsOf(p), rowsOf(q)
	ps, qs := jointRows(op, oq, d)
	s := &knnSetup{ps: ps, qs: qs, op: op, oq: oq, n: n, m: m, d: d, workers: workers}
	s.ip = newIndex(s.ps, n, d, workers)
	s.iq = newIndex(s.qs, m, d, workers)
	return s, nil
}

// kth returns column k−1 of the n×k distance rows all.
func kth(all []float64, n, k int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = all[i*k+k-1]
	}
	return out
}

// neighbours returns the k nearest other-point distances of every p_i in P
// and in Q (n×k each), the points to leave out (nil when none: a zero
// nearest distance to either sample) and how many are used, or the
// duplicate error when more than maxDupFraction of P would be left out.
func (s *knnSetup) neighbours(k int) (self, cross []float64, skip []bool, used int, err error) {
	self = s.selfAll(k)
	cross = s.crossAll(k)
	dups, first, firstInQ := 0, -1, false
	for i := 0; i < s.n; i++ {
		inP, inQ := self[i*k] == 0, cross[i*k] == 0
		if !inP && !inQ {
			continue
		}
		if skip == nil {
			skip = make([]bool, s.n)
			first, firstInQ = i, !inP
		}
		skip[i] = true
		dups++
	}
	if tooManyDups(dups, s.n) {
		return nil, nil, nil, 0, zeroDistError("p", "q", s.op, s.oq, s.d, first, dups, s.n, firstInQ)
	}
	return self, cross, skip, s.n - dups, nil
}

// selfAll returns the k nearest other-point distances of every p_i (n×k).
func (s *knnSetup) selfAll(k int) []float64 {
	out := make([]float64, s.n*k)
	parallel.Blocks(s.n, 256, s.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.ip.KNN(s.ps[i*s.d:(i+1)*s.d], i, out[i*k:(i+1)*k], nil)
		}
	})
	return out
}

// crossAll returns the k nearest distances from every p_i to Q (n×k).
func (s *knnSetup) crossAll(k int) []float64 {
	out := make([]float64, s.n*k)
	parallel.Blocks(s.n, 256, s.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.iq.KNN(s.ps[i*s.d:(i+1)*s.d], -1, out[i*k:(i+1)*k], nil)
		}
	})
	return out
}

// KNNJS is a k-nearest-neighbour estimator of the Jensen–Shannon divergence
// between two samples, in nats:
//
//	JS(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M) = I(X; Z),   M = ½P + ½Q,
//
// the mutual information between a point X of the pooled sample and its
// label Z ∈ {P, Q} (equally likely). It is estimated by the k-NN
// continuous–discrete MI estimator of Ross (2014, PLoS ONE 9(2)), the
// KSG-type estimator scikit-learn uses:
//
//	Î = ψ(N) + ψ(k) − ⟨ψ(N_z)⟩ − ⟨ψ(m_i)⟩
//
// where N = 2n' is the pooled size, N_z = n' the size of each class, r_i the
// distance from point i to its k-th nearest neighbour of the same class, and
// m_i the number of pooled points (itself included) strictly closer than r_i.
// Estimating the divergence as an MI keeps it bounded by design (disjoint
// supports give ≈ log 2, not +Inf) and inherits KSG's low bias.
//
// The identity needs equal class sizes; when n ≠ m the larger sample is
// subsampled without replacement to the smaller size with the seeded
// generator (Seed), so the estimate uses 2·min(n, m) points. It can come out
// slightly outside [0, log 2] and is not clipped. K = 0 means k = 3.
// Cost: two per-class k-NN batches and one radius count per point,
// O(N log N) for fixed d.
type KNNJS struct {
	K       int    // neighbours (0 means 3)
	Seed    uint64 // seeds the subsampling of the larger sample
	Workers int    // goroutine budget (0 = GOMAXPROCS); results do not depend on it
}

// JS returns the estimate of JS(P, Q) in nats.
func (e KNNJS) JS(p, q mat.Matrix) (float64, error) {
	k := e.K
	if k <= 0 {
		k = 3
	}
	if err := check.Samples("p", p, 1); err != nil {
		return 0, err
	}
	if err := check.Samples("q", q, 1); err != nil {
		return 0, err
	}
	if err := check.SameCols("p", p, "q", q); err != nil {
		return 0, err
	}
	n, d := p.Dims()
	m, _ := q.Dims()
	nn := min(n, m)
	if err := check.K(k, nn); err != nil {
		return 0, err
	}
	op, oq := rowsOf(p), rowsOf(q)
	ps, qs := jointRows(op, oq, d)
	rng := rand.New(rand.NewPCG(e.Seed, 0x6a73))
	if n > nn {
		ps = subsampleRows(ps, n, d, nn, rng)
	}
	if m > nn {
		qs = subsampleRows(qs, m, d, nn, rng)
	}
	pooled := make([]float64, 0, 2*nn*d)
	pooled = append(append(pooled, ps...), qs...)
	all := newIndex(pooled, 2*nn, d, e.Workers)
	var sum float64
	used := 0
	for c, pts := range [][]float64{ps, qs} {
		own := newIndex(pts, nn, d, e.Workers)
		nb := parallel.NumBlocks(nn, 256)
		part := make([]float64, nb)
		bad := make([]int, nb)   // first point with a copy, per block
		badQ := make([]bool, nb) // its copy is in the other sample
		dups := make([]int, nb)
		parallel.Blocks(nn, 256, e.Workers, func(b, lo, hi int) {
			bad[b] = -1
			dist := make([]float64, k)
			for i := lo; i < hi; i++ {
				x := pts[i*d : (i+1)*d]
				own.KNN(x, i, dist, nil)
				// a copy in its own sample, or in the other one (the
				// pooled points at distance 0 other than itself), sits in
				// every ball around the point: left out as in KNN
				dupOwn := dist[0] == 0
				if dupOwn || all.Count(x, 0, true) > 1 {
					if bad[b] < 0 {
						bad[b], badQ[b] = i, !dupOwn
					}
					dups[b]++
					continue
				}
				part[b] += mathext.Digamma(float64(all.Count(x, dist[k-1], false)))
			}
		})
		total, first, firstQ := 0, -1, false
		for b := range part {
			if bad[b] >= 0 && first < 0 {
				first, firstQ = bad[b], badQ[b]
			}
			total += dups[b]
			sum += part[b]
		}
		if tooManyDups(total, nn) {
			name, other := [2]string{"p", "q"}[c], [2]string{"q", "p"}[c]
			own, oth := [2][]float64{op, oq}[c], [2][]float64{oq, op}[c]
			return 0, zeroDistError(name, other, own, oth, d, first, total, nn, firstQ)
		}
		used += nn - total
	}
	N := float64(2 * nn)
	return mathext.Digamma(N) + mathext.Digamma(float64(k)) - mathext.Digamma(float64(nn)) - sum/float64(used), nil
}

// subsampleRows returns k of the n rows of x (n×d), chosen without
// replacement by a partial Fisher–Yates shuffle, in their original order.
func subsampleRows(x []float64, n, d, k int, rng *rand.Rand) []float64 {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := 0; i < k; i++ {
		j := i + rng.IntN(n-i)
		idx[i], idx[j] = idx[j], idx[i]
	}
	sel := idx[:k]
	slices.Sort(sel)
	out := make([]float64, 0, k*d)
	for _, i := range sel {
		out = append(out, x[i*d:(i+1)*d]...)
	}
	return out
}

// jointRows returns the rows of p and q as row-major slices. The k-NN
// divergences are invariant when P and Q are scaled together, so data of
// extreme magnitude are rescaled jointly by an exact power of two
// (check.Rescale), on copies: the caller's matrices are never changed.
//
// The divergences are also invariant when one column of both samples is
// scaled, but the k-NN balls are not: columns whose spreads differ by
// orders of magnitude leave the narrow ones unseen (a shift of half a
// standard deviation in a column of spread 0.01 beside one of 100: −0.02
// nats for a true 0.125). So columns whose pooled standard deviation is more
// than 2√2 below the widest one's are multiplied by the power of two that
// brings them within 2√2 of it (exact; internal/colscale); columns of
// similar spread are not touched.
func jointRows(ps, qs []float64, d int) ([]float64, []float64) {
	scaled := false
	if check.RescaleExponent(ps, qs) != 0 {
		ps, qs = slices.Clone(ps), slices.Clone(qs)
		check.Rescale(ps, qs)
		scaled = true
	}
	if colscale.Exponents(d, ps, qs) != nil {
		if !scaled {
			ps, qs = slices.Clone(ps), slices.Clone(qs)
		}
		colscale.Equalize(d, ps, qs)
	}
	return ps, qs
}
