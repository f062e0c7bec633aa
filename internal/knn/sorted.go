package knn

import (
	"math"
	"slices"
	"unsafe"

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

// NewSorted sorts a copy of x, ties in row order. Cost O(n) (radix sort).
func NewSorted(x []float64) *Sorted {
	s := NewSortedValues(x)
	s.pos = make([]int32, len(x))
	for p, i := range s.idx {
		s.pos[i] = int32(p)
	}
	return s
}

// radixArgsort returns the values of x ascending and, for every position,
// the row it came from; equal values (−0 and +0 included) keep their row
// order. LSD radix sort on the order-preserving integer image of the
// doubles, 11 bits per pass; passes whose digit is the same for every value
// are skipped. Cost O(n).
func radixArgsort(x []float64) ([]float64, []int32) {
	n := len(x)
	const bitsPer, buckets, mask = 11, 1 << 11, 1<<11 - 1
	const passes = (64 + bitsPer - 1) / bitsPer
	key := make([]uint64, n)
	var idx []int32 // nil until the first pass: the identity
	var hist [passes][buckets]int32
	h0, h1, h2, h3, h4, h5 := &hist[0], &hist[1], &hist[2], &hist[3], &hist[4], &hist[5]
	for i, v := range x {
		b := math.Float64bits(v)
		if b == 1<<63 {
			b = 0 // −0 sorts with +0
		}
		if b>>63 != 0 {
			b = ^b
		} else {
			b |= 1 << 63
		}
		key[i] = b
		h0[b&mask]++
		h1[(b>>11)&mask]++
		h2[(b>>22)&mask]++
		h3[(b>>33)&mask]++
		h4[(b>>44)&mask]++
		h5[(b>>55)&mask]++
	}
	key2 := make([]uint64, n)
	idx2 := make([]int32, n)
	var idx3 []int32 // the second index buffer, made on the second pass
	for p := 0; p < passes; p++ {
		h := &hist[p]
		sh := uint(p * bitsPer)
		if n == 0 || h[(key[0]>>sh)&mask] == int32(n) {
			continue // every value has this digit
		}
		var sum int32
		for b := range h {
			h[b], sum = sum, sum+h[b]
		}
		dk, di := key2[:n], idx2[:n]
		if idx == nil {
			for i, kv := range key {
				d := (kv >> sh) & mask
				o := h[d]
				h[d] = o + 1
				dk[o] = kv
				di[o] = int32(i)
			}
			idx = idx2
			idx2 = idx3
		} else {
			src := idx[:n]
			for i, kv := range key {
				d := (kv >> sh) & mask
				o := h[d]
				h[d] = o + 1
				dk[o] = kv
				di[o] = src[i]
			}
			idx, idx2 = idx2, idx
		}
		key, key2 = key2, key
		if idx2 == nil && p+1 < passes {
			idx2 = make([]int32, n)
		}
	}
	if idx == nil { // every digit constant: all values equal
		idx = idx2
		for i := range idx {
			idx[i] = int32(i)
		}
	}
	// the sorted values in the memory of the spare key buffer: the
	// original values bit for bit (−0 stays −0)
	v := unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(key2))), n)
	for p, i := range idx {
		v[p] = x[i]
	}
	return v, idx
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

// NewSortedValues sorts a copy of x for counting (Count, CountSelf); it
// keeps the rows but not their positions, so it has no KNN. Cost O(n).
func NewSortedValues(x []float64) *Sorted {
	if v, idx, starts, lo, invWidth, ok := bucketArgsort(x); ok {
		// the bucket starts are the lookup table (buildLUT's buckets)
		return &Sorted{v: v, idx: idx, lut: starts, lo: lo, invWidth: invWidth}
	}
	v, idx := radixArgsort(x)
	s := &Sorted{v: v, idx: idx}
	s.buildLUT()
	return s
}

// CountSelf sets out[i] to Count1(x_i, r[i], inclusive) for every row i of
// the sorted values, visiting them in sorted order so that the searches stay
// in cache. Results do not depend on workers.
func (s *Sorted) CountSelf(r []float64, inclusive bool, out []int32, workers int) {
	parallel.Blocks(len(s.v), 4096, workers, func(_, lo, hi int) {
		// gather the radii into sorted order, count, scatter the counts:
		// the scattered reads and writes by row run in loops of their own,
		// where many cache misses overlap, not between the searches
		var rb [4096]float64
		var cb [4096]int32
		rs, cs := rb[:hi-lo], cb[:hi-lo]
		for p := range rs {
			rs[p] = r[s.idx[lo+p]]
		}
		for p, ri := range rs {
			q := s.v[lo+p]
			switch {
			case ri > 0 && s.lut != nil && inclusive:
				cs[p] = int32(s.countNearLE(q, ri))
			case ri > 0 && s.lut != nil:
				cs[p] = int32(s.countNearLT(q, ri))
			default:
				cs[p] = int32(s.Count1(q, ri, inclusive))
			}
		}
		for p, c := range cs {
			out[s.idx[lo+p]] = c
		}
	})
}

// nearSteps bounds the linear steps of countNearLT and countNearLE from the
// lookup table's guess before they fall back to galloping.
const nearSteps = 8

// countNearLT is Count1(q, r, false) for r > 0 with a lookup table: each
// boundary is found by stepping from the table's guess, which for smooth
// data is a position or two away, and by galloping only when the guess is
// further off. The tests are Count1's, so the count is the same (position n
// counts as passing a boundary's test, as in the galloping searches).
func (s *Sorted) countNearLT(q, r float64) int {
	v := s.v
	n := len(v)
	// first position with q − v[j] < r
	a := min(s.guess(q-r), n)
	if a >= n || q-v[a] < r {
		for k := 0; a > 0 && q-v[a-1] < r; k++ {
			if k == nearSteps {
				a = s.lowerLT(a, q, r)
				break
			}
			a--
		}
	} else {
		for k := 0; a < n && !(q-v[a] < r); k++ {
			if k == nearSteps {
				a = s.lowerLT(a, q, r)
				break
			}
			a++
		}
	}
	// first position with v[j] − q ≥ r
	b := min(max(s.guess(q+r), a), n)
	if b >= n || v[b]-q >= r {
		for k := 0; b > a && v[b-1]-q >= r; k++ {
			if k == nearSteps {
				b = s.upperGE(b, q, r)
				break
			}
			b--
		}
	} else {
		for k := 0; b < n && !(v[b]-q >= r); k++ {
			if k == nearSteps {
				b = s.upperGE(b, q, r)
				break
			}
			b++
		}
	}
	return b - a
}

// countNearLE is countNearLT for Count1(q, r, true).
func (s *Sorted) countNearLE(q, r float64) int {
	v := s.v
	n := len(v)
	// first position with q − v[j] ≤ r
	a := min(s.guess(q-r), n)
	if a >= n || q-v[a] <= r {
		for k := 0; a > 0 && q-v[a-1] <= r; k++ {
			if k == nearSteps {
				a = s.lowerLE(a, q, r)
				break
			}
			a--
		}
	} else {
		for k := 0; a < n && !(q-v[a] <= r); k++ {
			if k == nearSteps {
				a = s.lowerLE(a, q, r)
				break
			}
			a++
		}
	}
	// first position with v[j] − q > r
	b := min(max(s.guess(q+r), a), n)
	if b >= n || v[b]-q > r {
		for k := 0; b > a && v[b-1]-q > r; k++ {
			if k == nearSteps {
				b = s.upperGT(b, q, r)
				break
			}
			b--
		}
	} else {
		for k := 0; b < n && !(v[b]-q > r); k++ {
			if k == nearSteps {
				b = s.upperGT(b, q, r)
				break
			}
			b++
		}
	}
	return b - a
}

// Order returns, for every sorted position, the original row of the value
// there: the rows in ascending order of value, ties in row order (do not
// modify).
func (s *Sorted) Order() []int32 { return s.idx }

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
	var l, h int              // the answer lies in [l, h]
	if g >= n || q-v[g] < r { // position n counts as satisfying the test
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
	var l, h int               // the answer lies in [l, h]
	if g >= n || q-v[g] <= r { // position n counts as satisfying the test
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
	var l, h int               // the answer lies in [l, h]
	if g >= n || v[g]-q >= r { // position n counts as satisfying the test
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
	var l, h int              // the answer lies in [l, h]
	if g >= n || v[g]-q > r { // position n counts as satisfying the test
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
