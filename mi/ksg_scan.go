package mi

import (
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/internal/special"
)

// ksgForceMethod overrides the choice in tests and benchmarks (−1: automatic).
var ksgForceMethod = -1

// method picks the search. A kd-tree prunes well while the joint dimension is
// small; from about 4 joint dimensions it visits many leaves at moderate n,
// and the windowed exhaustive scan (knn.SplitWindows: AVX2, four queries
// per pass, only the points within reach in two coordinates) is faster up
// to a size where its O(n²·fraction) cost overtakes the tree's. The
// thresholds are the crossovers of BenchmarkKSGMethods and
// BenchmarkKSGMethodsLarge (dense Gaussians, ρ = 0.3) on a 2-core Zen 3
// (AVX2), load 4–7, medians of 3–5 paired runs: with both marginals of ≥ 3
// dimensions the scan is faster up to n = 2·10⁵, the largest size measured
// (3x3: 4.5 vs 9.3 s); with the smaller one 2-D, up to 10⁵ (2x4: 3.1 vs
// 4.6 s; equal at 2·10⁵; 2x2 still 1.8× faster there); with a 1-D
// marginal (sorted, fast for the tree) up to about 2·10⁴ (1x3: equal;
// 1x5: 0.14 vs 0.41 s, tree faster from 5·10⁴), and in 10 or more joint
// dimensions up to 5·10⁴ as for the exhaustive scan before. Two joint
// dimensions keep the strips (knn.Strips).
func (st *ksgState) method() int {
	if ksgForceMethod >= 0 {
		return ksgForceMethod
	}
	d, lo := st.dx+st.dy, min(st.dx, st.dy)
	switch {
	case !knn.HaveFastScan():
		return ksgTree
	case lo >= 3 && st.n <= 200000:
		return ksgScan
	case lo >= 2 && st.n <= 100000:
		return ksgScan
	case d >= 10 && st.n <= 50000:
		return ksgScan
	case d >= 3 && st.n <= 20000:
		return ksgScan
	}
	return ksgTree
}

// ksgExhaustive makes estimateScan scan every point against all others
// (tests and benchmarks of the windowed search).
var ksgExhaustive bool

// estimateScan is estimate by the windowed exhaustive search
// (knn.SplitWindows): every point's k nearest joint neighbours and both
// marginal counts, from the vector pass of knn.SplitScan over only the
// points within reach of the k-th distance in two coordinates. The counts
// are those of the full scan (estimateExhaustive) and the sum is taken in
// the same order, so the value is bit-identical to it.
func (st *ksgState) estimateScan(perm []int32) float64 {
	if ksgExhaustive {
		return st.estimateExhaustive(perm)
	}
	n, k := st.n, st.k
	w := knn.NewSplitWindows(st.x, st.dx, st.y, st.dy, n, perm)
	eps := make([]float64, n)
	nx, ny := make([]int32, n), make([]int32, n)
	w.Counts(k, st.alg == 2, st.workers, eps, nx, ny)
	parts := make([]float64, parallel.NumBlocks(n, knnBlock))
	alg := st.alg
	parallel.Blocks(n, knnBlock, st.workers, func(b, lo, hi int) {
		var sum float64
		for i := lo; i < hi; i++ {
			cx, cy := int(nx[i]), int(ny[i])
			if alg == 1 {
				if eps[i] > 0 {
					cx--
					cy--
				}
				sum += special.DigammaInt(cx+1) + special.DigammaInt(cy+1)
				continue
			}
			sum += special.DigammaInt(cx-1) + special.DigammaInt(cy-1)
		}
		parts[b] = sum
	})
	if alg == 1 {
		return special.DigammaInt(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
	}
	return special.DigammaInt(k) - 1/float64(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
}

// estimateExhaustive is estimate by exhaustive scans, four points per pass: one
// pass gives the four points' X and Y distances to all points, hence their k
// smallest joint distances and both marginal counts. Counts and distances
// are bit-identical to the tree path; only the order of the final sum
// differs.
func (st *ksgState) estimateExhaustive(perm []int32) float64 {
	n, k := st.n, st.k
	s := knn.NewSplitScan(st.x, st.dx, st.y, st.dy, n, perm)
	parts := make([]float64, parallel.NumBlocks(n, knnBlock))
	alg := st.alg
	parallel.Blocks(n, knnBlock, st.workers, func(b, lo, hi int) {
		sc := s.NewPairScanner()
		dist := make([]float64, k)
		var nbr []int32
		if alg == 2 {
			nbr = make([]int32, k)
		}
		var sum float64
		for i0 := lo; i0 < hi; i0 += 4 {
			// a short last group repeats its last point
			q := [4]int{i0, min(i0+1, hi-1), min(i0+2, hi-1), min(i0+3, hi-1)}
			sc.Scan4(q[0], q[1], q[2], q[3])
			for g := 0; g < 4; g++ {
				if g > 0 && q[g] == q[g-1] {
					break
				}
				sc.KNN(g, dist, nbr)
				if alg == 1 {
					eps := dist[k-1]
					nx, ny := sc.CountAB(g, eps, eps, false)
					if eps > 0 {
						nx--
						ny--
					}
					sum += special.DigammaInt(nx+1) + special.DigammaInt(ny+1)
					continue
				}
				var ex, ey float64
				for _, j := range nbr {
					ex = max(ex, sc.DistA(g, int(j)))
					ey = max(ey, sc.DistB(g, int(j)))
				}
				nx, ny := sc.CountAB(g, ex, ey, true)
				sum += special.DigammaInt(nx-1) + special.DigammaInt(ny-1)
			}
		}
		parts[b] = sum
	})
	if alg == 1 {
		return special.DigammaInt(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
	}
	return special.DigammaInt(k) - 1/float64(k) + special.DigammaInt(n) - knnSum(parts)/float64(n)
}
