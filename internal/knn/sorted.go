package knn

import (
	"math"
	"slices"

	"github.com/itlab/itlab/internal/parallel"
)

// Sorted is the 1-D fast path: the values sorted ascending, with their rows.
// Counts take two binary searches, O(log n); k nearest neighbours walk both
// ways from the query's position, O(log n + k). Immutable after NewSorted and
// safe for concurrent queries.
type Sorted struct {
	v   []float64
	idx []int32 // idx[p] is the original row of v[p]
	pos []int32 // pos[i] is the sorted position of row i
	// lut[b] is the first position p with v[p] ≥ lo + b·width: a bucket
	// index that puts a search within a few positions of its answer, after
	// which a galloping search finds the exact boundary.
	lut          []int32
	lo, invWidth float64
}

// NewSorted sorts a copy of x. Cost O(n log n).
func NewSorted(x []float64) *Sorted {
	n := len(x)
	type pair struct {
		v float64
		i int32
	}
	ps := make([]pair, n)
	for i, v := range x {
		ps[i] = pair{v, int32(i)}
	}
	slices.SortFunc(ps, func(a, b pair) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return int(a.i - b.i)
	})
	s := &Sorted{v: make([]float64, n), idx: make([]int32, n), pos: make([]int32, n)}
	for p, e := range ps {
		s.v[p] = e.v
		s.idx[p] = e.i
		s.pos[e.i] = int32(p)
	}
	s.buildLUT()
	return s
}

func (s *Sorted) buildLUT() {
	n := len(s.v)
	if n < 64 {
		return
	}
	lo, hi := s.v[0], s.v[n-1]
	buckets := n / 2
	width := (hi - lo) / float64(buckets)
	if !(width > 0) || math.IsInf(width, 0) {
		return
	}
	s.lo, s.invWidth = lo, 1/width
	s.lut = make([]int32, buckets+1)
	p := 0
	for b := range s.lut {
		thr := lo + float64(b)*width
		for p < n && s.v[p] < thr {
			p++
		}
		s.lut[b] = int32(p)
	}
}

// guess returns a position near the first p with v[p] ≥ x.
func (s *Sorted) guess(x float64) int {
	if s.lut == nil {
		return len(s.v) / 2
	}
	f := (x - s.lo) * s.invWidth
	if !(f > 0) {
		return 0
	}
	if f >= float64(len(s.lut)-1) {
		return int(s.lut[len(s.lut)-1])
	}
	return int(s.lut[int(f)])
}

// NewSortedValues sorts a copy of x for counting only (no rows, no KNN). It is
// cheaper than NewSorted. Cost O(n log n).
func NewSortedValues(x []float64) *Sorted {
	v := slices.Clone(x)
	slices.Sort(v)
	s := &Sorted{v: v}
	s.buildLUT()
	return s
}

// Values returns the sorted values (do not modify).
func (s *Sorted) Values() []float64 { return s.v }

// Count implements Counter: the number of values v with |v − q[0]| < r (≤ r
// when inclusive).
func (s *Sorted) Count(q []float64, r float64, inclusive bool) int {
	return s.Count1(q[0], r, inclusive)
}

// Count1 is Count for a scalar query. Both ends are found by galloping from
// the bucket index's guess, so a query costs O(1) expected for smooth data
// and O(log n) at worst.
func (s *Sorted) Count1(q, r float64, inclusive bool) int {
	if r < 0 || (r == 0 && !inclusive) || len(s.v) == 0 {
		return 0
	}
	if inclusive {
		first := s.lowerLE(s.guess(q-r), q, r)
		return s.upperGT(max(s.guess(q+r), first), q, r) - first
	}
	first := s.lowerLT(s.guess(q-r), q, r)
	return s.upperGE(max(s.guess(q+r), first), q, r) - first
}

// lowerLT returns the first position p in [0, n] with q − v[p] < r (n if
// none), galloping outward from the guess g.
func (s *Sorted) lowerLT(g int, q, r float64) int {
	v := s.v
	n := len(v)
	if g > n {
		g = n
	}
	var l, h int // the answer lies in [l, h]
	if g < n && q-v[g] < r {
		h = g
		step := 1
		l = g - 1
		for l >= 0 && q-v[l] < r {
			h = l
			l -= step
			step *= 2
		}
		l++
		if l < 0 {
			l = 0
		}
	} else {
		if g >= n {
			return n
		}
		l = g + 1
		step := 1
		h = l
		for h < n && !(q-v[h] < r) {
			l = h + 1
			h += step
			step *= 2
		}
		if h > n {
			h = n
		}
	}
	for l < h {
		m := int(uint(l+h) >> 1)
		if q-v[m] < r {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}

// lowerLE returns the first position p in [0, n] with q − v[p] ≤ r (n if
// none), galloping outward from the guess g.
func (s *Sorted) lowerLE(g int, q, r float64) int {
	v := s.v
	n := len(v)
	if g > n {
		g = n
	}
	var l, h int // the answer lies in [l, h]
	if g < n && q-v[g] <= r {
		h = g
		step := 1
		l = g - 1
		for l >= 0 && q-v[l] <= r {
			h = l
			l -= step
			step *= 2
		}
		l++
		if l < 0 {
			l = 0
		}
	} else {
		if g >= n {
			return n
		}
		l = g + 1
		step := 1
		h = l
		for h < n && !(q-v[h] <= r) {
			l = h + 1
			h += step
			step *= 2
		}
		if h > n {
			h = n
		}
	}
	for l < h {
		m := int(uint(l+h) >> 1)
		if q-v[m] <= r {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}

// upperGE returns the first position p in [0, n] with v[p] − q ≥ r (n if
// none), galloping outward from the guess g.
func (s *Sorted) upperGE(g int, q, r float64) int {
	v := s.v
	n := len(v)
	if g > n {
		g = n
	}
	var l, h int // the answer lies in [l, h]
	if g < n && v[g]-q >= r {
		h = g
		step := 1
		l = g - 1
		for l >= 0 && v[l]-q >= r {
			h = l
			l -= step
			step *= 2
		}
		l++
		if l < 0 {
			l = 0
		}
	} else {
		if g >= n {
			return n
		}
		l = g + 1
		step := 1
		h = l
		for h < n && !(v[h]-q >= r) {
			l = h + 1
			h += step
			step *= 2
		}
		if h > n {
			h = n
		}
	}
	for l < h {
		m := int(uint(l+h) >> 1)
		if v[m]-q >= r {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}

// upperGT returns the first position p in [0, n] with v[p] − q > r (n if
// none), galloping outward from the guess g.
func (s *Sorted) upperGT(g int, q, r float64) int {
	v := s.v
	n := len(v)
	if g > n {
		g = n
	}
	var l, h int // the answer lies in [l, h]
	if g < n && v[g]-q > r {
		h = g
		step := 1
		l = g - 1
		for l >= 0 && v[l]-q > r {
			h = l
			l -= step
			step *= 2
		}
		l++
		if l < 0 {
			l = 0
		}
	} else {
		if g >= n {
			return n
		}
		l = g + 1
		step := 1
		h = l
		for h < n && !(v[h]-q > r) {
			l = h + 1
			h += step
			step *= 2
		}
		if h > n {
			h = n
		}
	}
	for l < h {
		m := int(uint(l+h) >> 1)
		if v[m]-q > r {
			h = m
		} else {
			l = m + 1
		}
	}
	return l
}

// KNN implements Searcher. q[0] is the query value. When self ≥ 0 the walk
// starts at self's sorted position (the query should then be row self's own
// value); otherwise it starts at the insertion position of q[0].
func (s *Sorted) KNN(q []float64, self int, dist []float64, nbr []int32) {
	resetKNN(dist, nbr)
	if s.pos == nil {
		panic("knn: Sorted.KNN on a values-only Sorted")
	}
	qv := q[0]
	v := s.v
	var l, r int
	if self >= 0 {
		p := int(s.pos[self])
		l, r = p-1, p+1
	} else {
		p, _ := slices.BinarySearch(v, qv)
		l, r = p-1, p
	}
	for j := range dist {
		var dl, dr float64 = math.Inf(1), math.Inf(1)
		if l >= 0 {
			dl = qv - v[l]
		}
		if r < len(v) {
			dr = v[r] - qv
		}
		if l < 0 && r >= len(v) {
			return
		}
		if dl <= dr {
			dist[j] = dl
			if nbr != nil {
				nbr[j] = s.idx[l]
			}
			l--
		} else {
			dist[j] = dr
			if nbr != nil {
				nbr[j] = s.idx[r]
			}
			r++
		}
	}
}

// AllKNN is Tree.AllKNN for the 1-D case: dist[i*k+j] is the (j+1)-th
// smallest distance from row i to another row.
func (s *Sorted) AllKNN(k int, dist []float64, nbr []int32, workers int) {
	parallel.Blocks(len(s.v), 2048, workers, func(_, lo, hi int) {
		var q [1]float64
		for p := lo; p < hi; p++ {
			i := int(s.idx[p])
			q[0] = s.v[p]
			var nb []int32
			if nbr != nil {
				nb = nbr[i*k : i*k+k]
			}
			s.KNN(q[:], i, dist[i*k:i*k+k], nb)
		}
	})
}

// N returns the number of values.
func (s *Sorted) N() int { return len(s.v) }

// EachKNN is Tree.EachKNN for the 1-D case; rows are visited in sorted order.
func (s *Sorted) EachKNN(k int, withNbr bool, block, workers int, fn func(b, i int, dist []float64, nbr []int32)) {
	parallel.Blocks(len(s.v), block, workers, func(b, lo, hi int) {
		dist := make([]float64, k)
		var nbr []int32
		if withNbr {
			nbr = make([]int32, k)
		}
		var q [1]float64
		for p := lo; p < hi; p++ {
			i := int(s.idx[p])
			q[0] = s.v[p]
			s.KNN(q[:], i, dist, nbr)
			fn(b, i, dist, nbr)
		}
	})
}
