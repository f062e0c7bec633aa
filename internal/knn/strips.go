package knn

import (
	"math"

	"github.com/itlab/itlab/internal/parallel"
)

// Strips is the 2-D max-norm all-points k-nearest-neighbour structure: the
// points cut by x rank into strips of equal count, each strip's points kept
// sorted by y. It is built in O(n) from the two coordinates' sort orders
// (which the 1-D marginal counts of KSG already have), with no selection and
// no tree. The search for a point walks its own strip up and down from its
// own position, then the strips to either side nearest first, each from the
// query's y position outward; a walk stops at the first point whose y gap
// reaches the k-th distance found so far, a side stops at the first strip
// whose x gap does. Immutable after NewStrips and safe for concurrent use.
type Strips struct {
	n, size, ns int
	xs, ys      []float64 // storage order: strip by strip, y ascending within a strip
	id          []int32   // storage position -> original row
	xlo, xhi    []float64 // per strip: smallest and largest x
}

var _ AllSearcher = (*Strips)(nil)

// StripSize is the number of points per strip NewStrips uses for n points
// and k neighbours: about the count whose x extent matches the diameter of
// a k-neighbour ball where the density is that of a smooth bump, so that
// the search sees a few strips of a few points each.
func StripSize(n, k int) int {
	s := int(math.Sqrt(float64(n)*float64(k)) * 0.75)
	return max(s, 8)
}

// NewStrips builds the structure over the points (x[i], y[i]), i < n =
// len(x) = len(y). xOrder and yOrder list the rows by ascending x and by
// ascending y (as Sorted.Order); nil means compute them. size ≤ 0 selects
// StripSize(n, k). Cost O(n) given the orders, O(n) with the radix sort
// otherwise.
func NewStrips(x, y []float64, xOrder, yOrder []int32, k, size int) *Strips {
	return NewStripsOn(x, y, xOrder, yOrder, k, size, 1)
}

// NewStripsOn is NewStrips with its passes over the rows in fixed blocks on
// at most workers goroutines; the structure does not depend on workers.
func NewStripsOn(x, y []float64, xOrder, yOrder []int32, k, size, workers int) *Strips {
	return NewStripsInto(nil, x, y, xOrder, yOrder, nil, k, size, workers)
}

// NewStripsInto is NewStripsOn with the points' coordinates stored in buf
// when it holds at least 2n values (its contents are overwritten and it
// must not be used elsewhere while the structure is): memory the caller no
// longer needs, such as KSG's jitter draws, instead of fresh pages. ySorted,
// when not nil, holds the y values in yOrder's order (y[yOrder[p]] at p, as
// Sorted.Values): the scatter then reads them in sequence rather than by
// row.
func NewStripsInto(buf, x, y []float64, xOrder, yOrder []int32, ySorted []float64, k, size, workers int) *Strips {
	n := len(x)
	y = y[:n]
	if xOrder == nil {
		_, xOrder = argsort(x)
	}
	if yOrder == nil {
		ySorted, yOrder = argsort(y)
	}
	if ySorted != nil {
		ySorted = ySorted[:n]
	}
	if size <= 0 {
		size = StripSize(n, k)
	}
	ns := (n + size - 1) / size
	if len(buf) < 2*n {
		buf = make([]float64, 2*n)
	}
	s := &Strips{n: n, size: size, ns: ns,
		xs: buf[:n:n], ys: buf[n : 2*n : 2*n], id: make([]int32, n),
		xlo: make([]float64, ns), xhi: make([]float64, ns)}
	strip := make([]int32, n)
	parallel.Blocks(ns, (ns+1)/2, workers, func(_, t0, t1 int) {
		for t := t0; t < t1; t++ {
			lo, hi := t*size, min((t+1)*size, n)
			s.xlo[t] = x[xOrder[lo]]
			s.xhi[t] = x[xOrder[hi-1]]
			for _, i := range xOrder[lo:hi] {
				strip[i] = int32(t)
			}
		}
	})
	// rows in y order, in fixed blocks: each block's count per strip, then
	// every block scatters its rows after those of the blocks before it
	rb := max(stripRowBlock, (n+1)/2)
	nrb := parallel.NumBlocks(n, rb)
	cur := make([]int32, nrb*ns)
	if nrb > 1 {
		parallel.Blocks(n, rb, workers, func(b, lo, hi int) {
			cnt := cur[b*ns : (b+1)*ns]
			for _, i := range yOrder[lo:hi] {
				cnt[strip[i]]++
			}
		})
	}
	for t := 0; t < ns; t++ {
		o := int32(t * size)
		for b := 0; b < nrb; b++ {
			o, cur[b*ns+t] = o+cur[b*ns+t], o
		}
	}
	parallel.Blocks(n, rb, workers, func(b, lo, hi int) {
		cur := cur[b*ns : (b+1)*ns]
		xs, ys, id := s.xs, s.ys, s.id
		if ySorted != nil {
			yv := ySorted[lo:hi]
			for j, i := range yOrder[lo:hi] {
				t := strip[i]
				p := cur[t]
				cur[t] = p + 1
				xs[p] = x[i]
				ys[p] = yv[j]
				id[p] = i
			}
			return
		}
		for _, i := range yOrder[lo:hi] {
			t := strip[i]
			p := cur[t]
			cur[t] = p + 1
			xs[p] = x[i]
			ys[p] = y[i]
			id[p] = i
		}
	})
	return s
}

// stripRowBlock is the smallest block of rows NewStripsOn's scatter splits
// into (at most two blocks: the pass is memory-bound).
const stripRowBlock = 16384

// N returns the number of points.
func (s *Strips) N() int { return s.n }

// cursorAt is the first position of strip t with y ≥ qy, for a query of
// strip qs (see bucketCursor).
func (s *Strips) cursorAt(c *bucketCursor, t, qs int, qy float64) int {
	lo, hi := t*s.size, min((t+1)*s.size, s.n)
	return lo + c.at(s.ys[lo:hi], t, qs, qy)
}

// EachKNN implements AllSearcher: rows are visited strip by strip, in
// ascending y within a strip.
func (s *Strips) EachKNN(k int, withNbr bool, block, workers int, fn func(b, i int, dist []float64, nbr []int32)) {
	parallel.Blocks(s.n, block, workers, func(b, lo, hi int) {
		c := newBucketCursor(s.ns)
		bound, prev := math.Inf(1), math.Inf(1)
		qs := lo / s.size
		next := min((qs+1)*s.size, s.n) // the first position of strip qs+1
		// bound sets the bound of the query at p > lo from the previous one:
		// the previous point and its k neighbours are k points other than
		// this one (or k+1 with it) within d(prev, q) + its k-th distance
		// of q, an upper bound of q's k-th distance, raised by a few ulps
		// for the rounding of the distances and the sum.
		setBound := func(p int) {
			d := math.Float64frombits(max(absBits(s.xs[p]-s.xs[p-1]), absBits(s.ys[p]-s.ys[p-1])))
			bound = (d + prev) * (1 + 0x1p-50)
		}
		if withNbr {
			dist, nbr := make([]float64, k), make([]int32, k)
			for p := lo; p < hi; p++ {
				if p == next {
					qs++
					next = min(next+s.size, s.n)
				}
				if p > lo {
					setBound(p)
				}
				s.knn(p, qs, bound, dist, nbr, &c)
				prev = dist[k-1]
				fn(b, int(s.id[p]), dist, nbr)
			}
			return
		}
		// Without neighbour rows the lists of stripGroup queries are kept
		// and handed to fn together: fn typically stores by row, scattered
		// over memory, and a store that misses the cache holds up every
		// later store (the searches' own included) until it completes, so
		// a run of them, whose misses overlap, costs little more than one.
		lists := make([]float64, stripGroup*k)
		o, g0 := 0, lo // the next list's offset, the group's first query
		for p := lo; p < hi; p++ {
			if p == next {
				qs++
				next = min(next+s.size, s.n)
			}
			if p > lo {
				setBound(p)
			}
			l := lists[o : o+k : o+k]
			s.knn(p, qs, bound, l, nil, &c)
			prev = l[k-1]
			if o += k; o == len(lists) || p == hi-1 {
				for q, off := g0, 0; q <= p; q, off = q+1, off+k {
					fn(b, int(s.id[q]), lists[off:off+k:off+k], nil)
				}
				o, g0 = 0, p+1
			}
		}
	})
}

// stripGroup is the number of queries whose lists Strips.EachKNN hands to
// its callback together.
const stripGroup = 16

// knn fills dist (and nbr unless nil) with the k nearest other points of
// the point at storage position p, given an upper bound of the k-th
// distance (+Inf: none).
func (s *Strips) knn(p, qs int, bound float64, dist []float64, nbr []int32, c *bucketCursor) {
	resetKNN(dist, nbr)
	if nbr == nil {
		s.knnDist(p, qs, bound, dist, c)
		return
	}
	qx, qy := s.xs[p], s.ys[p]
	lo, hi := qs*s.size, min((qs+1)*s.size, s.n)
	w := stripWalk{s: s, dist: dist, nbr: nbr, k: len(dist), qx: qx, qy: qy,
		blim: math.Nextafter(bound, math.Inf(1))}
	w.lim = w.blim
	w.lb = math.Float64bits(w.lim)
	w.up(p+1, hi)
	w.down(p-1, lo)
	for step := 1; ; step++ {
		l, r := qs-step, qs+step
		okL := l >= 0 && qx-s.xhi[l] < w.lim
		okR := r < s.ns && s.xlo[r]-qx < w.lim
		if !okL && !okR {
			return
		}
		if okL {
			q := s.cursorAt(c, l, qs, qy)
			w.up(q, min((l+1)*s.size, s.n))
			w.down(q-1, l*s.size)
		}
		if okR && s.xlo[r]-qx < w.lim {
			q := s.cursorAt(c, r, qs, qy)
			w.up(q, min((r+1)*s.size, s.n))
			w.down(q-1, r*s.size)
		}
	}
}

// stripWalk is one query's search state.
type stripWalk struct {
	s      *Strips
	dist   []float64
	nbr    []int32
	k      int
	qx, qy float64
	// lim is the exclusive limit on a distance or lower bound that can still
	// change the list: the smaller of blim and the k-th distance (just
	// above it when neighbours are tracked: ties are broken by row index, as
	// Tree does); lb is its bit pattern.
	lim  float64
	lb   uint64
	blim float64 // just above the given upper bound of the k-th distance
}

// insert places the point at storage position j, at max-norm distance bits
// mb < lb, in the list and updates the limit.
func (w *stripWalk) insert(mb uint64, j int) {
	dv := math.Float64frombits(mb)
	dist := w.dist
	k := w.k
	if w.nbr == nil {
		i := k - 1
		for i > 0 && dist[i-1] > dv {
			dist[i] = dist[i-1]
			i--
		}
		dist[i] = dv
		if kth := dist[k-1]; kth < w.lim {
			w.lim = kth
			w.lb = math.Float64bits(kth)
		}
		return
	}
	id := w.s.id[j]
	kth := dist[k-1]
	if mb == math.Float64bits(kth) && id > w.nbr[k-1] {
		return // a tie at the k-th place with a higher row
	}
	insert(dist, w.nbr, dv, id)
	if kth = dist[k-1]; kth < w.blim {
		w.lim = math.Nextafter(kth, math.Inf(1))
		w.lb = math.Float64bits(w.lim)
	}
}

// up walks positions j = from, from+1, … < end, whose y is ≥ the query's.
func (w *stripWalk) up(from, end int) {
	xs, ys := w.s.xs[:end], w.s.ys[:end]
	qx, qy := w.qx, w.qy
	for j := from; j < end; j++ {
		dy := ys[j] - qy
		if !(dy < w.lim) {
			return
		}
		if mb := max(absBits(xs[j]-qx), absBits(dy)); mb < w.lb {
			w.insert(mb, j)
		}
	}
}

// down walks positions j = from, from−1, … ≥ end, whose y is ≤ the query's.
func (w *stripWalk) down(from, end int) {
	xs, ys := w.s.xs, w.s.ys
	qx, qy := w.qx, w.qy
	for j := from; j >= end; j-- {
		dy := qy - ys[j]
		if !(dy < w.lim) {
			return
		}
		if mb := max(absBits(xs[j]-qx), absBits(dy)); mb < w.lb {
			w.insert(mb, j)
		}
	}
}

// knnDist is knn without neighbour rows, with the search state in locals:
// distances, limits and gaps are compared as the bit patterns of
// non-negative doubles (the same order), and lb is the bit pattern of the
// exclusive limit min(bound's successor, k-th distance).
func (s *Strips) knnDist(p, qs int, bound float64, dist []float64, c *bucketCursor) (examined int) {
	qx, qy := s.xs[p], s.ys[p]
	size := s.size
	lb := nextUpBits(bound)
	var e1, e2 int
	lb, e1 = stripUp(s.xs, s.ys, p+1, min((qs+1)*size, s.n), qx, qy, dist, lb)
	lb, e2 = stripDown(s.xs, s.ys, p-1, qs*size, qx, qy, dist, lb)
	examined = e1 + e2
	for step := 1; ; step++ {
		l, r := qs-step, qs+step
		okL := l >= 0 && absBits(qx-s.xhi[l]) < lb
		okR := r < s.ns && absBits(s.xlo[r]-qx) < lb
		if !okL && !okR {
			return examined
		}
		if okL {
			q := s.cursorAt(c, l, qs, qy)
			lb, e1 = stripUp(s.xs, s.ys, q, min((l+1)*size, s.n), qx, qy, dist, lb)
			lb, e2 = stripDown(s.xs, s.ys, q-1, l*size, qx, qy, dist, lb)
			examined += e1 + e2 + 8 // a strip visit costs about 8 points
		}
		if okR && absBits(s.xlo[r]-qx) < lb {
			q := s.cursorAt(c, r, qs, qy)
			lb, e1 = stripUp(s.xs, s.ys, q, min((r+1)*size, s.n), qx, qy, dist, lb)
			lb, e2 = stripDown(s.xs, s.ys, q-1, r*size, qx, qy, dist, lb)
			examined += e1 + e2 + 8
		}
	}
}

// stripsMaxCost is the ProbeCost above which a kd-tree beats the strips
// (measured at n = 1e5: about 17 for a correlated normal pair, where strips
// are 2.5× faster than the tree; 500 when x takes 4 values, 1.8× slower;
// 2000 when x is constant, 9× slower). Building the strips costs little
// beside the tree, so the limit sits near the break-even point.
const stripsMaxCost = 100

// Suited reports whether the strip search suits these points for k
// neighbours (ProbeCost at most stripsMaxCost); otherwise use a Tree.
func (s *Strips) Suited(k int) bool { return s.ProbeCost(k) <= stripsMaxCost }

// ProbeCost is the mean number of points the search examines per query
// (a strip visit counted as 8), over a strided sample of up to 256 points
// searched without a bound: the search is fast when the points spread in
// both coordinates (a few dozen), slow when one coordinate is nearly
// constant within strips (hundreds or thousands), where a kd-tree, which
// splits the wider side, is the better choice.
func (s *Strips) ProbeCost(k int) float64 {
	m := min(256, s.n)
	dist := make([]float64, k)
	c := newBucketCursor(s.ns)
	total := 0
	for j := 0; j < m; j++ {
		resetKNN(dist, nil)
		p := j * s.n / m
		total += s.knnDist(p, p/s.size, math.Inf(1), dist, &c)
	}
	return float64(total) / float64(m)
}

// stripUp offers positions j = from, from+1, … < end (y ≥ qy) to the
// ascending list dist until a y gap reaches the limit with bits lb, and
// returns the new limit's bits and the number of positions examined.
func stripUp(xs, ys []float64, from, end int, qx, qy float64, dist []float64, lb uint64) (uint64, int) {
	xs, ys = xs[:end], ys[:end]
	j := from
	if len(dist) == 3 {
		// the default k: the list in registers, every point within the
		// y gap inserted without a branch (see insert3)
		d0, d1, d2 := math.Float64bits(dist[0]), math.Float64bits(dist[1]), math.Float64bits(dist[2])
		for ; j < end; j++ {
			dyb := absBits(ys[j] - qy)
			if dyb >= lb {
				break
			}
			d0, d1, d2 = insert3(d0, d1, d2, max(absBits(xs[j]-qx), dyb))
			lb = min(lb, d2)
		}
		dist[0], dist[1], dist[2] = math.Float64frombits(d0), math.Float64frombits(d1), math.Float64frombits(d2)
		return lb, j - from
	}
	for ; j < end; j++ {
		dyb := absBits(ys[j] - qy)
		if dyb >= lb {
			break
		}
		if mb := max(absBits(xs[j]-qx), dyb); mb < lb {
			lb = insertDist(dist, mb, lb)
		}
	}
	return lb, j - from
}

// stripDown is stripUp for positions j = from, from−1, … ≥ end (y ≤ qy).
func stripDown(xs, ys []float64, from, end int, qx, qy float64, dist []float64, lb uint64) (uint64, int) {
	if from >= len(ys) || end < 0 {
		return lb, 0
	}
	j := from
	if len(dist) == 3 {
		d0, d1, d2 := math.Float64bits(dist[0]), math.Float64bits(dist[1]), math.Float64bits(dist[2])
		for ; j >= end; j-- {
			dyb := absBits(qy - ys[j])
			if dyb >= lb {
				break
			}
			d0, d1, d2 = insert3(d0, d1, d2, max(absBits(xs[j]-qx), dyb))
			lb = min(lb, d2)
		}
		dist[0], dist[1], dist[2] = math.Float64frombits(d0), math.Float64frombits(d1), math.Float64frombits(d2)
		return lb, from - j
	}
	for ; j >= end; j-- {
		dyb := absBits(qy - ys[j])
		if dyb >= lb {
			break
		}
		if mb := max(absBits(xs[j]-qx), dyb); mb < lb {
			lb = insertDist(dist, mb, lb)
		}
	}
	return lb, from - j
}

// insert3 inserts the distance bits v into the ascending list d0 ≤ d1 ≤ d2
// (bits of non-negative doubles or +Inf, which order as the values) and
// drops the largest, without a branch: at every place the smaller value
// stays and the larger moves on, so v ≥ d2 leaves the list as it is. The
// list ends as insertDist leaves it for v < d2.
func insert3(d0, d1, d2, v uint64) (uint64, uint64, uint64) {
	d0, v = min(d0, v), max(d0, v)
	d1, v = min(d1, v), max(d1, v)
	return d0, d1, min(d2, v)
}
