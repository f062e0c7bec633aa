package knn

import (
	"math"
	"slices"

	"github.com/itlab/itlab/internal/parallel"
)

// SplitWindows is the exhaustive max-norm search of SplitScan restricted to
// windows, for KSG in a joint space of two coordinate groups A and B. With
// the max norm a point within joint distance r of a query is within r on
// every coordinate, and a point within r in one group is within r on that
// group's coordinates. So the joint points are cut into slabs by one
// coordinate of the lead group (the group with more coordinates, A on a
// tie), each slab sorted by a second coordinate of that group (the same one
// if the group is 1-D). Four queries next to each other in a slab are
// searched together: they visit 64 positions around them, then the rest of
// their slab, then the slabs outward on each side, each from the first to
// the last position within the largest k-th joint distance found so far
// (in the second coordinate), and stop a side at the first slab whose gap
// in the first coordinate exceeds it. Every visited segment goes through
// the four-query vector pass of SplitScan (maxDistSplit4AVX2), so the
// distances are bit-identical to SplitScan's, and the k nearest are
// selected as there (ties broken by the lower row). The lead group's radius
// count then runs over the visited segments' distances, which include every
// point within the final radius in that group. The other group's counts
// take a second grid of that group's rows alone, searched once every radius
// is known by a fused four-query distance-and-count pass
// (countMax4LTAVX2) over the slabs within the largest of the four radii
// (every 16 consecutive positions are taken in the order of their radii,
// so that the four are alike). Gaps are computed as the distances are, by
// float64 subtraction, which is monotone, so no point within a radius is
// ever skipped: counts and k-th distances are those of SplitScan and Brute.
//
// On 5+5-D Gaussians (all correlations 0.5) with k = 3 and n = 10⁴, where
// the k-th distance is about 0.7, a query's distance evaluations cover
// about 30 % of the points in the k-NN walk (27 % if the final radius were
// known from the start; 21 % for a query walking alone, which the
// four-query pass trades for its shared loads) and 25 % in the other
// group's count, against 100 % of both in SplitScan: 2.3 times fewer
// instructions for a whole `itlab mi` run on such data (1587M → 692M). The
// cost is still O(n²·d), with that fraction as the constant; it shrinks
// with the k-th distance as n grows.
type SplitWindows struct {
	n, da, db int
	leadB     bool    // group B leads grid 1 (its coordinates come first there)
	g1, g2    winGrid // g1: joint points, lead group first; g2: the other group's rows
	inv2      []int32 // grid-2 row → joint point (nil: identity)
}

// winGrid is one grid: d columns of p positions, the row at every position
// (−1 for padding), and the slabs: slab s holds positions [start[s],
// start[s]+cnt[s]), sorted by column k1, and is padded with +Inf up to
// start[s+1] (a multiple of 8); lo0[s] and hi0[s] are its smallest and
// largest value of column 0, by which the slabs are cut.
type winGrid struct {
	d, p     int
	split    int // lead-group columns (grid 1); d for grid 2
	k1       int // the sort key's column: 1, or 0 for a 1-D lead group
	cols     []float64
	idx      []int32 // position → row
	pos      []int32 // row → position
	start    []int32
	cnt      []int32
	lo0, hi0 []float64
}

// winSlabSize is the number of points per slab for n points: about
// 3.5·√n (the fastest of 128…1024 on 5+5-D Gaussians at n = 10⁴ and
// 5·10⁴, on a Zen 3); smaller slabs cost more visits, larger ones visit
// more points outside the windows. Tests set winSlabFixed.
func winSlabSize(n int) int {
	if winSlabFixed > 0 {
		return winSlabFixed
	}
	return max(64, int(3.5*math.Sqrt(float64(n))))
}

var winSlabFixed int

// NewSplitWindows stores the joint points (a_j, b_perm[j]) for j < n as
// NewSplitScan does (a is n×da, b is n×db row-major, perm nil the identity,
// otherwise a permutation; 1 ≤ da, db) in the two grids, built in
// O(n log n).
func NewSplitWindows(a []float64, da int, b []float64, db int, n int, perm []int32) *SplitWindows {
	w := &SplitWindows{n: n, da: da, db: db, leadB: db > da}
	lead, dl, other, do := a, da, b, db
	if w.leadB {
		lead, dl, other, do = b, db, a, da
	}
	// row i of grid 1 is joint point i: A row i and B row perm[i]
	rowB := func(i int) int {
		if perm != nil {
			return int(perm[i])
		}
		return i
	}
	rowL, rowO := func(i int) int { return i }, rowB
	if w.leadB {
		rowL, rowO = rowB, func(i int) int { return i }
	}
	// the keys: each group's columns reordered, those with the fewest
	// pairs within a typical k-th distance first (a max over a group does
	// not depend on the order of its columns)
	h := winTypicalRadius(a, da, b, db, n, rowB)
	ordL, ordO := winKeyOrder(lead, dl, n, h), winKeyOrder(other, do, n, h)
	w.g1.build(n, dl+do, dl, func(i, c int) float64 {
		if c < dl {
			return lead[rowL(i)*dl+ordL[c]]
		}
		return other[rowO(i)*do+ordO[c-dl]]
	})
	// grid 2 holds the other group's own rows
	w.g2.build(n, do, do, func(r, c int) float64 { return other[r*do+ordO[c]] })
	if perm != nil && !w.leadB {
		w.inv2 = make([]int32, n)
		for i, r := range perm {
			w.inv2[r] = int32(i)
		}
	}
	return w
}

// winSample is the number of points winTypicalRadius and winKeyOrder
// sample (strided rows).
const winSample = 256

// winTypicalRadius estimates the median k-th joint distance (k = 3) of the
// n points from a strided sample of winSample: the median over 16 of them
// of the 3rd-nearest distance within the sample, scaled by
// (winSample/n)^(1/d) as the distance to the k-th neighbour scales with
// the density in d dimensions. Only the choice of keys depends on it.
func winTypicalRadius(a []float64, da int, b []float64, db int, n int, rowB func(int) int) float64 {
	m := min(n, winSample)
	if m < 8 {
		return 1
	}
	d := da + db
	pts := make([]float64, m*d)
	for j := 0; j < m; j++ {
		i := j * n / m
		copy(pts[j*d:], a[i*da:i*da+da])
		copy(pts[j*d+da:], b[rowB(i)*db:rowB(i)*db+db])
	}
	const nq = 16
	kth := make([]float64, 0, nq)
	var best [3]float64
	for q := 0; q < nq; q++ {
		qi := q * m / nq
		best = [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
		for j := 0; j < m; j++ {
			if j == qi {
				continue
			}
			var x float64
			for c := 0; c < d; c++ {
				x = max(x, math.Abs(pts[j*d+c]-pts[qi*d+c]))
			}
			if x < best[2] {
				best[2] = x
				if best[2] < best[1] {
					best[1], best[2] = best[2], best[1]
				}
				if best[1] < best[0] {
					best[0], best[1] = best[1], best[0]
				}
			}
		}
		kth = append(kth, best[2])
	}
	slices.Sort(kth)
	h := kth[nq/2] * math.Pow(float64(m)/float64(n), 1/float64(d))
	if !(h > 0) || math.IsInf(h, 0) {
		return 1
	}
	return h
}

// winKeyOrder returns the columns of the n×d row-major x ordered by the
// fraction of sampled pairs (32 strided queries against winSample strided
// points) within h in that column, fewest first (ties by column): the
// first two make the narrowest windows.
func winKeyOrder(x []float64, d, n int, h float64) []int {
	ord := make([]int, d)
	for c := range ord {
		ord[c] = c
	}
	if d == 1 || winNoKeyOrder {
		return ord
	}
	m := min(n, winSample)
	frac := make([]int, d)
	for q := 0; q < 32; q++ {
		qi := q * n / 32
		for j := 0; j < m; j++ {
			i := j * n / m
			for c := 0; c < d; c++ {
				if math.Abs(x[i*d+c]-x[qi*d+c]) <= h {
					frac[c]++
				}
			}
		}
	}
	slices.SortStableFunc(ord, func(u, v int) int { return frac[u] - frac[v] })
	return ord
}

// winNoKeyOrder keeps the columns in their order (benchmarks).
var winNoKeyOrder bool

// keyRow is a sort key with its row.
type keyRow struct {
	k float64
	r int32
}

// build fills the grid with n rows of d coordinates (at(row, c)): slabs by
// column 0, each sorted by column 1 if split ≥ 2, else by column 0 (ties
// by row).
func (g *winGrid) build(n, d, split int, at func(r, c int) float64) {
	g.d, g.split = d, split
	if split >= 2 {
		g.k1 = 1
	}
	key0 := make([]float64, n)
	for r := range key0 {
		key0[r] = at(r, 0)
	}
	_, order := argsort(key0)
	size := winSlabSize(n)
	ns := max(1, (n+size/2)/size)
	g.start = make([]int32, ns+1)
	g.cnt = make([]int32, ns)
	g.lo0, g.hi0 = make([]float64, ns), make([]float64, ns)
	p := 0
	for s := 0; s < ns; s++ {
		m := (s+1)*n/ns - s*n/ns
		g.start[s], g.cnt[s] = int32(p), int32(m)
		p += (m + 7) &^ 7
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
	kr := make([]keyRow, n/ns+1)
	for s := 0; s < ns; s++ {
		rows := order[s*n/ns : (s+1)*n/ns]
		g.lo0[s], g.hi0[s] = key0[rows[0]], key0[rows[len(rows)-1]]
		kr := kr[:len(rows)]
		for j, r := range rows {
			kr[j] = keyRow{at(int(r), g.k1), r}
		}
		slices.SortFunc(kr, func(x, y keyRow) int {
			switch {
			case x.k < y.k:
				return -1
			case x.k > y.k:
				return 1
			}
			return int(x.r - y.r)
		})
		for j, e := range kr {
			q := int(g.start[s]) + j
			g.idx[q] = e.r
			g.pos[e.r] = int32(q)
			for c := 0; c < d; c++ {
				g.cols[c*p+q] = at(int(e.r), c)
			}
		}
	}
}

// rangeIn returns the part [lo, hi) of slab s (positions; lo rounded down
// and hi up to multiples of 8 within the padded slab) outside of which
// every point's gap in column k1 from every query with k1 value in
// [qlo, qhi] exceeds r; gaps are computed as the distances are.
func (g *winGrid) rangeIn(s int, qlo, qhi, r float64) (lo, hi int) {
	a, b := int(g.start[s]), int(g.start[s])+int(g.cnt[s])
	key := g.cols[g.k1*g.p : g.k1*g.p+g.p]
	// positions with qlo − v > r form a prefix, those with v − qhi > r a
	// suffix (v ascending, subtraction monotone)
	i, j := a, b
	for i < j {
		h := int(uint(i+j) >> 1)
		if qlo-key[h] > r {
			i = h + 1
		} else {
			j = h
		}
	}
	lo = i
	j = b
	for i < j {
		h := int(uint(i+j) >> 1)
		if !(key[h]-qhi > r) {
			i = h + 1
		} else {
			j = h
		}
	}
	hi = i
	lo = a + (lo-a)&^7
	hi = min(a+(hi-a+7)&^7, int(g.start[s+1]))
	return lo, hi
}

// winScratch is one goroutine's buffers.
type winScratch struct {
	qb       []float64    // per column, the four queries' coordinates, each ×4
	qv       [4][]float64 // the queries' coordinates
	bufA     []float64    // 4 rows of cp: lead-group distances of every visited position
	bufB     []float64    // 4 rows of cp: other-group distances of the last segment
	cp       int
	cand     []int32
	dist     [4][]float64
	nbr      [4][]int32
	self     [4]int
	tau      [4]float64 // each query's k-th distance so far (MaxFloat64 before k)
	nq       int        // distinct queries in the group
	rad      [4]float64
	rad4     [16]float64 // rad, each 4 times
	off      int         // positions visited (distances held per bufA row)
	qlo, qhi [2]float64  // the group's ranges in columns 0 and k1
	clo, chi int         // the first chunk visited
}

func (g *winGrid) newScratch(k int, nbr bool) *winScratch {
	cp := g.p + 8
	sc := &winScratch{qb: make([]float64, 16*g.d), bufA: make([]float64, 4*cp), cp: cp}
	if g.split < g.d { // grid 1
		sc.bufB = make([]float64, 4*cp)
		sc.cand = make([]int32, cp)
	}
	for q := range sc.qv {
		sc.qv[q] = make([]float64, g.d)
		sc.dist[q] = make([]float64, k)
		if nbr {
			sc.nbr[q] = make([]int32, k)
		}
	}
	return sc
}

// setQueries loads the queries at positions ps (1 to 4; missing ones repeat
// the last) into the scratch.
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

// dist4 computes the four queries' distances to positions [lo, hi) of grid
// 1: the lead group's into bufA at offset off, the other group's into bufB
// at offset 0.
func (g *winGrid) dist4(sc *winScratch, lo, hi, off int) {
	m := hi - lo
	if haveAVX2 {
		maxDistSplit4AVX2(&sc.qb[0], &g.cols[lo], g.p, m, g.d, g.split, &sc.bufA[off], &sc.bufB[0], sc.cp)
		return
	}
	for q := 0; q < 4; q++ {
		maxDistSplitGo(sc.qv[q][:g.d], g.cols[lo:], g.p, m, g.split,
			sc.bufA[q*sc.cp+off:q*sc.cp+off+m], sc.bufB[q*sc.cp:q*sc.cp+m])
	}
}

// offer runs every query's k-NN selection over the distances dist4 just
// computed for positions [lo, hi), and lowers the bounds.
func (g *winGrid) offer(sc *winScratch, lo, hi, off int) {
	m := hi - lo
	for q := 0; q < sc.nq; q++ {
		da := sc.bufA[q*sc.cp+off : q*sc.cp+off+m]
		db := sc.bufB[q*sc.cp : q*sc.cp+m]
		dist, nbr := sc.dist[q], sc.nbr[q]
		k := len(dist)
		var nc int
		if haveAVX2 {
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
		idx := g.idx[lo:hi]
		kth := dist[k-1]
		for _, j := range sc.cand[:nc] {
			v := max(da[j], db[j])
			if v > kth {
				continue
			}
			r := idx[j]
			if int(r) == self {
				continue
			}
			// visited out of row order: an equal distance with a lower
			// row also displaces the k-th
			if v < kth || (nbr != nil && r < nbr[k-1]) {
				insert(dist, nbr, v, r)
				kth = dist[k-1]
			}
		}
		if kth < sc.tau[q] {
			sc.tau[q] = kth
		}
	}
}

// tauMax is the group's bound: the largest of its queries' k-th distances
// so far.
func (sc *winScratch) tauMax() float64 {
	t := sc.tau[0]
	for q := 1; q < sc.nq; q++ {
		t = max(t, sc.tau[q])
	}
	return t
}

// visit computes and offers positions [lo, hi).
func (g *winGrid) visit(sc *winScratch, lo, hi int) {
	if hi <= lo {
		return
	}
	g.dist4(sc, lo, hi, sc.off)
	g.offer(sc, lo, hi, sc.off)
	sc.off += hi - lo
}

// visitSlab visits the part of slab s within the bound (in slab s0 less
// the first chunk, visited already).
func (g *winGrid) visitSlab(sc *winScratch, s, s0 int) {
	lo, hi := g.rangeIn(s, sc.qlo[1], sc.qhi[1], sc.tauMax())
	if s != s0 {
		g.visit(sc, lo, hi)
		return
	}
	g.visit(sc, lo, min(sc.clo, hi))
	g.visit(sc, max(sc.chi, lo), hi)
}

// walk runs the k-NN search of the queries at positions ps of slab s0:
// first 64 positions around them, then the rest of their slab and the
// slabs outward on both sides, each as far as the bound allows. Every
// position is visited at most once, so bufA ends holding each visited
// point's lead-group distances once.
func (g *winGrid) walk(sc *winScratch, ps []int, s0 int) {
	g.setQueries(sc, ps)
	for q := 0; q < 4; q++ {
		resetKNN(sc.dist[q], sc.nbr[q])
		sc.tau[q] = math.MaxFloat64 // the +Inf padding never passes the filter
	}
	sc.off = 0
	a, e := int(g.start[s0]), int(g.start[s0+1])
	sc.clo = a + max(0, ps[0]-a-28)&^7
	sc.chi = min(e, sc.clo+64)
	g.visit(sc, sc.clo, sc.chi)
	g.visitSlab(sc, s0, s0)
	ns := len(g.cnt)
	left, right := s0-1, s0+1
	for left >= 0 || right < ns {
		if left >= 0 {
			if sc.qlo[0]-g.hi0[left] > sc.tauMax() {
				left = -1
			} else {
				g.visitSlab(sc, left, s0)
				left--
			}
		}
		if right < ns {
			if g.lo0[right]-sc.qhi[0] > sc.tauMax() {
				right = ns
			} else {
				g.visitSlab(sc, right, s0)
				right++
			}
		}
	}
}

// countAll returns, for the queries of the scratch, the number of points of
// grid 2 at distance < sc.rad[q], from the slabs around s0 within the
// largest radius.
func (g *winGrid) countAll(sc *winScratch, s0 int) (cnt [4]int) {
	r := sc.rad[0]
	for q := 1; q < sc.nq; q++ {
		r = max(r, sc.rad[q])
	}
	for q, v := range sc.rad {
		sc.rad4[4*q], sc.rad4[4*q+1], sc.rad4[4*q+2], sc.rad4[4*q+3] = v, v, v, v
	}
	slab := func(s int) {
		lo, hi := g.rangeIn(s, sc.qlo[1], sc.qhi[1], r)
		if hi <= lo {
			return
		}
		if haveAVX2 {
			countMax4LTAVX2(&sc.qb[0], &g.cols[lo], g.p, hi-lo, g.d, &sc.rad4[0], &cnt[0])
			return
		}
		for q := 0; q < sc.nq; q++ {
			for j := lo; j < hi; j++ {
				var x float64
				for c := 0; c < g.d; c++ {
					x = max(x, math.Abs(g.cols[c*g.p+j]-sc.qv[q][c]))
				}
				if x < sc.rad[q] {
					cnt[q]++
				}
			}
		}
	}
	for s := s0; s >= 0 && !(sc.qlo[0]-g.hi0[s] > r); s-- {
		slab(s)
	}
	for s := s0 + 1; s < len(g.cnt) && !(g.lo0[s]-sc.qhi[0] > r); s++ {
		slab(s)
	}
	return cnt
}

// winBlock is the number of slabs per parallel block.
const winBlock = 2

// Counts finds, for every joint point i, its k nearest joint neighbours
// (ties broken by the lower row, the point itself excluded) and counts the
// points (i included) within its radii in each group: with inclusive false
// (KSG algorithm 1) both radii are the k-th joint distance and the counts
// strict (<); with inclusive true (algorithm 2) the radii are the largest A-
// and B-distances among the k neighbours and the counts inclusive (≤).
// eps[i] receives the k-th joint distance, na[i] and nb[i] the counts (all
// length n): the numbers SplitScan's PairScanner.KNN and CountAB give, at
// any worker count. 1 ≤ k < n.
func (w *SplitWindows) Counts(k int, inclusive bool, workers int, eps []float64, na, nb []int32) {
	n := w.n
	nl, no := na, nb // the lead and the other group's counts
	if w.leadB {
		nl, no = nb, na
	}
	radO := make([]float64, n) // the other group's radius of every joint point
	// one scratch per goroutine, whichever blocks it takes
	pool := make(chan *winScratch, parallel.Workers(workers))
	get := func(g *winGrid, k int, nbr bool) *winScratch {
		select {
		case sc := <-pool:
			return sc
		default:
			return g.newScratch(k, nbr)
		}
	}
	g1 := &w.g1
	parallel.Blocks(len(g1.cnt), winBlock, workers, func(_, slo, shi int) {
		sc := get(g1, k, inclusive)
		defer func() { pool <- sc }()
		for s := slo; s < shi; s++ {
			a, b := int(g1.start[s]), int(g1.start[s])+int(g1.cnt[s])
			for p0 := a; p0 < b; p0 += 4 {
				ps := [4]int{p0, p0 + 1, p0 + 2, p0 + 3}
				g1.walk(sc, ps[:min(4, b-p0)], s)
				for q := 0; q < sc.nq; q++ {
					i := sc.self[q]
					e := sc.dist[q][k-1]
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
	pool = make(chan *winScratch, parallel.Workers(workers))
	parallel.Blocks(len(g2.cnt), winBlock, workers, func(_, slo, shi int) {
		sc := get(g2, 1, false)
		defer func() { pool <- sc }()
		ord := make([]int, winSort)
		for s := slo; s < shi; s++ {
			a, b := int(g2.start[s]), int(g2.start[s])+int(g2.cnt[s])
			// every winSort consecutive positions in the order of their
			// radii, so that a pass's four radii are alike (its window
			// is the largest one's)
			for p0 := a; p0 < b; p0 += winSort {
				m := min(winSort, b-p0)
				for j := range m {
					ord[j] = p0 + j
				}
				r2 := func(p int) float64 { return radO[w.joint2(int(g2.idx[p]))] }
				for j := 1; j < m; j++ { // insertion sort, ties by position
					v := ord[j]
					rv := r2(v)
					i := j
					for ; i > 0 && r2(ord[i-1]) > rv; i-- {
						ord[i] = ord[i-1]
					}
					ord[i] = v
				}
				for g := 0; g < m; g += 4 {
					g2.setQueries(sc, ord[g:min(g+4, m)])
					var js [4]int
					for q := 0; q < 4; q++ {
						js[q] = w.joint2(sc.self[q])
						r := radO[js[q]]
						if inclusive { // x ≤ r ⟺ x < the next double above r
							r = math.Nextafter(r, math.Inf(1))
						}
						sc.rad[q] = r
					}
					cnt := g2.countAll(sc, s)
					for q := 0; q < sc.nq; q++ {
						no[js[q]] = int32(cnt[q])
					}
				}
			}
		}
	})
}

// winSort is the number of consecutive grid-2 positions reordered by
// radius before they are counted four at a time.
var winSort = 16

// joint2 is the joint point whose other-group row is grid-2 row r.
func (w *SplitWindows) joint2(r int) int {
	if w.inv2 != nil {
		return int(w.inv2[r])
	}
	return r
}
