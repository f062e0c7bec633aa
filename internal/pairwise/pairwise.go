package pairwise

import (
	"fmt"
	"math"
	"sync"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

const (
	// pad is the number of readable columns after the last one in every
	// transposed row, b and column accumulator: the assembly kernel reads
	// whole 32-column steps and masks the tail.
	pad = 32
	// rowBlock is the number of rows per work unit.
	rowBlock = 32
	// maxSlots bounds the number of private column-accumulator sets of the
	// symmetric driver (and with it its parallelism).
	maxSlots = 8
	// slotBytes bounds the memory of all symmetric column accumulators.
	slotBytes = 64 << 20
	// colBlockBytes is the working set of one column block.
	colBlockBytes = 256 << 10
	// tinySum is the threshold under which the log variants recompute a sum
	// with a max shift.
	tinySum = 1e-280
)

// Work buffers (transposed samples, symmetric column accumulators and
// results) are kept between calls: the KDE estimators call the sums once
// per layer and epoch, and n = 4096 allocates ≈ 1 MB per call otherwise.
// Buffers are cleared before use, so results do not depend on reuse.
var ytPool, colPool, resPool sync.Pool // of *[]float64

// getBuf returns a slice of length n from pool (zeroed if zero is set).
func getBuf(pool *sync.Pool, n int, zero bool) []float64 {
	if v, ok := pool.Get().(*[]float64); ok && cap(*v) >= n {
		b := (*v)[:n]
		if zero {
			clear(b)
		}
		return b
	}
	return make([]float64, n)
}

func putBuf(pool *sync.Pool, b []float64) { pool.Put(&b) }

// colBlock returns the number of columns per block: the block's transposed
// coordinates, b values and per-group column accumulators take ≈ 256 KiB, so
// that a block stays in L2 while every row passes over it.
func colBlock(d, g int) int {
	c := colBlockBytes / (8 * (d + 2 + g))
	c &^= 7
	return min(max(c, 64), 8192)
}

// prepared is a sample set laid out for the kernels: centred, sorted by
// group, transposed and padded.
type prepared struct {
	n, d, ld int
	yt       []float64 // d×ld: yt[k*ld+j] = y_{perm[j],k} − mean_k
	b        []float64 // len ld: −s‖y_j − mean‖² (0 in the padding)
	perm     []int     // perm[j] = original row of sorted column j
	gstart   []int     // group h is sorted columns [gstart[h], gstart[h+1])
	gof      []int     // gof[j] = group of sorted column j
	mean     []float64 // the centre
}

func meanRows(x []float64, n, d int) []float64 {
	mu := make([]float64, d)
	for i := 0; i < n; i++ {
		row := x[i*d : i*d+d]
		for k, v := range row {
			mu[k] += v
		}
	}
	if n > 0 {
		for k := range mu {
			mu[k] /= float64(n)
		}
	}
	return mu
}

func prepare(y []float64, n, d int, group []int, ng int, mean []float64, scale float64) *prepared {
	ld := (n+7)&^7 + pad
	p := &prepared{n: n, d: d, ld: ld, mean: mean}
	p.gstart = make([]int, ng+1)
	for j := 0; j < n; j++ {
		h := 0
		if group != nil {
			h = group[j]
		}
		if h < 0 || h >= ng {
			panic(fmt.Sprintf("pairwise: group %d of row %d outside [0,%d)", h, j, ng))
		}
		p.gstart[h+1]++
	}
	for h := 0; h < ng; h++ {
		p.gstart[h+1] += p.gstart[h]
	}
	next := append([]int(nil), p.gstart[:ng]...)
	p.perm = make([]int, n)
	p.gof = make([]int, n)
	for j := 0; j < n; j++ {
		h := 0
		if group != nil {
			h = group[j]
		}
		p.perm[next[h]] = j
		p.gof[next[h]] = h
		next[h]++
	}
	p.yt = getBuf(&ytPool, d*ld, false)
	for k := 0; k < d; k++ {
		clear(p.yt[k*ld+n : (k+1)*ld]) // the padding the kernels read
	}
	p.b = make([]float64, ld)
	for j, o := range p.perm {
		row := y[o*d : o*d+d]
		var s2 float64
		for k, v := range row {
			c := v - mean[k]
			p.yt[k*ld+j] = c
			s2 += c * c
		}
		p.b[j] = -scale * s2
	}
	return p
}

// rowCoef fills c with 2s·(x − mean) and returns a = −s‖x − mean‖².
func rowCoef(c, x, mean []float64, scale float64) float64 {
	var s2 float64
	for k, v := range x {
		v -= mean[k]
		c[k] = 2 * scale * v
		s2 += v * v
	}
	return -scale * s2
}

func checkArgs(x []float64, n, d int, group []int, ng int, scale float64) {
	if n < 0 || d < 1 || len(x) < n*d {
		panic(fmt.Sprintf("pairwise: %d values for %d×%d", len(x), n, d))
	}
	if group != nil && len(group) != n {
		panic(fmt.Sprintf("pairwise: %d groups for %d rows", len(group), n))
	}
	if ng < 1 {
		panic("pairwise: need at least one group")
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		panic(fmt.Sprintf("pairwise: scale %v", scale))
	}
}

// SymSums computes, for the n rows x_i of the row-major n×d matrix x with
// group labels group[i] ∈ [0, ng) (nil means one group),
//
//	dst[h*n+i] = Σ_{j: group[j]=h} exp(−scale·‖x_i − x_j‖²),
//
// including the term j = i (exactly 1), so the own-group sum of every row is
// ≥ 1. Sums over other groups may underflow (terms below e^−708.4 are 0 or
// below 2^−1022, see the package doc); use
// SymLogSums when they matter. dst must have length ng·n (nil allocates); it
// is returned. workers bounds the goroutines (0 = GOMAXPROCS); the result is
// bit-identical for any workers value. Time O(n²·d/2), memory
// O(n·(d + G·slots)). It panics on inconsistent lengths or a scale that is
// not finite and > 0 (callers validate user data first).
func SymSums(dst, x []float64, n, d int, group []int, ng int, scale float64, workers int) []float64 {
	checkArgs(x, n, d, group, ng, scale)
	if dst == nil {
		dst = make([]float64, ng*n)
	}
	if len(dst) != ng*n {
		panic("pairwise: dst length")
	}
	if n == 0 {
		return dst
	}
	// the kernels compute 2^y: exponents in base 2
	ls := scale * log2e
	p := prepare(x, n, d, group, ng, meanRows(x, n, d), ls)
	res := p.sym(ng, ls, workers)
	for h := 0; h < ng; h++ {
		for j, o := range p.perm {
			dst[h*n+o] = res[h*n+j]
		}
	}
	putBuf(&resPool, res)
	putBuf(&ytPool, p.yt)
	return dst
}

// slotOf assigns row block bi to one of s slots in a snake order
// (0,1,…,s−1,s−1,…,0,0,1,…) so that the triangular work is balanced.
func slotOf(bi, s int) int {
	r := bi % (2 * s)
	if r < s {
		return r
	}
	return 2*s - 1 - r
}

// sym returns the symmetric sums in sorted order, res[h*n+j].
func (p *prepared) sym(ng int, scale float64, workers int) []float64 {
	n, d, ld := p.n, p.d, p.ld
	cb := colBlock(d, ng)
	nb := (n + rowBlock - 1) / rowBlock
	ns := min(maxSlots, nb)
	for ns > 1 && ns*ng*ld*8 > slotBytes {
		ns--
	}
	res := getBuf(&resPool, ng*n, true)
	cols := make([][]float64, ns)
	// every exponent −s‖x_i − x_j‖² is ≥ −s(‖x_i − μ‖ + ‖x_j − μ‖)² ≥
	// 4·min_j b_j; far above −1022 the kernel need not clamp
	var mb float64
	for _, v := range p.b[:n] {
		mb = min(mb, v)
	}
	bounded := 4*mb >= -1000
	parallel.Blocks(ns, 1, workers, func(s, _, _ int) {
		col := getBuf(&colPool, ng*ld, true)
		c := make([]float64, d)
		c2 := make([]float64, 2*d)
		cs := make([]float64, 2*d)
		var tmp []float64 // scratch of the pure-Go kernel only
		if kernel == kGo {
			tmp = make([]float64, 2*(cb+pad))
		}
		for J0 := 0; J0 < n; J0 += cb {
			J1 := min(J0+cb, n)
			for bi := 0; bi < nb; bi++ {
				if slotOf(bi, ns) != s {
					continue
				}
				lo := bi * rowBlock
				if lo+1 >= J1 {
					break
				}
				hi := min(lo+rowBlock, n)
				for i := lo; i < hi; {
					j := max(J0, i+1)
					if j >= J1 {
						break
					}
					for k := 0; k < d; k++ {
						c[k] = 2 * scale * p.yt[k*ld+i]
					}
					a := p.b[i]
					gi := p.gof[i]
					colg := col[gi*ld : (gi+1)*ld]
					if i+1 < hi && p.gof[i+1] == gi && max(J0, i+2) < J1 {
						// rows i and i+1 together (same group, so their
						// column terms go to the same accumulator); the
						// pair (i, i+1) itself first, by the one-row kernel
						if j == i+1 {
							if kernel == kGo {
								// (math.FMA may be software without the assembly kernels)
								res[gi*n+i] += rowSum(c, a, p.yt[j:], ld, p.b[j:], colg[j:], 1, tmp)
							} else {
								v := pairTerm(c, a, p.yt[j:], ld, p.b[j])
								res[gi*n+i] += v
								colg[j] += v
							}
							j++
						}
						for k := 0; k < d; k++ {
							c2[2*k] = c[k]
							c2[2*k+1] = 2 * scale * p.yt[k*ld+i+1]
						}
						a1 := p.b[i+1]
						h := p.gof[j]
						for j < J1 {
							e := min(p.gstart[h+1], J1)
							if e > j {
								s0, s1 := rowSum2(c2, cs, a, a1, p.yt[j:], ld, p.b[j:], colg[j:], e-j, tmp, bounded)
								res[h*n+i] += s0
								res[h*n+i+1] += s1
								j = e
							}
							h++
						}
						i += 2
						continue
					}
					h := p.gof[j]
					for j < J1 {
						e := min(p.gstart[h+1], J1)
						if e > j {
							res[h*n+i] += rowSum(c, a, p.yt[j:], ld, p.b[j:], colg[j:], e-j, tmp)
							j = e
						}
						h++
					}
					i++
				}
			}
		}
		cols[s] = col
	})
	for s := 0; s < ns; s++ {
		for h := 0; h < ng; h++ {
			r := res[h*n : h*n+n]
			cs := cols[s][h*ld : h*ld+n]
			for j := range r {
				r[j] += cs[j]
			}
		}
	}
	for s := 0; s < ns; s++ {
		putBuf(&colPool, cols[s])
	}
	for j := 0; j < n; j++ {
		res[p.gof[j]*n+j]++
	}
	return res
}

// CrossSums computes, for the m rows x_i of x (m×d) and the n rows y_j of y
// (n×d) with group labels group[j] ∈ [0, ng) (nil: one group),
//
//	dst[h*m+i] = Σ_{j: group[j]=h} exp(−scale·‖x_i − y_j‖²).
//
// Entries may underflow (terms below e^−708.4 are flushed); use CrossLogSums when
// they matter. dst must have length ng·m (nil allocates). Bit-identical for
// any workers value. Time O(m·n·d), memory O((m+n)·d + ng·m).
func CrossSums(dst, x []float64, m int, y []float64, n, d int, group []int, ng int, scale float64, workers int) []float64 {
	checkArgs(y, n, d, group, ng, scale)
	checkArgs(x, m, d, nil, 1, scale)
	if dst == nil {
		dst = make([]float64, ng*m)
	}
	if len(dst) != ng*m {
		panic("pairwise: dst length")
	}
	clear(dst)
	if m == 0 || n == 0 {
		return dst
	}
	ls := scale * log2e // base-2 exponents
	p := prepare(y, n, d, group, ng, meanRows(y, n, d), ls)
	cb := colBlock(d, 0)
	// every exponent −s‖x_i − y_j‖² is ≥ −(√(s‖x_i − μ‖²) + √(−b_j))²; far
	// above −1022 the kernel need not clamp
	var ma, mb float64
	for i := 0; i < m; i++ {
		var s2 float64
		for k, v := range x[i*d : i*d+d] {
			t := v - p.mean[k]
			s2 += t * t
		}
		ma = max(ma, ls*s2)
	}
	for _, v := range p.b[:n] {
		mb = max(mb, -v)
	}
	r := math.Sqrt(ma) + math.Sqrt(mb)
	bounded := r*r <= 1000
	parallel.Blocks(m, 4*rowBlock, workers, func(_, lo, hi int) {
		c := make([]float64, d)
		c1 := make([]float64, d)
		c2 := make([]float64, 2*d)
		cs := make([]float64, 2*d)
		var tmp []float64 // scratch of the pure-Go kernel only
		if kernel == kGo {
			tmp = make([]float64, 2*(cb+pad))
		}
		for J0 := 0; J0 < n; J0 += cb {
			J1 := min(J0+cb, n)
			i := lo
			for ; i+1 < hi; i += 2 {
				a0 := rowCoef(c, x[i*d:i*d+d], p.mean, ls)
				a1 := rowCoef(c1, x[(i+1)*d:(i+1)*d+d], p.mean, ls)
				for k := 0; k < d; k++ {
					c2[2*k], c2[2*k+1] = c[k], c1[k]
				}
				j, h := J0, p.gof[J0]
				for j < J1 {
					e := min(p.gstart[h+1], J1)
					if e > j {
						s0, s1 := rowSum2(c2, cs, a0, a1, p.yt[j:], p.ld, p.b[j:], nil, e-j, tmp, bounded)
						dst[h*m+i] += s0
						dst[h*m+i+1] += s1
						j = e
					}
					h++
				}
			}
			if i < hi {
				a := rowCoef(c, x[i*d:i*d+d], p.mean, ls)
				j, h := J0, p.gof[J0]
				for j < J1 {
					e := min(p.gstart[h+1], J1)
					if e > j {
						dst[h*m+i] += rowSum(c, a, p.yt[j:], p.ld, p.b[j:], nil, e-j, tmp)
						j = e
					}
					h++
				}
			}
		}
	})
	putBuf(&ytPool, p.yt)
	return dst
}

// SymLogSums is SymSums returning ln of each sum. Entries whose plain sum is
// below 1e-280 are recomputed with a max shift (exact at any scale); an empty
// group gives −Inf.
func SymLogSums(dst, x []float64, n, d int, group []int, ng int, scale float64, workers int) []float64 {
	dst = SymSums(dst, x, n, d, group, ng, scale, workers)
	fixLogs(dst, x, n, x, n, d, group, ng, scale, workers)
	return dst
}

// CrossLogSums is CrossSums returning ln of each sum, with the same
// guarantee as SymLogSums.
func CrossLogSums(dst, x []float64, m int, y []float64, n, d int, group []int, ng int, scale float64, workers int) []float64 {
	dst = CrossSums(dst, x, m, y, n, d, group, ng, scale, workers)
	fixLogs(dst, x, m, y, n, d, group, ng, scale, workers)
	return dst
}

// fixLogs replaces every sum by its log, recomputing tiny ones exactly.
func fixLogs(dst, x []float64, m int, y []float64, n, d int, group []int, ng int, scale float64, workers int) {
	var members [][]int
	parallel.Blocks(m, 4*rowBlock, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			for h := 0; h < ng; h++ {
				if v := dst[h*m+i]; v >= tinySum {
					dst[h*m+i] = math.Log(v)
				} else {
					dst[h*m+i] = math.NaN() // marked for the exact pass
				}
			}
		}
	})
	for _, v := range dst {
		if math.IsNaN(v) {
			members = make([][]int, ng)
			for j := 0; j < n; j++ {
				h := 0
				if group != nil {
					h = group[j]
				}
				members[h] = append(members[h], j)
			}
			break
		}
	}
	if members == nil {
		return
	}
	parallel.Blocks(m, 4*rowBlock, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			for h := 0; h < ng; h++ {
				if math.IsNaN(dst[h*m+i]) {
					dst[h*m+i] = logSumExact(x[i*d:i*d+d], y, d, members[h], scale)
				}
			}
		}
	})
}

// logSumExact returns ln Σ_{j∈idx} exp(−scale‖x − y_j‖²) with a max shift.
func logSumExact(x, y []float64, d int, idx []int, scale float64) float64 {
	if len(idx) == 0 {
		return math.Inf(-1)
	}
	mx := math.Inf(-1)
	for _, j := range idx {
		if e := -scale * sqDist(x, y[j*d:j*d+d]); e > mx {
			mx = e
		}
	}
	var s float64
	for _, j := range idx {
		s += math.Exp(-scale*sqDist(x, y[j*d:j*d+d]) - mx)
	}
	return mx + math.Log(s)
}

func sqDist(x, y []float64) float64 {
	y = y[:len(x)]
	var s float64
	for k, v := range x {
		t := v - y[k]
		s += t * t
	}
	return s
}

// LogSumExp returns ln Σ exp(v_i), summed in index order after a max shift
// (−Inf for an empty slice or all −Inf).
func LogSumExp(v []float64) float64 {
	mx := math.Inf(-1)
	for _, x := range v {
		mx = max(mx, x)
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	var s float64
	for _, x := range v {
		s += math.Exp(x - mx)
	}
	return mx + math.Log(s)
}

// SymLogTotal returns ln Σ_{i,j} exp(−scale·‖x_i − x_j‖²) over all ordered
// pairs of rows of x (n×d, including i = j), the within-set term of the
// Cauchy–Schwarz divergence and MMD. It is ≥ ln n; time O(n²·d/2).
func SymLogTotal(x []float64, n, d int, scale float64, workers int) float64 {
	return LogSumExp(SymLogSums(nil, x, n, d, nil, 1, scale, workers))
}

// CrossLogTotal returns ln Σ_{i,j} exp(−scale·‖x_i − y_j‖²) over the rows
// of x (m×d) and y (n×d), computed stably at any scale (−Inf only if a set
// is empty). Time O(m·n·d).
func CrossLogTotal(x []float64, m int, y []float64, n, d int, scale float64, workers int) float64 {
	return LogSumExp(CrossLogSums(nil, x, m, y, n, d, nil, 1, scale, workers))
}

// CheckScale reports an ErrParam error if scale·‖x_i − μ‖² (μ the mean row)
// is too large for the distance expansion for a row of x (n×d): the
// kernels work with base-2 exponents, and a_i + b_j + 2s·x_i·y_j with
// |each| ≤ 4·log₂e·scale·max‖x − μ‖² must stay finite (else Inf − Inf).
// It happens only for values near 1e153/√scale; callers that take user data
// check it before calling the sums.
func CheckScale(x []float64, n, d int, scale float64) error {
	mu := meanRows(x, n, d)
	for i := 0; i < n; i++ {
		var s2 float64
		for k, v := range x[i*d : i*d+d] {
			t := v - mu[k]
			s2 += t * t
		}
		if v := 4 * log2e * scale * s2; math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("pairwise: row %d: squared norm %v times kernel scale %v overflows: %w", i, s2, scale, check.ErrParam)
		}
	}
	return nil
}
