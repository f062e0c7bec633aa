package knn

import (
	"math"
	"math/bits"
	"unsafe"

	"github.com/itlab/itlab/internal/parallel"
)

// Counter counts the points of a set within a radius of a query point.
type Counter interface {
	// Count returns the number of points p with dist(p, q) < r, or ≤ r when
	// inclusive is set. A point equal to q counts (distance 0).
	Count(q []float64, r float64, inclusive bool) int
}

// SelfCounter is a Counter over a point set that can count around each of
// its own points at once.
type SelfCounter interface {
	Counter
	// CountSelf sets out[i] to Count(point i, r[i], inclusive) for every
	// point i (original rows; len(r) = len(out) = n), visiting the points
	// in the structure's own order so that consecutive searches touch the
	// same memory. Results do not depend on workers.
	CountSelf(r []float64, inclusive bool, out []int32, workers int)
}

// Searcher finds nearest neighbours of a query point.
type Searcher interface {
	// KNN fills dist (length k ≥ 1) with the k smallest distances from q to
	// the points other than original row self (−1: exclude none), ascending,
	// and nbr (nil, or length k) with their rows. Missing entries (fewer than
	// k other points) are +Inf and −1.
	KNN(q []float64, self int, dist []float64, nbr []int32)
}

var (
	_ Counter  = (*Tree)(nil)
	_ Searcher = (*Tree)(nil)
	_ Counter  = (*Sorted)(nil)
	_ Searcher = (*Sorted)(nil)
	_ Counter  = (*Brute)(nil)
	_ Searcher = (*Brute)(nil)

	_ SelfCounter = (*Tree)(nil)
	_ SelfCounter = (*Sorted)(nil)
	_ SelfCounter = (*Brute)(nil)
)

// maxDist is the max-norm distance between a and b (same length).
func maxDist(a, b []float64) float64 {
	b = b[:len(a)]
	var m float64
	for c, v := range a {
		x := math.Abs(v - b[c])
		if x > m {
			m = x
		}
	}
	return m
}

// sqDist is the squared Euclidean distance, summed in coordinate order.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for c, v := range a {
		x := v - b[c]
		s += x * x
	}
	return s
}

// dist is the distance under norm nm.
func dist(nm Norm, a, b []float64) float64 {
	if nm == Max {
		return maxDist(a, b)
	}
	return math.Sqrt(sqDist(a, b))
}

// insert places (dv, iv) into the ascending list dist (nbr alongside, may be
// nil), dropping the last entry. Equal distances keep their visit order.
func insert(dist []float64, nbr []int32, dv float64, iv int32) {
	j := len(dist) - 1
	if nbr != nil {
		for j > 0 && (dist[j-1] > dv || (dist[j-1] == dv && nbr[j-1] > iv)) {
			dist[j] = dist[j-1]
			nbr[j] = nbr[j-1]
			j--
		}
		dist[j] = dv
		nbr[j] = iv
		return
	}
	for j > 0 && dist[j-1] > dv {
		dist[j] = dist[j-1]
		j--
	}
	dist[j] = dv
}

func resetKNN(dist []float64, nbr []int32) {
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for i := range nbr {
		nbr[i] = -1
	}
}

type frame struct {
	node  int32
	bound float64
}

const maxStack = 64

// euclidean bounds are made conservative by this relative margin so that a
// fused multiply-add in one summation but not the other can never prune a
// point the exhaustive scan would keep.
const eucMargin = 1e-12

// KNN implements Searcher. Cost O(log n) per query in low dimension.
func (t *Tree) KNN(q []float64, self int, dist []float64, nbr []int32) {
	resetKNN(dist, nbr)
	if t.norm == Max {
		var buf leafBuf
		t.knnMax(q, int32(self), dist, nbr, 0, 0, &buf)
		return
	}
	t.knnEuc(q, int32(self), dist, nbr)
	for i := range dist {
		dist[i] = math.Sqrt(dist[i])
	}
}

// knnMax offers the points of the subtree at start, whose lower bound is
// bound, to the k-NN list (max norm).
func (t *Tree) knnMax(q []float64, self int32, dist []float64, nbr []int32, start int, bound float64, buf *leafBuf) {
	d := t.d
	k := len(dist)
	q = q[:d]
	stack := &buf.stack
	sp := 0
	node := start
	// lim is the exclusive limit on a subtree's lower bound: the k-th
	// distance, or just above it when neighbours are tracked, so that a point
	// at exactly that distance with a lower row index can still replace the
	// last one (ties broken by row index, as Brute and SplitScan do).
	lim := dist[k-1]
	if nbr != nil {
		lim = math.Nextafter(lim, math.Inf(1))
	}
	for {
		for bound < lim && node < t.firstLeaf {
			sn := &t.split[node]
			qs := q[sn.dim]
			dl := qs - sn.leftMax
			dr := sn.rightMin - qs
			if dl <= dr {
				if fb := max(bound, dr); fb < lim {
					stack[sp] = frame{int32(2*node + 2), fb}
					sp++
				}
				bound = max(bound, dl)
				node = 2*node + 1
			} else {
				if fb := max(bound, dl); fb < lim {
					stack[sp] = frame{int32(2*node + 1), fb}
					sp++
				}
				bound = max(bound, dr)
				node = 2*node + 2
			}
		}
		if bound < lim {
			if t.soa != nil {
				lim = t.scanLeafSoA(node, q, self, dist, nbr, buf)
			} else {
				lim = t.scanLeafMax(node, q, self, dist, nbr, buf)
			}
			if nbr != nil {
				lim = math.Nextafter(lim, math.Inf(1))
			}
		}
		// pop the next subtree that can still hold a closer point
		for {
			if sp == 0 {
				return
			}
			sp--
			if f := stack[sp]; f.bound < lim {
				node, bound = int(f.node), f.bound
				break
			}
		}
	}
}

// scanLeafMax offers the points of leaf node to the k-NN list (max norm) and
// returns the new k-th distance.
func (t *Tree) scanLeafMax(node int, q []float64, self int32, dist []float64, nbr []int32, buf *leafBuf) float64 {
	d := t.d
	k := len(dist)
	kth := dist[k-1]
	lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
	pts := t.pts[lo*d : hi*d]
	idx := t.idx[lo:hi]
	// Distances are handled as the bit patterns of |p_c − q_c|: for
	// non-negative doubles the integer order is the float order, so the max
	// over coordinates compiles to conditional moves instead of
	// unpredictable float branches. The values are exactly those of maxDist.
	kb := math.Float64bits(kth)
	offer := func(mb uint64, id int32) {
		if (mb < kb || (nbr != nil && mb == kb && id < nbr[k-1])) && id != self {
			dv := math.Float64frombits(mb)
			if nbr == nil { // insert without the call
				j := k - 1
				for j > 0 && dist[j-1] > dv {
					dist[j] = dist[j-1]
					j--
				}
				dist[j] = dv
			} else {
				insert(dist, nbr, dv, id)
			}
			kth = dist[k-1]
			kb = math.Float64bits(kth)
		}
	}
	switch d {
	case 1:
		q0 := q[0]
		for p, id := range idx {
			offer(absBits(pts[p]-q0), id)
		}
	case 2:
		q0, q1 := q[0], q[1]
		for p, id := range idx {
			offer(max(absBits(pts[2*p]-q0), absBits(pts[2*p+1]-q1)), id)
		}
	case 3:
		q0, q1, q2 := q[0], q[1], q[2]
		for p, id := range idx {
			offer(max(absBits(pts[3*p]-q0), absBits(pts[3*p+1]-q1), absBits(pts[3*p+2]-q2)), id)
		}
	default:
		// d ≥ 4: test two coordinates first; in high dimension most
		// points already fail there, so the branch is predictable.
		for p, id := range idx {
			row := pts[p*d : p*d+d]
			m := max(absBits(row[0]-q[0]), absBits(row[1]-q[1]))
			if m > kb || (m == kb && nbr == nil) {
				continue
			}
			for c := 2; c < d; c++ {
				m = max(m, absBits(row[c]-q[c]))
			}
			offer(m, id)
		}
	}
	return kth
}

// leafBuf is the per-goroutine scratch of the max-norm k-NN search: the
// distances from the AVX2 leaf filter and the traversal stack, kept across
// queries so that neither is cleared per call.
type leafBuf struct {
	dist  [64]float64
	stack [maxStack]frame
}

// scanLeafSoA is scanLeafMax through the AVX2 filter over the
// structure-of-arrays copy of the leaf (t.soa, d = 2 or 3). The kernel
// computes every point's distance as the scalar loop does (|p_c − q_c| by
// one subtraction, max over coordinates) and marks those at most the k-th
// distance at entry (strictly below it without neighbour rows). The marked
// points are offered in leaf order with the same test as scanLeafMax; the
// k-th distance only decreases during the scan, so the unmarked points are
// exactly those the scalar loop would reject, and the list receives the same
// insertions.
func (t *Tree) scanLeafSoA(node int, q []float64, self int32, dist []float64, nbr []int32, buf *leafBuf) float64 {
	k := len(dist)
	kth := dist[k-1]
	kb := math.Float64bits(kth)
	lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
	s := t.soaS
	// the block of leaf node: in range by construction (buildSoA)
	blk := (*float64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(t.soa)), (node-t.firstLeaf)*t.d*s*8))
	idx := t.idx[lo:hi]
	n4 := (hi - lo + 3) &^ 3
	var m uint64
	if nbr == nil {
		thr := -1.0
		if kb != 0 {
			thr = math.Float64frombits(kb - 1) // m < kth ⟺ m ≤ thr
		}
		if t.d == 2 {
			m = leafMax2AVX2(blk, s, n4, &q[0], thr, &buf.dist[0])
		} else {
			m = leafMax3AVX2(blk, s, n4, &q[0], thr, &buf.dist[0])
		}
		m &= 1<<uint(len(idx)) - 1
		for m != 0 {
			p := bits.TrailingZeros64(m) & 63
			m &= m - 1
			mb := math.Float64bits(buf.dist[p])
			if mb >= kb || idx[p] == self {
				continue
			}
			kb = insertDist(dist, mb, kb)
		}
		return math.Float64frombits(kb)
	}
	if t.d == 2 {
		m = leafMax2AVX2(blk, s, n4, &q[0], kth, &buf.dist[0])
	} else {
		m = leafMax3AVX2(blk, s, n4, &q[0], kth, &buf.dist[0])
	}
	m &= 1<<uint(len(idx)) - 1
	for m != 0 {
		p := bits.TrailingZeros64(m) & 63
		m &= m - 1
		dv := buf.dist[p]
		mb := math.Float64bits(dv)
		id := idx[p]
		if (mb < kb || (mb == kb && id < nbr[k-1])) && id != self {
			insert(dist, nbr, dv, id)
			kth = dist[k-1]
			kb = math.Float64bits(kth)
		}
	}
	return kth
}

// absBits returns the bit pattern of |x|, which orders like |x| itself.
func absBits(x float64) uint64 { return math.Float64bits(x) &^ (1 << 63) }

// boxSqDist is the squared Euclidean distance from q to node's bounding box,
// shrunk by eucMargin.
func (t *Tree) boxSqDist(node int, q []float64) float64 {
	d := t.d
	bmin := t.box[node*2*d : node*2*d+d]
	bmax := t.box[node*2*d+d : node*2*d+2*d]
	var s float64
	for c, qc := range q[:d] {
		var g float64
		if qc < bmin[c] {
			g = bmin[c] - qc
		} else if qc > bmax[c] {
			g = qc - bmax[c]
		}
		s += g * g
	}
	return s * (1 - eucMargin)
}

// knnEuc works on squared distances; KNN takes the square roots.
func (t *Tree) knnEuc(q []float64, self int32, dist []float64, nbr []int32) {
	var sq [64]float64 // squared distances from the AVX2 leaf filter
	d := t.d
	k := len(dist)
	q = q[:d]
	var stack [maxStack]frame
	sp := 0
	node, bound := 0, 0.0
	kth := dist[k-1]
	for {
		for bound < kth && node < t.firstLeaf {
			l, r := 2*node+1, 2*node+2
			bl, br := t.boxSqDist(l, q), t.boxSqDist(r, q)
			if bl <= br {
				if br < kth {
					stack[sp] = frame{int32(r), br}
					sp++
				}
				node, bound = l, bl
			} else {
				if bl < kth {
					stack[sp] = frame{int32(l), bl}
					sp++
				}
				node, bound = r, br
			}
		}
		if bound < kth && t.soa != nil {
			// AVX2 filter over the structure-of-arrays leaf, as
			// scanLeafSoA: it marks the points with s < kth at entry
			// (s ≤ the next smaller double), offered in order below
			lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
			kb := math.Float64bits(kth)
			thr := -1.0
			if kb != 0 {
				thr = math.Float64frombits(kb - 1)
			}
			s := t.soaS
			blk := (*float64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(t.soa)), (node-t.firstLeaf)*d*s*8))
			n4 := (hi - lo + 3) &^ 3
			var m uint64
			if d == 2 {
				m = leafSq2AVX2(blk, s, n4, &q[0], thr, &sq[0])
			} else {
				m = leafSq3AVX2(blk, s, n4, &q[0], thr, &sq[0])
			}
			idx := t.idx[lo:hi]
			m &= 1<<uint(len(idx)) - 1
			for m != 0 {
				p := bits.TrailingZeros64(m) & 63
				m &= m - 1
				if v := sq[p]; v < kth && idx[p] != self {
					insert(dist, nbr, v, idx[p])
					kth = dist[k-1]
				}
			}
		} else if bound < kth {
			lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
			for p := lo; p < hi; p++ {
				s := sqDist(t.pts[p*d:p*d+d], q)
				if s < kth && t.idx[p] != self {
					insert(dist, nbr, s, t.idx[p])
					kth = dist[k-1]
				}
			}
		}
		for {
			if sp == 0 {
				return
			}
			sp--
			if f := stack[sp]; f.bound < kth {
				node, bound = int(f.node), f.bound
				break
			}
		}
	}
}

// acceptMin is the smallest node size for which a count tries to accept the
// whole node by its bounding box.
const acceptMin = 16

// Count implements Counter. Cost O(n^(1−1/d) + output-sensitive) per query.
func (t *Tree) Count(q []float64, r float64, inclusive bool) int {
	if t.norm == Max {
		return t.countMax(q, r, inclusive)
	}
	return t.countEuc(q, r, inclusive)
}

func (t *Tree) countMax(q []float64, r float64, inclusive bool) int {
	d := t.d
	q = q[:d]
	// out(b) reports that a distance lower bound b excludes the point/node.
	var stack [maxStack]frame
	sp := 0
	node, bound := 0, 0.0
	count := 0
	for {
		if bound < r || (inclusive && bound == r) {
			for {
				lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
				if hi-lo >= acceptMin {
					bmin := t.box[node*2*d : node*2*d+d]
					bmax := t.box[node*2*d+d : node*2*d+2*d]
					in := true
					for c, qc := range q {
						m := max(qc-bmin[c], bmax[c]-qc)
						if m > r || (m == r && !inclusive) {
							in = false
							break
						}
					}
					if in {
						count += hi - lo
						break
					}
				}
				if node >= t.firstLeaf {
					pts := t.pts[lo*d : hi*d]
					switch d {
					case 1:
						q0 := q[0]
						if inclusive {
							for _, v := range pts {
								if math.Abs(v-q0) <= r {
									count++
								}
							}
						} else {
							for _, v := range pts {
								if math.Abs(v-q0) < r {
									count++
								}
							}
						}
					default:
						// bit patterns of |p_c − q_c| order like the values
						// (see scanLeafMax); r ≥ 0 here
						rb := math.Float64bits(r)
						if !inclusive {
							rb-- // m < r ⟺ m ≤ the next smaller double
						}
						n := hi - lo
						for p := 0; p < n; p++ {
							row := pts[p*d : p*d+d]
							m := absBits(row[0] - q[0])
							if m > rb {
								continue // most points of a high-dimensional leaf fail here
							}
							for c := 1; c < d; c++ {
								m = max(m, absBits(row[c]-q[c]))
							}
							if m <= rb {
								count++
							}
						}
					}
					break
				}
				sn := &t.split[node]
				qs := q[sn.dim]
				dl := max(bound, qs-sn.leftMax)
				dr := max(bound, sn.rightMin-qs)
				okL := dl < r || (inclusive && dl == r)
				okR := dr < r || (inclusive && dr == r)
				if okL && okR {
					stack[sp] = frame{int32(2*node + 2), dr}
					sp++
					node, bound = 2*node+1, dl
				} else if okL {
					node, bound = 2*node+1, dl
				} else if okR {
					node, bound = 2*node+2, dr
				} else {
					break
				}
			}
		}
		if sp == 0 {
			return count
		}
		sp--
		node, bound = int(stack[sp].node), stack[sp].bound
	}
}

func (t *Tree) countEuc(q []float64, r float64, inclusive bool) int {
	d := t.d
	q = q[:d]
	r2 := r * r
	within := func(p int) bool {
		s := math.Sqrt(sqDist(t.pts[p*d:p*d+d], q))
		return s < r || (inclusive && s == r)
	}
	var stack [maxStack]int32
	sp := 0
	stack[sp] = 0
	sp++
	count := 0
	for sp > 0 {
		sp--
		node := int(stack[sp])
		if b := t.boxSqDist(node, q); b > r2 || (b == r2 && !inclusive) {
			continue
		}
		lo, hi := int(t.nodeLo[node]), int(t.nodeHi[node])
		if hi-lo >= acceptMin {
			bmin := t.box[node*2*d : node*2*d+d]
			bmax := t.box[node*2*d+d : node*2*d+2*d]
			var s float64
			for c, qc := range q {
				g := max(qc-bmin[c], bmax[c]-qc)
				s += g * g
			}
			if s*(1+eucMargin) < r2 {
				count += hi - lo
				continue
			}
		}
		if node >= t.firstLeaf {
			for p := lo; p < hi; p++ {
				if within(p) {
					count++
				}
			}
			continue
		}
		stack[sp] = int32(2*node + 2)
		stack[sp+1] = int32(2*node + 1)
		sp += 2
	}
	return count
}

// AllKNN finds, for every point of the tree, its k nearest other points.
// dist (and nbr unless nil) have length n·k and are indexed by original row:
// dist[i*k+j] is the (j+1)-th smallest distance from row i. Queries run in
// tree order on at most workers goroutines; results do not depend on workers.
func (t *Tree) AllKNN(k int, dist []float64, nbr []int32, workers int) {
	d := t.d
	parallel.Blocks(t.n, 512, workers, func(_, lo, hi int) {
		for p := lo; p < hi; p++ {
			i := int(t.idx[p])
			var nb []int32
			if nbr != nil {
				nb = nbr[i*k : i*k+k]
			}
			t.KNN(t.pts[p*d:p*d+d], i, dist[i*k:i*k+k], nb)
		}
	})
}

// CountSelf implements SelfCounter; points are visited in tree order.
func (t *Tree) CountSelf(r []float64, inclusive bool, out []int32, workers int) {
	d := t.d
	parallel.Blocks(t.n, 512, workers, func(_, lo, hi int) {
		for p := lo; p < hi; p++ {
			i := t.idx[p]
			out[i] = int32(t.Count(t.pts[p*d:p*d+d], r[i], inclusive))
		}
	})
}

// CountAll sets out[i] to c.Count(qs[i*d:(i+1)*d], radius[i], inclusive) for
// every query row i of qs (m×d with m = len(out)), on at most workers
// goroutines. Results do not depend on workers.
func CountAll(c Counter, qs []float64, d int, radius []float64, inclusive bool, out []int32, workers int) {
	parallel.Blocks(len(out), 512, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = int32(c.Count(qs[i*d:i*d+d], radius[i], inclusive))
		}
	})
}

// EachKNN calls fn(b, i, dist, nbr) once for every original row i with the k
// nearest other points of row i (dist ascending; nbr their rows, nil unless
// withNbr). Rows are visited in tree order, split into fixed blocks of the
// given size; b is the block number, in [0, parallel.NumBlocks(n, block)).
// Blocks run on at most workers goroutines; fn must only write state owned
// by its block. dist and nbr are reused between calls.
func (t *Tree) EachKNN(k int, withNbr bool, block, workers int, fn func(b, i int, dist []float64, nbr []int32)) {
	d := t.d
	parallel.Blocks(t.n, block, workers, func(b, lo, hi int) {
		dist := make([]float64, k)
		var nbr []int32
		if withNbr {
			nbr = make([]int32, k)
		}
		if t.norm != Max {
			for p := lo; p < hi; p++ {
				i := int(t.idx[p])
				t.KNN(t.pts[p*d:p*d+d], i, dist, nbr)
				fn(b, i, dist, nbr)
			}
			return
		}
		// Self queries: seed the list with the query's own leaf, whose
		// points are usually among the nearest, then walk up from it and
		// search each sibling subtree that can hold a closer point, nearest
		// first, so the bound is tight early and the descent from the root
		// is never made.
		buf := new(leafBuf)
		leaf := t.leafOf(lo)
		for p := lo; p < hi; p++ {
			for p >= int(t.nodeHi[leaf]) {
				leaf++
			}
			i := int(t.idx[p])
			q := t.pts[p*d : p*d+d]
			resetKNN(dist, nbr)
			if t.soa != nil {
				t.scanLeafSoA(leaf, q, int32(i), dist, nbr, buf)
			} else {
				t.scanLeafMax(leaf, q, int32(i), dist, nbr, buf)
			}
			t.knnUp(q, int32(i), dist, nbr, leaf, buf)
			fn(b, i, dist, nbr)
		}
	})
}

// knnUp completes a k-NN list seeded with the points of leaf, which holds
// q: every other point lies in exactly one sibling subtree of the path from
// the leaf to the root, at a distance from q of at least the gap between q
// and that sibling along the parent's split dimension.
func (t *Tree) knnUp(q []float64, self int32, dist []float64, nbr []int32, leaf int, buf *leafBuf) {
	k := len(dist)
	q = q[:t.d]
	// lim as in knnMax
	lim := dist[k-1]
	if nbr != nil {
		lim = math.Nextafter(lim, math.Inf(1))
	}
	for node := leaf; node > 0; node = (node - 1) >> 1 {
		parent := (node - 1) >> 1
		sn := &t.split[parent]
		var sib int
		var gap float64
		if node&1 == 1 { // a left child: the sibling is on the right
			sib, gap = node+1, sn.rightMin-q[sn.dim]
		} else {
			sib, gap = node-1, q[sn.dim]-sn.leftMax
		}
		if gap < lim {
			t.knnMax(q, self, dist, nbr, sib, max(gap, 0), buf)
			lim = dist[k-1]
			if nbr != nil {
				lim = math.Nextafter(lim, math.Inf(1))
			}
		}
	}
}

// leafOf returns the leaf node holding tree position p.
func (t *Tree) leafOf(p int) int {
	l, h := t.firstLeaf, len(t.nodeLo)-1
	for l < h { // last leaf with nodeLo ≤ p
		m := int(uint(l+h+1) >> 1)
		if int(t.nodeLo[m]) <= p {
			l = m
		} else {
			h = m - 1
		}
	}
	return l
}

// AllSearcher runs the k-nearest-neighbour query of every point of a set
// against the rest of the set (see Tree.EachKNN).
type AllSearcher interface {
	N() int
	EachKNN(k int, withNbr bool, block, workers int, fn func(b, i int, dist []float64, nbr []int32))
}

var (
	_ AllSearcher = (*Tree)(nil)
	_ AllSearcher = (*Sorted)(nil)
	_ AllSearcher = (*Brute)(nil)
)
