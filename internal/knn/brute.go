package knn

import (
	"math"

	"github.com/itlab/itlab/internal/parallel"
)

// Brute is the exhaustive scan over n×d points: O(n·d) per query. It is the
// oracle the tests compare the tree against. It retains pts (not copied).
type Brute struct {
	n, d int
	norm Norm
	pts  []float64
}

// NewBrute wraps pts (n×d row-major) without copying.
func NewBrute(pts []float64, n, d int, norm Norm) *Brute {
	return &Brute{n: n, d: d, norm: norm, pts: pts[:n*d]}
}

// KNN implements Searcher.
func (b *Brute) KNN(q []float64, self int, dist []float64, nbr []int32) {
	resetKNN(dist, nbr)
	k := len(dist)
	d := b.d
	for j := 0; j < b.n; j++ {
		if j == self {
			continue
		}
		var x float64
		if b.norm == Max {
			x = maxDist(b.pts[j*d:j*d+d], q)
		} else {
			x = sqDist(b.pts[j*d:j*d+d], q)
		}
		if x < dist[k-1] {
			insert(dist, nbr, x, int32(j))
		}
	}
	if b.norm == Euclidean {
		for i := range dist {
			dist[i] = math.Sqrt(dist[i])
		}
	}
}

// Count implements Counter.
func (b *Brute) Count(q []float64, r float64, inclusive bool) int {
	d := b.d
	c := 0
	for j := 0; j < b.n; j++ {
		x := dist(b.norm, b.pts[j*d:j*d+d], q)
		if x < r || (inclusive && x == r) {
			c++
		}
	}
	return c
}

// AllKNN is Tree.AllKNN by exhaustive scan, O(n²·d).
func (b *Brute) AllKNN(k int, dist []float64, nbr []int32, workers int) {
	d := b.d
	parallel.Blocks(b.n, 64, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			var nb []int32
			if nbr != nil {
				nb = nbr[i*k : i*k+k]
			}
			b.KNN(b.pts[i*d:i*d+d], i, dist[i*k:i*k+k], nb)
		}
	})
}

// N returns the number of points.
func (b *Brute) N() int { return b.n }

// EachKNN is Tree.EachKNN by exhaustive scan, rows in their own order.
func (b *Brute) EachKNN(k int, withNbr bool, block, workers int, fn func(blk, i int, dist []float64, nbr []int32)) {
	d := b.d
	parallel.Blocks(b.n, block, workers, func(blk, lo, hi int) {
		dist := make([]float64, k)
		var nbr []int32
		if withNbr {
			nbr = make([]int32, k)
		}
		for i := lo; i < hi; i++ {
			b.KNN(b.pts[i*d:i*d+d], i, dist, nbr)
			fn(blk, i, dist, nbr)
		}
	})
}

// CountSelf implements SelfCounter by exhaustive scans, O(n²·d).
func (b *Brute) CountSelf(r []float64, inclusive bool, out []int32, workers int) {
	d := b.d
	parallel.Blocks(b.n, 64, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = int32(b.Count(b.pts[i*d:i*d+d], r[i], inclusive))
		}
	})
}
