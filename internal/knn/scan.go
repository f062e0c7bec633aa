package knn

import "math"

// SplitScan is the exhaustive max-norm scan of a joint space made of two
// groups of coordinates, A (da columns) and B (db columns), as KSG needs:
// one pass over all points gives each point's distance in A, in B and in the
// joint space (their max), from which the k nearest joint neighbours and the
// strict or inclusive radius counts in A and in B follow without a second
// search. The points are stored column-major and padded with +Inf to a
// multiple of 8; on amd64 with AVX2 the pass runs in assembly (4 points per
// instruction, distances bit-identical to the scalar code). Cost O(n·d) per
// query, O(n²·d) for all points — in 8–10 joint dimensions at n ≈ 10⁴ this
// beats a kd-tree, which then visits most leaves anyway.
type SplitScan struct {
	n, np, da, db int
	cols          []float64 // (da+db) columns of np values
}

// NewSplitScan stores the joint points (a_j, b_perm[j]) for j < n, where a is
// n×da and b is n×db row-major; perm nil is the identity. 1 ≤ da, db.
func NewSplitScan(a []float64, da int, b []float64, db int, n int, perm []int32) *SplitScan {
	np := (n + 7) &^ 7
	d := da + db
	s := &SplitScan{n: n, np: np, da: da, db: db, cols: make([]float64, d*np)}
	for c := 0; c < da; c++ {
		col := s.cols[c*np : c*np+np]
		for j := 0; j < n; j++ {
			col[j] = a[j*da+c]
		}
		for j := n; j < np; j++ {
			col[j] = math.Inf(1)
		}
	}
	for c := 0; c < db; c++ {
		col := s.cols[(da+c)*np : (da+c)*np+np]
		for j := 0; j < n; j++ {
			r := j
			if perm != nil {
				r = int(perm[j])
			}
			col[j] = b[r*db+c]
		}
		for j := n; j < np; j++ {
			col[j] = math.Inf(1)
		}
	}
	return s
}

// N returns the number of points.
func (s *SplitScan) N() int { return s.n }

// SplitScanner holds one goroutine's buffers for queries on a SplitScan.
type SplitScanner struct {
	s          *SplitScan
	qb         []float64
	da, db, jd []float64
	cand       []int32
}

// NewScanner returns a scanner with its own buffers (O(n) memory).
func (s *SplitScan) NewScanner() *SplitScanner {
	d := s.da + s.db
	return &SplitScanner{s: s, qb: make([]float64, 4*d),
		da: make([]float64, s.np), db: make([]float64, s.np), jd: make([]float64, s.np),
		cand: make([]int32, s.np)}
}

// scan fills the A, B and joint distances from point i to every point.
func (sc *SplitScanner) scan(i int) {
	s := sc.s
	d := s.da + s.db
	if haveAVX2 {
		for c := 0; c < d; c++ {
			v := s.cols[c*s.np+i]
			sc.qb[4*c], sc.qb[4*c+1], sc.qb[4*c+2], sc.qb[4*c+3] = v, v, v, v
		}
		maxDistSplitAVX2(&sc.qb[0], &s.cols[0], s.np, s.np, d, s.da, &sc.da[0], &sc.db[0], &sc.jd[0])
		return
	}
	np := s.np
	for c := 0; c < d; c++ {
		sc.qb[c] = s.cols[c*np+i]
	}
	da, db, jd := sc.da[:np], sc.db[:np], sc.jd[:np]
	maxDistSplitGo(sc.qb[:d], s.cols, np, np, s.da, da, db)
	for j := range jd {
		jd[j] = da[j]
		if db[j] > jd[j] {
			jd[j] = db[j]
		}
	}
}

// KNN scans point i: it fills dist (length k) with the k smallest joint
// distances from i to the other points, ascending, and nbr (nil or length k)
// with their rows, and keeps the A and B distances for CountA and CountB.
func (sc *SplitScanner) KNN(i int, dist []float64, nbr []int32) {
	sc.scan(i)
	resetKNN(dist, nbr)
	n := sc.s.n
	jd := sc.jd[:n]
	jd[i] = math.Inf(1)
	k := len(dist)
	if haveAVX2 && n >= 512 && k <= 64 {
		// A strided sample of 256 points gives an upper bound τ of the k-th
		// distance; the vector filter then keeps only the points with
		// jd ≤ τ (about k/256 of them), in ascending order, and the exact
		// selection runs on those: the same neighbours as the full loop.
		step := n / 256
		for j := 0; j < n; j += step {
			if v := jd[j]; v < dist[k-1] {
				insert(dist, nbr, v, int32(j))
			}
		}
		tau := dist[k-1] // finite: the sample has ≥ 256 > k other points
		resetKNN(dist, nbr)
		m := filterLEAVX2(&sc.jd[0], sc.s.np, tau, &sc.cand[0])
		kth := dist[k-1]
		for _, j := range sc.cand[:m] {
			if v := jd[j]; v < kth {
				insert(dist, nbr, v, j)
				kth = dist[k-1]
			}
		}
		return
	}
	kth := dist[k-1]
	for j, v := range jd {
		if v < kth {
			insert(dist, nbr, v, int32(j))
			kth = dist[k-1]
		}
	}
}

// DistA returns the A-distance from the last scanned point to point j.
func (sc *SplitScanner) DistA(j int) float64 { return sc.da[j] }

// DistB returns the B-distance from the last scanned point to point j.
func (sc *SplitScanner) DistB(j int) float64 { return sc.db[j] }

// CountA counts the points (the scanned one included) whose A-distance from
// the last scanned point is < r (≤ r if inclusive).
func (sc *SplitScanner) CountA(r float64, inclusive bool) int {
	return countBelow(sc.da, r, inclusive)
}

// CountB is CountA in group B.
func (sc *SplitScanner) CountB(r float64, inclusive bool) int {
	return countBelow(sc.db, r, inclusive)
}

// countBelow counts a[j] < r (≤ r); len(a) is a multiple of 8.
func countBelow(a []float64, r float64, inclusive bool) int {
	if haveAVX2 && len(a) > 0 {
		if inclusive {
			return countLEAVX2(&a[0], len(a), r)
		}
		return countLTAVX2(&a[0], len(a), r)
	}
	c := 0
	if inclusive {
		for _, v := range a {
			if v <= r {
				c++
			}
		}
		return c
	}
	for _, v := range a {
		if v < r {
			c++
		}
	}
	return c
}

// HaveFastScan reports whether SplitScan runs its vector kernel (AVX2 on
// amd64, not with -tags purego). Without it the scan is a scalar loop several
// times slower, and a kd-tree is the better choice at any size.
func HaveFastScan() bool { return haveAVX2 }

// PairScanner holds one goroutine's buffers for queries on a SplitScan two
// or four points at a time: one pass over the points gives every query's A-
// and B-distances to every point (each loaded point vector serves all the
// queries, which saves about a third of the instructions of single scans for
// two queries, and a further sixth for four); the joint distance is their
// max, taken where needed.
type PairScanner struct {
	s          *SplitScan
	qb         []float64
	q          [4]int
	da         [4][]float64
	db         [4][]float64
	abuf, bbuf []float64 // da[g], db[g] are abuf, bbuf[g·np : (g+1)·np]
	cand       []int32
}

// NewPairScanner returns a pair scanner with its own buffers (O(n) memory).
func (s *SplitScan) NewPairScanner() *PairScanner {
	d := s.da + s.db
	np := s.np
	p := &PairScanner{s: s, qb: make([]float64, 16*d), cand: make([]int32, np),
		abuf: make([]float64, 4*np), bbuf: make([]float64, 4*np)}
	for g := range p.da {
		p.da[g] = p.abuf[g*np : (g+1)*np : (g+1)*np]
		p.db[g] = p.bbuf[g*np : (g+1)*np : (g+1)*np]
	}
	return p
}

// Scan computes the A- and B-distances from points i0 and i1 (which may be
// equal) to every point; the other methods then refer to them as query 0
// and query 1.
func (p *PairScanner) Scan(i0, i1 int) {
	s := p.s
	d := s.da + s.db
	np := s.np
	p.q = [4]int{i0, i1, i1, i1}
	if haveAVX2 {
		for g, i := range p.q[:2] {
			for c := 0; c < d; c++ {
				v := s.cols[c*np+i]
				o := g*4*d + 4*c
				p.qb[o], p.qb[o+1], p.qb[o+2], p.qb[o+3] = v, v, v, v
			}
		}
		maxDistSplit2AVX2(&p.qb[0], &s.cols[0], np, np, d, s.da, &p.da[0][0], &p.db[0][0], &p.da[1][0], &p.db[1][0])
		return
	}
	p.scanGo(2)
}

// Scan4 computes the A- and B-distances from points i0…i3 (not necessarily
// distinct) to every point, as queries 0…3, in one pass: each point vector
// serves four queries. Distances are bit-identical to Scan's.
func (p *PairScanner) Scan4(i0, i1, i2, i3 int) {
	s := p.s
	d := s.da + s.db
	np := s.np
	p.q = [4]int{i0, i1, i2, i3}
	if haveAVX2 {
		for c := 0; c < d; c++ {
			for g, i := range p.q {
				v := s.cols[c*np+i]
				o := 16*c + 4*g
				p.qb[o], p.qb[o+1], p.qb[o+2], p.qb[o+3] = v, v, v, v
			}
		}
		maxDistSplit4AVX2(&p.qb[0], &s.cols[0], np, np, d, s.da, &p.abuf[0], &p.bbuf[0], np)
		return
	}
	p.scanGo(4)
}

// pairSample is the largest sample PairScanner.KNN takes its bound from.
const pairSample = 1024

// scanGo is the scalar pass for the first m queries.
func (p *PairScanner) scanGo(m int) {
	s := p.s
	d := s.da + s.db
	np := s.np
	for g, i := range p.q[:m] {
		q := p.qb[:d]
		for c := range q {
			q[c] = s.cols[c*np+i]
		}
		maxDistSplitGo(q, s.cols, np, np, s.da, p.da[g][:np], p.db[g][:np])
	}
}

// maxDistSplitGo is the scalar pass of the maxDistSplit kernels for one
// query with coordinates q: for the m points of the column-major cols
// (coordinate c at cols[c·stride:]), the max-norm distance over the first
// split coordinates into da and over the rest into db.
func maxDistSplitGo(q, cols []float64, stride, m, split int, da, db []float64) {
	clear(da[:m])
	clear(db[:m])
	for c, qc := range q {
		col := cols[c*stride : c*stride+m]
		out := da
		if c >= split {
			out = db
		}
		for j, v := range col {
			if x := math.Abs(v - qc); x > out[j] {
				out[j] = x
			}
		}
	}
}

// KNN fills dist (length k) with the k smallest joint distances from query
// g of the last Scan or Scan4 to the other points, ascending, and nbr (nil or length
// k) with their rows, ties broken by the lower row as in SplitScanner.KNN.
func (p *PairScanner) KNN(g int, dist []float64, nbr []int32) {
	resetKNN(dist, nbr)
	n := p.s.n
	i := p.q[g]
	da, db := p.da[g][:n], p.db[g][:n]
	k := len(dist)
	// Distances are compared as bit patterns (non-negative doubles order
	// like their bits), so the max of the two groups and the test against
	// the k-th distance are conditional moves, not unpredictable branches.
	offer := func(j int, kb uint64) uint64 {
		v := max(math.Float64bits(da[j]), math.Float64bits(db[j]))
		if v < kb && j != i {
			insert(dist, nbr, math.Float64frombits(v), int32(j))
			kb = math.Float64bits(dist[k-1])
		}
		return kb
	}
	if haveAVX2 && n >= 512 && k <= 64 {
		// as in SplitScanner.KNN: an upper bound τ from a sample, then the
		// exact selection among the points with distance ≤ τ; the sample
		// is the last min(n/2, pairSample) points, whose distances the scan
		// wrote last and which are still in cache (a strided sample misses
		// it at every point). A larger sample than SplitScanner's gives a
		// tighter τ, so fewer blocks of the filter hold a candidate (each
		// such block is a mispredicted branch).
		kb := math.Float64bits(dist[k-1])
		for j := n - min(n/2, pairSample); j < n; j++ {
			kb = offer(j, kb)
		}
		tau := dist[k-1]
		resetKNN(dist, nbr)
		m := filterMaxLEAVX2(&p.da[g][0], &p.db[g][0], p.s.np, tau, &p.cand[0])
		kb = math.Float64bits(dist[k-1])
		for _, j := range p.cand[:m] {
			if int(j) < n {
				kb = offer(int(j), kb)
			}
		}
		return
	}
	kb := math.Float64bits(dist[k-1])
	for j := 0; j < n; j++ {
		kb = offer(j, kb)
	}
}

// DistA returns the A-distance from query g of the last Scan to point j.
func (p *PairScanner) DistA(g, j int) float64 { return p.da[g][j] }

// DistB returns the B-distance from query g of the last Scan to point j.
func (p *PairScanner) DistB(g, j int) float64 { return p.db[g][j] }

// CountA counts the points (the query included) whose A-distance from query
// g of the last Scan is < r (≤ r if inclusive).
func (p *PairScanner) CountA(g int, r float64, inclusive bool) int {
	return countBelow(p.da[g], r, inclusive)
}

// CountB is CountA in group B.
func (p *PairScanner) CountB(g int, r float64, inclusive bool) int {
	return countBelow(p.db[g], r, inclusive)
}

// CountAB returns CountA(g, ra, inclusive) and CountB(g, rb, inclusive) in
// one pass over the distances. Radii must not be NaN.
func (p *PairScanner) CountAB(g int, ra, rb float64, inclusive bool) (na, nb int) {
	if inclusive { // x ≤ r ⟺ x < the next double above r
		ra, rb = math.Nextafter(ra, math.Inf(1)), math.Nextafter(rb, math.Inf(1))
	}
	if haveAVX2 && len(p.da[g]) > 0 {
		return countLT2AVX2(&p.da[g][0], &p.db[g][0], len(p.da[g]), ra, rb)
	}
	return countBelow(p.da[g], ra, false), countBelow(p.db[g], rb, false)
}
