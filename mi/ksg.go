package mi

import (
	"fmt"
	"math"
	"sync"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/internal/special"
)

// KSG is the k-nearest-neighbour mutual-information estimator of Kraskov,
// Stögbauer & Grassberger (2004), algorithms 1 and 2, with the max norm in the
// joint space and in each marginal space.
//
// Algorithm 1 (their Eq. 8): ε_i is the distance from sample i to its K-th
// nearest neighbour in the joint space, n_x(i) and n_y(i) count the other
// samples strictly within ε_i in each marginal, and
//
//	I = ψ(K) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩.
//
// Algorithm 2 (their Eq. 9): ε_x(i) and ε_y(i) are the largest marginal
// distances among the K joint neighbours, n_x(i) and n_y(i) count the other
// samples within them (≤), and
//
//	I = ψ(K) − 1/K + ψ(N) − ⟨ψ(n_x) + ψ(n_y)⟩.
//
// The result is in nats, not clamped at zero: independent variables give
// small values of either sign. The bias is small for smooth densities and
// grows with dimension and with the strength of dependence (see the package
// documentation).
//
// Preprocessing, in this order: every column of x and y is standardised to
// zero mean and unit variance (unless NoStandardize), then Gaussian jitter of
// standard deviation Noise (default 1e-8, as JIDT) is added to every entry,
// drawn from a PCG stream seeded by Seed in row-major order. The jitter breaks
// exact ties and duplicates, which otherwise make ε_i zero; it is
// deterministic for a given Seed and independent of Workers/GOMAXPROCS.
//
// Cost: O(N log N) in low dimension (kd-tree in the joint space, sorted
// arrays for 1-D marginals, kd-trees otherwise; with two 1-D marginals the
// joint search uses strips built in O(N) from the marginals' sort orders,
// knn.Strips). From 3 joint dimensions at
// moderate N (the thresholds are in the package documentation), where a
// tree visits many of its leaves, the
// points are instead searched by windowed scans (knn.SplitWindows): slabs of
// one coordinate sorted by a second, visited only within the k-th distance
// found so far, by an AVX2 kernel that yields the joint neighbours and the
// marginal distances in one pass (O(N²·d) with a constant of about a
// third on 5+5-D Gaussians). Both paths count exactly the same neighbours.
type KSG struct {
	// K is the number of neighbours (0 → 3).
	K int
	// Algorithm is 1 or 2 (0 → 1).
	Algorithm int
	// Noise is the standard deviation of the jitter relative to each
	// standardised column (0 → DefaultNoise = 1e-8; negative → no jitter).
	Noise float64
	// Seed seeds the jitter.
	Seed uint64
	// NoStandardize keeps the columns' own scales. The max norm then mixes
	// them as they are, which changes the estimate (NPEET#19).
	NoStandardize bool
	// Ranks replaces every column of X and Y by its ranks (ties by their
	// mean rank) before standardising: the empirical-copula transform.
	// The MI is unchanged by it (ranks are a strictly increasing function
	// of each coordinate), and the estimate becomes invariant to any
	// strictly monotone warp of any coordinate. Use it for skewed or
	// heavy-tailed marginals: for X = exp(5Z), Y = ρZ + noise with true
	// MI 0.83 nats (ρ = 0.9), the plain estimate is 0.13–0.16 at n = 10³
	// to 2·10⁴ (algorithm 2: about 0.5), the ranked one 0.83 ± 0.01 (as on the Gaussian itself,
	// where both agree within their spread). O(d·n log n) more.
	Ranks bool
	// Workers bounds the goroutines (0 → GOMAXPROCS). Results do not depend on it.
	Workers int
}

var (
	_ Estimator      = KSG{}
	_ LabelEstimator = KSG{}
)

// MI estimates I(X;Y) in nats from x (n×dx) and y (n×dy), rows paired.
// It returns a wrapped itlab.ErrShape, ErrNonFinite, ErrTooFewSamples or
// ErrParam on bad input.
func (e KSG) MI(x, y mat.Matrix) (float64, error) {
	st, err := e.prepare(x, y)
	if err != nil {
		return 0, err
	}
	if constantRows(x) || constantRows(y) {
		return 0, nil // I(X;Y) = 0 exactly; the jitter would only add noise
	}
	st.last = true
	return st.estimate(nil), nil
}

// MILabels estimates I(X;Y) for discrete labels y with the Ross (2014)
// estimator using the same K, Noise, Seed, NoStandardize, Ranks and Workers.
// Algorithm does not apply (Ross's estimator has one form): algorithms 1
// and 2 give the same value here.
func (e KSG) MILabels(x mat.Matrix, y []int) (float64, error) {
	return Ross{K: e.K, Noise: e.Noise, Seed: e.Seed, NoStandardize: e.NoStandardize, Ranks: e.Ranks, Workers: e.Workers}.MILabels(x, y)
}

func (e KSG) params() (k, alg int, noise float64, err error) {
	if k, err = knnK(e.K); err != nil {
		return
	}
	alg = e.Algorithm
	if alg == 0 {
		alg = 1
	}
	if alg != 1 && alg != 2 {
		return 0, 0, 0, fmt.Errorf("KSG algorithm %d, need 1 or 2: %w", e.Algorithm, check.ErrParam)
	}
	noise, err = knnNoiseLevel(e.Noise)
	return
}

// ksgState holds the preprocessed data and the marginal search structures,
// which permutation surrogates reuse: only the joint space changes when the
// rows of y are permuted.
type ksgState struct {
	n, dx, dy int
	k, alg    int
	workers   int
	x, y      []float64 // n×dx and n×dy, preprocessed
	cx, cy    knn.SelfCounter
	spare     []float64 // n·(dx+dy) values no longer needed (the jitter draws), reused once for the joint space or the strips
	noStrips  bool      // the strip search was probed slow for these data
	// last: no estimate follows this one, so once the joint search is
	// built (it holds its own copies) the memory of x and y may hold the
	// radii and counts of algorithm 1 instead of fresh pages
	last bool
}

func (e KSG) prepare(xm, ym mat.Matrix) (*ksgState, error) {
	k, alg, noise, err := e.params()
	if err != nil {
		return nil, err
	}
	noiseWait := func() []float64 { return nil }
	if !check.IsNil(xm) && !check.IsNil(ym) {
		r, cx := xm.Dims()
		ry, cy := ym.Dims()
		if r == ry {
			noiseWait = knnNoise(noise, e.Seed, r*(cx+cy), e.Workers)
		}
	}
	// x and y are copied, checked and standardised side by side; errors are
	// reported in the serial order (x's, y's, then the shapes)
	var (
		y      []float64
		ny, dy int
		errY   error
		wg     sync.WaitGroup
		std    = !e.NoStandardize
	)
	prepY := func() {
		y, ny, dy, errY = knnFlatten("y", ym, e.NoStandardize)
		if errY == nil && e.Ranks {
			knnRanks(y, ny, dy)
		}
		if errY == nil && std {
			knnStandardize(y, ny, dy)
		}
	}
	if parallel.Workers(e.Workers) > 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prepY()
		}()
	} else {
		prepY()
	}
	x, n, dx, err := knnFlatten("x", xm, e.NoStandardize)
	if err == nil && e.Ranks {
		knnRanks(x, n, dx)
	}
	if err == nil && std {
		knnStandardize(x, n, dx)
	}
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if errY != nil {
		return nil, errY
	}
	if n != ny {
		return nil, fmt.Errorf("x has %d rows but y has %d: %w", n, ny, check.ErrShape)
	}
	if err := check.K(k, n); err != nil {
		return nil, err
	}
	var sx, sy []float64
	if e.NoStandardize {
		sx, sy = knnColumnSD(x, n, dx), knnColumnSD(y, n, dy)
	}
	z := noiseWait()
	if z != nil {
		knnJitterOn(noise, z, parallel.Workers(e.Workers), knnArray{x, n, dx, sx}, knnArray{y, n, dy, sy})
	} else {
		knnJitter(noise, e.Seed, knnArray{x, n, dx, sx}, knnArray{y, n, dy, sy})
	}
	st := &ksgState{n: n, dx: dx, dy: dy, k: k, alg: alg, workers: parallel.Workers(e.Workers), x: x, y: y, spare: z}
	if st.method() == ksgTree {
		st.buildCounters()
	}
	return st, nil
}

// buildCounters builds the marginal search structures of the tree path.
func (st *ksgState) buildCounters() {
	x, y, n, dx, dy := st.x, st.y, st.n, st.dx, st.dy
	if st.workers > 1 {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			st.cx = knnCounter(x, n, dx, st.workers)
		}()
		st.cy = knnCounter(y, n, dy, st.workers)
		wg.Wait()
	} else {
		st.cx = knnCounter(x, n, dx, 1)
		st.cy = knnCounter(y, n, dy, 1)
	}
}

// estimate returns the KSG estimate for the pairing (x_i, y_perm[i]);
// perm nil is the identity, otherwise a permutation of 0..n−1.
func (st *ksgState) estimate(perm []int32) float64 {
	if st.method() == ksgScan {
		return st.estimateScan(perm)
	}
	if st.cx == nil {
		st.buildCounters()
	}
	n, dx, dy, k := st.n, st.dx, st.dy, st.k
	search := st.jointSearcher(perm)
	// Radii per sample first, then the counts of each marginal in its own
	// structure's order (cache-friendly), then the sum in row order.
	// x and y are not read again in algorithm 1 (the joint search and the
	// marginal counters hold copies): after the last estimate their memory
	// takes the radii and the counts
	var rx, spareY []float64
	if st.last && st.alg == 1 {
		rx, spareY = st.x[:n:n], st.y[:n:n]
		st.x, st.y = nil, nil
	} else {
		rx = make([]float64, n)
	}
	var ry []float64
	if st.alg == 1 {
		search.EachKNN(k, false, knnBlock, st.workers, func(_, i int, dist []float64, _ []int32) {
			rx[i] = dist[k-1]
		})
		ry = rx
	} else {
		ry = make([]float64, n)
		search.EachKNN(k, true, knnBlock, st.workers, func(_, i int, _ []float64, nbr []int32) {
			xi, yi := st.x[i*dx:i*dx+dx], st.y[ksgRow(perm, i)*dy:ksgRow(perm, i)*dy+dy]
			var ex, ey float64
			for _, j := range nbr {
				ex = max(ex, ksgMaxDist(st.x[int(j)*dx:int(j)*dx+dx], xi))
				jy := ksgRow(perm, int(j))
				ey = max(ey, ksgMaxDist(st.y[jy*dy:jy*dy+dy], yi))
			}
			rx[i], ry[i] = ex, ey
		})
	}
	incl := st.alg == 2
	var nx, ny []int32
	if spareY != nil {
		// n float64 values hold the 2n counts
		c := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(spareY))), 2*n)
		nx, ny = c[:n:n], c[n:]
	} else {
		nx, ny = make([]int32, n), make([]int32, n)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		st.cx.CountSelf(rx, incl, nx, st.workers)
	}()
	// the y structure holds y's own rows: y row perm[i] takes sample i's radius
	ryy := ry
	if perm != nil {
		ryy = make([]float64, n)
		for i, j := range perm {
			ryy[j] = ry[i]
		}
	}
	st.cy.CountSelf(ryy, incl, ny, st.workers)
	wg.Wait()
	// ψ of every count from a table of DigammaInt's own values: the same
	// sum, with one evaluation per distinct count instead of two per sample
	psi := ksgPsiTable(nx, ny, st.workers)
	parts := make([]float64, parallel.NumBlocks(n, knnBlock))
	parallel.Blocks(n, knnBlock, st.workers, func(b, lo, hi int) {
		var sum float64
		if st.alg == 1 && perm == nil {
			// the common case, its loop free of the others' tests
			cxs, cys, rs := nx[lo:hi], ny[lo:hi], rx[lo:hi]
			for i, r := range rs {
				cx, cy := int(cxs[i]), int(cys[i])
				if r > 0 { // the sample itself is within eps of itself
					cx--
					cy--
				}
				sum += psi[cx+1] + psi[cy+1]
			}
			parts[b] = sum
			return
		}
		for i := lo; i < hi; i++ {
			cx, cy := int(nx[i]), int(ny[ksgRow(perm, i)])
			if st.alg == 1 {
				if rx[i] > 0 { // the sample itself is within eps of itself
					cx--
					cy--
				}
				sum += psi[cx+1] + psi[cy+1]
			} else {
				sum += psi[max(cx-1, 0)] + psi[max(cy-1, 0)]
			}
		}
		parts[b] = sum
	})
	if st.alg == 1 {
		return special.DigammaInt(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
	}
	return special.DigammaInt(k) - 1/float64(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
}

// ksgPsiTable returns special.DigammaInt(m) for m = 0 .. max count + 1
// (ψ(0) = −∞, as DigammaInt gives). The counts' maximum and the table are
// computed in fixed blocks on at most workers goroutines (the largest
// count runs to tens of thousands in the tails, each entry a logarithm);
// every entry is computed alone, so the table does not depend on workers.
func ksgPsiTable(nx, ny []int32, workers int) []float64 {
	ny = ny[:len(nx)]
	const block = 16384
	maxes := make([]int32, parallel.NumBlocks(len(nx), block))
	parallel.Blocks(len(nx), block, workers, func(b, lo, hi int) {
		var m int32
		for i, v := range nx[lo:hi] {
			// not the max builtin over three: two branch-free maxima
			m = max(m, v)
			m = max(m, ny[lo+i])
		}
		maxes[b] = m
	})
	var m int32
	for _, v := range maxes {
		m = max(m, v)
	}
	psi := make([]float64, int(m)+2)
	parallel.Blocks(len(psi), 4096, workers, func(_, lo, hi int) {
		for j := lo; j < hi; j++ {
			psi[j] = special.DigammaInt(j)
		}
	})
	return psi
}

// jointSearcher builds the all-points k-NN structure of the joint space
// (x_i, y_perm[i]). Two 1-D marginals give a 2-D joint space, searched by
// strips (knn.Strips) built from the marginals' sort orders in O(n), unless
// a probe finds them slow for these data (a marginal with few values);
// otherwise a kd-tree.
func (st *ksgState) jointSearcher(perm []int32) knn.AllSearcher {
	n, dx, dy := st.n, st.dx, st.dy
	sx, okx := st.cx.(*knn.Sorted)
	sy, oky := st.cy.(*knn.Sorted)
	if dx == 1 && dy == 1 && okx && oky && !ksgNoStrips && !st.noStrips {
		y, yOrder, ySorted := st.y, sy.Order(), sy.Values()
		if perm != nil {
			// joint point i holds y row perm[i]: y values and order by joint index
			y = make([]float64, n)
			inv := make([]int32, n)
			for i, j := range perm {
				y[i] = st.y[j]
				inv[j] = int32(i)
			}
			o := make([]int32, n)
			for p, r := range yOrder {
				o[p] = inv[r]
			}
			yOrder = o
		}
		// the strips' coordinates go into the jitter draws' memory, no
		// longer needed, rather than into fresh pages
		var buf []float64
		if len(st.spare) >= 2*n {
			buf, st.spare = st.spare, nil
		}
		if s := knn.NewStripsInto(buf, st.x, y, sx.Order(), yOrder, ySorted, st.k, 0, st.workers); s.Suited(st.k) {
			return s
		}
		// a nearly constant coordinate: the kd-tree below, also for the
		// permutation surrogates (their marginals are the same)
		st.noStrips = true
	}
	d := dx + dy
	var joint []float64
	if len(st.spare) == n*d {
		joint, st.spare = st.spare, nil // every entry is overwritten below
	} else {
		joint = make([]float64, n*d)
	}
	parallel.Blocks(n, 4096, st.workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			j := i
			if perm != nil {
				j = int(perm[i])
			}
			copy(joint[i*d:i*d+dx], st.x[i*dx:i*dx+dx])
			copy(joint[i*d+dx:i*d+d], st.y[j*dy:j*dy+dy])
		}
	})
	return knn.NewAllSearcherInPlace(joint, n, d, knn.Max, st.workers)
}

// ksgRow is the y row paired with sample i.
func ksgRow(perm []int32, i int) int {
	if perm != nil {
		return int(perm[i])
	}
	return i
}

// ksgMaxDist is the max-norm distance, computed as internal/knn does.
func ksgMaxDist(a, b []float64) float64 {
	b = b[:len(a)]
	var m float64
	for c, v := range a {
		if x := math.Abs(v - b[c]); x > m {
			m = x
		}
	}
	return m
}

// KSG search methods.
const (
	ksgTree = iota // kd-tree in the joint space, trees/sorted arrays in the marginals
	ksgScan        // one exhaustive scan per point (internal/knn.SplitScan)
)

// ksgNoStrips makes the 1×1 tree path search the joint space with a kd-tree
// instead of knn.Strips (tests).
var ksgNoStrips bool

// KSGMax returns the largest value the KSG estimator can return for n
// samples and k neighbours, in nats: ψ(n) − ψ(k) for algorithm 1 (every
// marginal count at its least, k − 1) and ψ(n) − ψ(k) − 1/k for algorithm
// 2 (counts of at least k). k = 0 means 3 and algorithm 0 means 1. An
// estimate close to it (within a nat or so) means only that the mutual
// information is large: k-NN estimators need a sample size exponential in
// the true value (Gao, Ver Steeg & Galstyan 2015), and perfectly dependent
// data, whose MI is infinite, land just below it. It returns NaN for
// n ≤ k or a negative k, or an algorithm other than 0, 1 or 2.
func KSGMax(n, k, algorithm int) float64 {
	if k == 0 {
		k = 3
	}
	if k < 1 || n <= k || algorithm < 0 || algorithm > 2 {
		return math.NaN()
	}
	v := special.DigammaInt(n) - special.DigammaInt(k)
	if algorithm == 2 {
		v -= 1 / float64(k)
	}
	return v
}
