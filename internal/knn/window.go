package knn

import (
	"cmp"
	"math"
	"slices"

	"github.com/itlab/itlab/internal/parallel"
)

// SplitWindows is the exhaustive max-norm search of SplitScan restricted to
// windows, for KSG in a joint space of two coordinate groups A and B. With
// the max norm a point within joint distance r of a query is within r on
// every coordinate, and a point within r in one group is within r on that
// group's coordinates. So the joint points are cut into slabs by one
// coordinate of the lead group (the group with more coordinates) and sorted
// within each slab by a second coordinate of that group (a 2-D grid; with a
// 1-D lead group both keys are its coordinate); a query visits its own
// slab, then the slabs outward on each side, each from the first to the
// last position whose key gaps are within the k-th joint distance so far,
// and stops a side at the first slab whose gap in the first key exceeds it.
// Every visited segment goes through the vector pass of SplitScan (four
// queries at a time, those next to each other in the grid, which share
// their windows), so the distances are bit-identical to SplitScan's, and
// the k nearest are selected as there (ties broken by the lower row). The
// lead group's radius count then runs over the visited segments, which
// hold every point within the final radius. The other group's counts take a
// second grid of that group's rows alone, visited the same way once every
// radius is known. Gaps are computed as the distances are, by float64
// subtraction, which is monotone, so no point within a radius is ever
// skipped: counts and k-th distances equal SplitScan's and Brute's.
//
// On 5+5-D standardised Gaussians with k = 3 and n = 10⁴ the windows hold
// about a fifth of the points (the k-th distance is about 0.7); the cost is
// still O(n²·d) but with that fraction as the constant.
type SplitWindows struct {
	n, da, db int
	leadB     bool    // group B leads grid 1 (its coordinates come first there)
	g1, g2    winGrid // g1: joint points, lead group first; g2: the other group's rows
	perm      []int32 // joint point i holds B row perm[i] (nil: identity)
	inv2      []int32 // grid-2 row → joint point (nil: identity)
}

// winGrid is one slab grid: d columns of p positions (slabs padded with
// +Inf to multiples of 8), the row at every position, the slabs' extents
// and the first-key range of each slab.
type winGrid struct {
	d, p     int
	split    int // lead-group columns (grid 1), d for grid 2
	cols     []float64
	idx      []int32 // position → row, −1 for padding
	pos      []int32 // row → position
	start    []int32 // slab s: positions [start[s], start[s]+cnt[s]), padded up to start[s+1]
	cnt      []int32
	lo0, hi0 []float64 // smallest and largest first key of each slab
	k1       int       // column of the second key (0 when the lead group is 1-D)
}

// winSlab is the number of points per slab (about; the last slab takes the
// remainder).
var winSlab = 256

// winGroup is the number of queries per pass (1 or 4).
var winGroup = 4

// NewSplitWindows stores the joint points (a_j, b_perm[j]) for j < n as
// NewSplitScan does (a is n×da, b is n×db row-major, perm nil the identity,
// 1 ≤ da, db) in the two grids, built in O(n log n) on up to workers
// goroutines.
func NewSplitWindows(a []float64, da int, b []float64, db int, n int, perm []int32) *SplitWindows {
	w := &SplitWindows{n: n, da: da, db: db, leadB: db > da, perm: perm}
	lead, dl, other, do := a, da, b, db
	if w.leadB {
		lead, dl, other, do = b, db, a, da
	}
	// row i of grid 1 holds joint point i: A row i and B row perm[i]
	rowA := func(i int) int { return i }
	rowB := func(i int) int {
		if perm != nil {
			return int(perm[i])
		}
		return i
	}
	rowL, rowO := rowA, rowB
	if w.leadB {
		rowL, rowO = rowB, rowA
	}
	w.g1.build(n, dl+do, dl, dl > 1, func(i, c int) float64 {
		if c < dl {
			return lead[rowL(i)*dl+c]
		}
		return other[rowO(i)*do+c-dl]
	})
	// grid 2 holds the other group's own rows
	w.g2.build(n, do, do, do > 1, func(r, c int) float64 { return other[r*do+c] })
	if perm != nil && !w.leadB {
		w.inv2 = make([]int32, n)
		for i, r := range perm {
			w.inv2[r] = int32(i)
		}
	}
	return w
}

// build fills the grid with n rows of d coordinates (at(row, c)), slabs by
// column 0, sorted within slabs by column 1 if two keys, else by column 0.
func (g *winGrid) build(n, d, split int, two bool, at func(r, c int) float64) {
	g.d, g.split = d, split
	if two {
		g.k1 = 1
	}
	key0 := make([]float64, n)
	for r := range key0 {
		key0[r] = at(r, 0)
	}
	_, order := argsort(key0)
	ns := max(1, (n+winSlab/2)/winSlab)
	g.start = make([]int32, ns+1)
	g.cnt = make([]int32, ns)
	g.lo0, g.hi0 = make([]float64, ns), make([]float64, ns)
	p := 0
	for s := 0; s < ns; s++ {
		lo, hi := s*n/ns, (s+1)*n/ns
		g.start[s] = int32(p)
		g.cnt[s] = int32(hi - lo)
		p += (hi - lo + 7) &^ 7
	}
	g.start[ns] = int32(p)
	g.p = p
	g.cols = make([]float64, d*p)
	for i := range g.cols {
		g.cols[i] = math.Inf(1)
	}
	g.idx = make([]int32, p)
	for i := range g.idx {
		g.idx[i] = -1
	}
	g.pos = make([]int32, n)
	for s := 0; s < ns; s++ {
		lo, hi := s*n/ns, (s+1)*n/ns
		rows := order[lo:hi]
		g.lo0[s], g.hi0[s] = key0[rows[0]], key0[rows[len(rows)-1]]
		seg := g.idx[g.start[s] : int(g.start[s])+len(rows)]
		copy(seg, rows)
		if two {
			slices.SortFunc(seg, func(x, y int32) int {
				if c := cmp.Compare(at(int(x), 1), at(int(y), 1)); c != 0 {
					return c
				}
				return cmp.Compare(x, y)
			})
		}
		for j, r := range seg {
			q := int(g.start[s]) + j
			g.pos[r] = int32(q)
			for c := 0; c < d; c++ {
				g.cols[c*p+q] = at(int(r), c)
			}
		}
	}
}

// slabOf returns the slab holding position q.
func (g *winGrid) slabOf(q int) int {
	s, _ := slices.BinarySearch(g.start, int32(q+1))
	return s - 1
}

// rangeIn returns the part [lo, hi) of slab s (positions, lo rounded down
// and hi up to multiples of 8 within the padded slab) outside of which every
// point has a second-key gap greater than r from every query with second
// key in [q1lo, q1hi]; gaps are computed as the distances are.
func (g *winGrid) rangeIn(s int, q1lo, q1hi, r float64) (lo, hi int) {
	a, b := int(g.start[s]), int(g.start[s])+int(g.cnt[s])
	key := g.cols[g.k1*g.p : g.k1*g.p+g.p]
	// positions with q1lo − v > r form a prefix, those with v − q1hi > r a
	// suffix (v ascending, subtraction monotone)
	lo = a + sortSearch(b-a, func(j int) bool { return !(q1lo-key[a+j] > r) })
	hi = a + sortSearch(b-a, func(j int) bool { return key[a+j]-q1hi > r })
	lo = a + (lo-a)&^7
	hi = min(a+((hi-a+7)&^7), int(g.start[s+1]))
	return lo, hi
}

// sortSearch is sort.Search without the import.
func sortSearch(n int, f func(int) bool) int {
	i, j := 0, n
	for i < j {
		h := int(uint(i+j) >> 1)
		if !f(h) {
			i = h + 1
		} else {
			j = h
		}
	}
	return i
}

// winScratch is one goroutine's buffers.
type winScratch struct {
	qb       []float64    // per column, the four queries' coordinates ×4
	qb1      []float64    // per column, query 0's coordinate ×4
	bufJ     []float64    // joint distances of a single query
	qv       [4][]float64 // the queries' coordinates
	bufA     []float64    // 4 rows of capacity cp: lead-group distances
	bufB     []float64    // other-group distances
	cp       int
	cand     []int32
	dist     [4][]float64
	nbr      [4][]int32
	nbrPos   [4][]int32
	self     [4]int
	tau      [4]float64
	nq       int // distinct queries in the group
	radA     [4]float64
	off      int        // distances held per query row after a walk
	qlo, qhi [2]float64 // the group's key ranges
}

func (g *winGrid) newScratch(k int, nbr bool) *winScratch {
	cp := g.p + 8
	sc := &winScratch{qb: make([]float64, 16*g.d), bufA: make([]float64, 4*cp), bufB: make([]float64, 4*cp),
		cp: cp, cand: make([]int32, cp), qb1: make([]float64, 4*g.d), bufJ: make([]float64, cp)}
	for q := range sc.qv {
		sc.qv[q] = make([]float64, g.d)
		sc.dist[q] = make([]float64, k)
		if nbr {
			sc.nbr[q] = make([]int32, k)
		}
	}
	return sc
}

// setQueries loads the queries at positions ps (nq of them, the rest
// repeating the last) into the scratch.
func (g *winGrid) setQueries(sc *winScratch, ps []int) {
	sc.nq = len(ps)
	for q := 0; q < 4; q++ {
		pq := ps[min(q, len(ps)-1)]
		sc.self[q] = int(g.idx[pq])
		for c := 0; c < g.d; c++ {
			v := g.cols[c*g.p+pq]
			sc.qv[q][c] = v
			o := 16*c + 4*q
			sc.qb[o], sc.qb[o+1], sc.qb[o+2], sc.qb[o+3] = v, v, v, v
			if q == 0 {
				sc.qb1[4*c], sc.qb1[4*c+1], sc.qb1[4*c+2], sc.qb1[4*c+3] = v, v, v, v
			}
		}
	}
	for kk, c := range [2]int{0, g.k1} {
		sc.qlo[kk], sc.qhi[kk] = sc.qv[0][c], sc.qv[0][c]
		for q := 1; q < sc.nq; q++ {
			sc.qlo[kk] = min(sc.qlo[kk], sc.qv[q][c])
			sc.qhi[kk] = max(sc.qhi[kk], sc.qv[q][c])
		}
	}
}

// dist4 computes the four queries' distances to positions [lo, hi) into
// the scratch rows at offset off: grid 1 split into the lead group (bufA)
// and the other (bufB); grid 2 all columns into bufA.
func (g *winGrid) dist4(sc *winScratch, lo, hi, off int) {
	m := hi - lo
	if m <= 0 {
		return
	}
	if haveAVX2 {
		if sc.nq == 1 && g.split < g.d {
			maxDistSplitAVX2(&sc.qb1[0], &g.cols[lo], g.p, m, g.d, g.split, &sc.bufA[off], &sc.bufB[off], &sc.bufJ[off])
			return
		}
		if g.split < g.d {
			maxDistSplit4AVX2(&sc.qb[0], &g.cols[lo], g.p, m, g.d, g.split, &sc.bufA[off], &sc.bufB[off], sc.cp)
		} else {
			maxDist4AVX2(&sc.qb[0], &g.cols[lo], g.p, m, g.d, &sc.bufA[off], sc.cp)
		}
		return
	}
	for q := 0; q < 4; q++ {
		oa := sc.bufA[q*sc.cp+off : q*sc.cp+off+m]
		ob := sc.bufB[q*sc.cp+off : q*sc.cp+off+m]
		clear(oa)
		clear(ob)
		for c := 0; c < g.d; c++ {
			qc := sc.qv[q][c]
			col := g.cols[c*g.p+lo : c*g.p+hi]
			out := oa
			if c >= g.split {
				out = ob
			}
			for j, v := range col {
				if x := math.Abs(v - qc); x > out[j] {
					out[j] = x
				}
			}
		}
	}
}

// offer runs the k-NN selection of every query over the distances just
// computed for positions [lo, hi) at offset off, and updates the bounds.
func (g *winGrid) offer(sc *winScratch, lo, hi, off int) {
	m := hi - lo
	if m <= 0 {
		return
	}
	for q := 0; q < sc.nq; q++ {
		da := sc.bufA[q*sc.cp+off : q*sc.cp+off+m]
		db := sc.bufB[q*sc.cp+off : q*sc.cp+off+m]
		dist, nbr := sc.dist[q], sc.nbr[q]
		k := len(dist)
		var nc int
		if haveAVX2 && sc.nq == 1 {
			nc = filterLEAVX2(&sc.bufJ[off], m, sc.tau[q], &sc.cand[0])
		} else if haveAVX2 {
			nc = filterMaxLEAVX2(&da[0], &db[0], m, sc.tau[q], &sc.cand[0])
		} else {
			t := sc.tau[q]
			for j := range da {
				if max(da[j], db[j]) <= t {
					sc.cand[nc] = int32(j)
					nc++
				}
			}
		}
		self := sc.self[q]
		for _, j := range sc.cand[:nc] {
			r := g.idx[lo+int(j)]
			if int(r) == self {
				continue
			}
			v := max(da[j], db[j])
			if v < dist[k-1] || (nbr != nil && v == dist[k-1] && r < nbr[k-1]) {
				insert(dist, nbr, v, r)
			}
		}
		if t := dist[k-1]; t < sc.tau[q] {
			sc.tau[q] = t
		}
	}
}

// tauMax is the largest bound of the group.
func (sc *winScratch) tauMax() float64 {
	t := sc.tau[0]
	for q := 1; q < sc.nq; q++ {
		t = max(t, sc.tau[q])
	}
	return t
}

// Counts finds, for every joint point i, its k nearest joint neighbours
// (ties broken by the lower row, the point itself excluded) and counts the
// points (i included) within its radii in each group: with inclusive false
// (KSG algorithm 1) both radii are the k-th joint distance and the counts
// strict (<); with inclusive true (algorithm 2) the radii are the largest A-
// and B-distances among the k neighbours and the counts inclusive (≤).
// eps[i] receives the k-th joint distance, na[i] and nb[i] the counts (all
// length n). The same numbers as SplitScan's PairScanner.KNN and CountAB
// for every point, at any worker count.
func (w *SplitWindows) Counts(k int, inclusive bool, workers int, eps []float64, na, nb []int32) {
	n := w.n
	nl, no := na, nb // lead and other group's counts
	if w.leadB {
		nl, no = nb, na
	}
	radO := make([]float64, n) // the other group's radius of every joint point
	g1 := &w.g1
	ns := len(g1.cnt)
	parallel.Blocks(ns, 4, workers, func(_, slo, shi int) {
		sc := g1.newScratch(k, inclusive)
		for s := slo; s < shi; s++ {
			a, b := int(g1.start[s]), int(g1.start[s])+int(g1.cnt[s])
			for p0 := a; p0 < b; p0 += winGroup {
				ps := [4]int{p0, p0 + 1, p0 + 2, p0 + 3}
				g1.group(sc, ps[:min(winGroup, b-p0)], s, k)
				for q := 0; q < sc.nq; q++ {
					i := sc.self[q]
					dist := sc.dist[q]
					e := dist[k-1]
					eps[i] = e
					ra, rb := e, e
					if inclusive {
						ra, rb = 0, 0
						pq := int(g1.pos[i])
						for _, j := range sc.nbr[q] {
							pj := int(g1.pos[j])
							for c := 0; c < g1.d; c++ {
								x := math.Abs(g1.cols[c*g1.p+pj] - g1.cols[c*g1.p+pq])
								if c < g1.split {
									ra = max(ra, x)
								} else {
									rb = max(rb, x)
								}
							}
						}
					}
					nl[i] = int32(countBelow(sc.bufA[q*sc.cp:q*sc.cp+sc.off], ra, inclusive))
					radO[i] = rb
				}
			}
		}
	})
	g2 := &w.g2
	parallel.Blocks(len(g2.cnt), 4, workers, func(_, slo, shi int) {
		sc := g2.newScratch(1, false)
		for s := slo; s < shi; s++ {
			a, b := int(g2.start[s]), int(g2.start[s])+int(g2.cnt[s])
			for p0 := a; p0 < b; p0 += winGroup {
				ps := [4]int{p0, p0 + 1, p0 + 2, p0 + 3}
				g2.setQueries(sc, ps[:min(winGroup, b-p0)])
				var js [4]int
				for q := 0; q < 4; q++ {
					js[q] = w.joint2(sc.self[q])
					r := radO[js[q]]
					if inclusive { // x ≤ r ⟺ x < the next double above r
						r = math.Nextafter(r, math.Inf(1))
					}
					sc.radA[q] = r
				}
				var cnt [4]int
				g2.countAll(sc, s, &cnt)
				for q := 0; q < sc.nq; q++ {
					no[js[q]] = int32(cnt[q])
				}
			}
		}
	})
}

// joint2 is the joint point whose other-group row is grid-2 row r.
func (w *SplitWindows) joint2(r int) int {
	if w.inv2 != nil {
		return int(w.inv2[r])
	}
	return r
}

// visit computes and offers positions [lo, hi) and appends them to the
// scratch rows.
func (g *winGrid) visit(sc *winScratch, lo, hi int) {
	if hi <= lo {
		return
	}
	g.dist4(sc, lo, hi, sc.off)
	g.offer(sc, lo, hi, sc.off)
	sc.off += hi - lo
}

// group runs the k-NN walk of the queries at positions ps (in slab s0):
// first 64 positions around them, then the rest of their slab within the
// bound, then the slabs outward on both sides while the first-key gap
// allows. Every position is visited at most once, so the scratch rows end
// holding each visited point's distances exactly once.
func (g *winGrid) group(sc *winScratch, ps []int, s0, k int) {
	g.setQueries(sc, ps)
	for q := 0; q < 4; q++ {
		resetKNN(sc.dist[q], sc.nbr[q])
		sc.tau[q] = math.MaxFloat64 // Inf padding never passes the filter
	}
	sc.off = 0
	a, e := int(g.start[s0]), int(g.start[s0+1])
	clo := a + max(0, ps[0]-a-28)&^7
	chi := min(e, clo+64)
	g.visit(sc, clo, chi)
	lo, hi := g.rangeIn(s0, sc.qlo[1], sc.qhi[1], sc.tauMax())
	g.visit(sc, lo, min(clo, hi))
	g.visit(sc, max(chi, lo), hi)
	ns := len(g.cnt)
	left, right := s0-1, s0+1
	for left >= 0 || right < ns {
		if left >= 0 {
			t := sc.tauMax()
			if sc.qlo[0]-g.hi0[left] > t {
				left = -1
			} else {
				lo, hi := g.rangeIn(left, sc.qlo[1], sc.qhi[1], t)
				g.visit(sc, lo, hi)
				left--
			}
		}
		if right < ns {
			t := sc.tauMax()
			if g.lo0[right]-sc.qhi[0] > t {
				right = ns
			} else {
				lo, hi := g.rangeIn(right, sc.qlo[1], sc.qhi[1], t)
				g.visit(sc, lo, hi)
				right++
			}
		}
	}
}

// countAll adds to cnt[q] the points at distance < sc.radA[q] from query q
// over the slabs around s0 within the largest radius.
func (g *winGrid) countAll(sc *winScratch, s0 int, cnt *[4]int) {
	r := sc.radA[0]
	for q := 1; q < sc.nq; q++ {
		r = max(r, sc.radA[q])
	}
	visit := func(s int) {
		lo, hi := g.rangeIn(s, sc.qlo[1], sc.qhi[1], r)
		if hi <= lo {
			return
		}
		if haveAVX2 && sc.nq == 1 {
			cnt[0] += countMaxLTAVX2(&sc.qb1[0], &g.cols[lo], g.p, hi-lo, g.d, sc.radA[0])
			return
		}
		g.dist4(sc, lo, hi, 0)
		for q := 0; q < sc.nq; q++ {
			cnt[q] += countBelow(sc.bufA[q*sc.cp:q*sc.cp+hi-lo], sc.radA[q], false)
		}
	}
	for s := s0; s >= 0 && !(sc.qlo[0]-g.hi0[s] > r); s-- {
		visit(s)
	}
	for s := s0 + 1; s < len(g.cnt) && !(g.lo0[s]-sc.qhi[0] > r); s++ {
		visit(s)
	}
}
