package knn

import (
	"math"
	"math/bits"
)

// SplitScan is the exhaustive max-norm scan of a joint space made of two
// groups of coordinates, A (da columns) and B (db columns), as KSG needs. It
// answers the joint k-nearest-neighbour query and the strict or inclusive
// radius counts in A and in B for a group of ScanGroup query points at a
// time, so that every point loaded from memory serves four queries.
//
// Layout: the points are stored in blocks of 4 (block b holds, for every
// coordinate c, the values of points 4b…4b+3), padded with +Inf to a multiple
// of 4. On amd64 with AVX2 the two passes run in assembly (4 points × 4
// queries per step, registers only), with a scalar Go fallback under -tags
// purego or without AVX2 (HaveFastScan). Distances are |p_c − q_c| combined by
// max, bit-identical to the tree and the brute force.
//
//   - KNN4: the k nearest joint neighbours. The kernel reports the points
//     whose joint distance is ≤ a per-query threshold τ; the exact selection
//     runs on those. The points are visited in chunks of growing size, and
//     after each chunk τ drops to the current k-th distance, so that about
//     k·log(n) points pass the filter besides the first chunk.
//   - Count4: the radius counts in A and B, by comparing every distance with
//     the query's radius and accumulating the comparison masks.
//
// Cost O(n·d) per query, O(n²·d) for all points — in 6–10 joint dimensions
// at n ≈ 10⁴ this beats a kd-tree, which then visits most leaves anyway.
type SplitScan struct {
	n, nblk, da, db, d int
	blk                []float64 // nblk blocks of d×4 values
}

// ScanGroup is the number of queries KNN4 and Count4 handle per call.
const ScanGroup = 4

// NewSplitScan stores the joint points (a_j, b_perm[j]) for j < n, where a is
// n×da and b is n×db row-major; perm nil is the identity. 1 ≤ da, db.
func NewSplitScan(a []float64, da int, b []float64, db int, n int, perm []int32) *SplitScan {
	nblk := (n + 3) / 4
	d := da + db
	s := &SplitScan{n: n, nblk: nblk, da: da, db: db, d: d, blk: make([]float64, nblk*d*4)}
	for j := 0; j < n; j++ {
		o := (j>>2)*d*4 + j&3
		for c := 0; c < da; c++ {
			s.blk[o+c*4] = a[j*da+c]
		}
		r := j
		if perm != nil {
			r = int(perm[j])
		}
		for c := 0; c < db; c++ {
			s.blk[o+(da+c)*4] = b[r*db+c]
		}
	}
	for j := n; j < nblk*4; j++ {
		o := (j>>2)*d*4 + j&3
		for c := 0; c < d; c++ {
			s.blk[o+c*4] = math.Inf(1)
		}
	}
	return s
}

// N returns the number of points.
func (s *SplitScan) N() int { return s.n }

// at returns coordinate c of point j.
func (s *SplitScan) at(j, c int) float64 { return s.blk[(j>>2)*s.d*4+c*4+j&3] }

// SplitScanner holds one goroutine's buffers for queries on a SplitScan.
type SplitScanner struct {
	s   *SplitScan
	q   [ScanGroup]int
	qb  []float64 // per coordinate, per query, the coordinate repeated 4 times
	qv  []float64 // per query, its d coordinates
	r   [2 * ScanGroup * 4]float64
	cnt [2 * ScanGroup * 4]int64
	out []uint32
}

// NewScanner returns a scanner with its own buffers (O(n) memory).
func (s *SplitScan) NewScanner() *SplitScanner {
	return &SplitScanner{s: s, qb: make([]float64, s.d*ScanGroup*4), qv: make([]float64, ScanGroup*s.d), out: make([]uint32, s.nblk+1)}
}

// The AVX2 k-NN filter drops a block after the first 3/5 of the
// coordinates when no query can still reach it (fewest instructions in
// BenchmarkSplitScan/knn4-spatial at d = 10).
//
// knnChunkFirst and knnChunkMax bound the chunks (in blocks of 4 points) of
// the k-NN pass: the first chunk is taken whole as candidates, then the
// threshold is the k-th distance so far and the chunks double.
const (
	knnChunkFirst = 2
	knnChunkMax   = 1024
)

// load sets the query group.
func (sc *SplitScanner) load(q [ScanGroup]int) {
	s := sc.s
	sc.q = q
	for c := 0; c < s.d; c++ {
		for g, i := range q {
			v := s.at(i, c)
			o := (c*ScanGroup + g) * 4
			sc.qb[o], sc.qb[o+1], sc.qb[o+2], sc.qb[o+3] = v, v, v, v
			sc.qv[g*s.d+c] = v
		}
	}
}

// KNN4 finds, for each of the query rows q[g] (rows of the set; repeats
// allowed), the k nearest other points in the joint space: dist[g*k:(g+1)*k]
// ascending and, unless nbr is nil, their rows in nbr[g*k:(g+1)*k], ties at
// the k-th place broken by the lower row as in Tree and Brute. Missing
// entries (fewer than k other points) are +Inf and −1.
func (sc *SplitScanner) KNN4(q [ScanGroup]int, k int, dist []float64, nbr []int32) {
	s := sc.s
	sc.load(q)
	resetKNN(dist[:ScanGroup*k], nil)
	if nbr != nil {
		resetKNN(nil, nbr[:ScanGroup*k])
	}
	var tau [ScanGroup]float64
	for g := range tau {
		tau[g] = math.Inf(1)
	}
	d := s.d
	chunk := knnChunkFirst
	for b0 := 0; b0 < s.nblk; b0 += chunk {
		if b0 > 0 {
			chunk = min(2*chunk, knnChunkMax)
		}
		nb := min(chunk, s.nblk-b0)
		m := scanKNN4(s.blk[b0*d*4:(b0+nb)*d*4], nb, d, sc.qb, &tau, sc.out)
		for _, e := range sc.out[:m] {
			blk := b0 + int(e>>16)
			pb := s.blk[blk*d*4 : blk*d*4+d*4]
			for mask := e & 0xffff; mask != 0; mask &= mask - 1 {
				bit := bits.TrailingZeros32(mask)
				g, l := bit>>2, bit&3
				j := blk*4 + l
				if j >= s.n || j == q[g] {
					continue
				}
				qv := sc.qv[g*d : g*d+d]
				var v float64
				for c, x := range qv {
					v = max(v, math.Abs(pb[c*4+l]-x))
				}
				dg := dist[g*k : g*k+k]
				if nbr != nil {
					ng := nbr[g*k : g*k+k]
					if v < dg[k-1] || (v == dg[k-1] && int32(j) < ng[k-1]) {
						insert(dg, ng, v, int32(j))
					}
				} else if v < dg[k-1] {
					insert(dg, nil, v, int32(j))
				}
			}
		}
		for g := range tau {
			tau[g] = dist[g*k+k-1]
		}
	}
}

// Count4 counts, for each query row q[g], the points (the query included)
// whose A-distance from it is < ra[g] and whose B-distance is < rb[g], or ≤
// when inclusive. Radii must not be NaN.
func (sc *SplitScanner) Count4(q [ScanGroup]int, ra, rb [ScanGroup]float64, inclusive bool) (na, nb [ScanGroup]int) {
	s := sc.s
	if sc.q != q {
		sc.load(q)
	}
	for g := 0; g < ScanGroup; g++ {
		a, b := ra[g], rb[g]
		if inclusive { // x ≤ r ⟺ x < the next double above r
			a, b = math.Nextafter(a, math.Inf(1)), math.Nextafter(b, math.Inf(1))
		}
		for l := 0; l < 4; l++ {
			sc.r[g*4+l] = a
			sc.r[(ScanGroup+g)*4+l] = b
		}
	}
	scanCount4(s.blk, s.nblk, s.d, s.da, sc.qb, &sc.r, &sc.cnt)
	for g := 0; g < ScanGroup; g++ {
		for l := 0; l < 4; l++ {
			na[g] += int(sc.cnt[g*4+l])
			nb[g] += int(sc.cnt[(ScanGroup+g)*4+l])
		}
	}
	return na, nb
}

// DistA returns the A-distance between points i and j.
func (s *SplitScan) DistA(i, j int) float64 {
	var m float64
	for c := 0; c < s.da; c++ {
		m = max(m, math.Abs(s.at(j, c)-s.at(i, c)))
	}
	return m
}

// DistB returns the B-distance between points i and j.
func (s *SplitScan) DistB(i, j int) float64 {
	var m float64
	for c := s.da; c < s.d; c++ {
		m = max(m, math.Abs(s.at(j, c)-s.at(i, c)))
	}
	return m
}

// scanKNN4 runs the k-NN filter over nb blocks: for every block whose
// points' joint distance to query g is ≤ tau[g] for some g, it appends
// block<<16 | mask to out, bit 4g+l of mask set for point l of the block.
func scanKNN4(blk []float64, nb, d int, qb []float64, tau *[ScanGroup]float64, out []uint32) int {
	if nb == 0 {
		return 0
	}
	if haveAVX2 {
		return scanKNN4AVX2(&blk[0], nb, d, max(1, d*3/5), &qb[0], &tau[0], &out[0])
	}
	m := 0
	for b := 0; b < nb; b++ {
		p := blk[b*d*4 : b*d*4+d*4]
		var mask uint32
		for g := 0; g < ScanGroup; g++ {
			for l := 0; l < 4; l++ {
				var v float64
				for c := 0; c < d; c++ {
					v = max(v, math.Abs(p[c*4+l]-qb[(c*ScanGroup+g)*4]))
				}
				if v <= tau[g] {
					mask |= 1 << (4*g + l)
				}
			}
		}
		if mask != 0 {
			out[m] = uint32(b)<<16 | mask
			m++
		}
	}
	return m
}

// scanCount4 sets cnt[g*4+l] to the number of points in lane l of every
// block with A-distance < r[g*4] from query g, and cnt[(4+g)*4+l] likewise
// in B with r[(4+g)*4]; A is the first da coordinates.
func scanCount4(blk []float64, nb, d, da int, qb []float64, r *[2 * ScanGroup * 4]float64, cnt *[2 * ScanGroup * 4]int64) {
	if haveAVX2 {
		scanCount4AVX2(&blk[0], nb, d, da, &qb[0], &r[0], &cnt[0], max(1, da*3/5), max(1, (d-da)*3/5))
		return
	}
	*cnt = [2 * ScanGroup * 4]int64{}
	for b := 0; b < nb; b++ {
		p := blk[b*d*4 : b*d*4+d*4]
		for g := 0; g < ScanGroup; g++ {
			for l := 0; l < 4; l++ {
				var va, vb float64
				for c := 0; c < da; c++ {
					va = max(va, math.Abs(p[c*4+l]-qb[(c*ScanGroup+g)*4]))
				}
				for c := da; c < d; c++ {
					vb = max(vb, math.Abs(p[c*4+l]-qb[(c*ScanGroup+g)*4]))
				}
				if va < r[g*4] {
					cnt[g*4+l]++
				}
				if vb < r[(ScanGroup+g)*4] {
					cnt[(ScanGroup+g)*4+l]++
				}
			}
		}
	}
}

// HaveFastScan reports whether SplitScan runs its vector kernels (AVX2 on
// amd64, not with -tags purego). Without them the scan is a scalar loop
// several times slower, and a kd-tree is the better choice at any size.
func HaveFastScan() bool { return haveAVX2 }

// SpatialOrder returns the rows in the order of a kd-tree over the joint
// points (max norm), so that consecutive rows are close: KNN4 and Count4
// reject more blocks early for a group of nearby queries. It depends only on
// the points, never on workers. Cost O(n·d·log n).
func (s *SplitScan) SpatialOrder(workers int) []int32 {
	rows := make([]float64, s.n*s.d)
	for j := 0; j < s.n; j++ {
		for c := 0; c < s.d; c++ {
			rows[j*s.d+c] = s.at(j, c)
		}
	}
	return Build(rows, s.n, s.d, Max, 0, workers).Order()
}
