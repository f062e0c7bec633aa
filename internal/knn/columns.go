package knn

import (
	"math"
	"math/bits"

	"github.com/itlab/itlab/internal/parallel"
)

// Columns is the 3-D max-norm all-points k-nearest-neighbour structure, the
// 3-D form of Strips: the points cut by x rank into slabs of equal count,
// each slab cut by y rank into columns of equal count, each column's points
// kept sorted by z. It is built in O(n) from a histogram of x and sorts
// within each slab (see NewColumns), with no selection and no tree. The search for a point walks
// its own column up and down in z from its own position, then the other
// columns of its slab outward in y, then the slabs outward in x, each
// slab's columns outward in y from the one holding the query's y; a walk
// stops at the first point whose z gap reaches the k-th distance found so
// far, a run of columns or slabs at the first whose y or x gap does.
// Immutable after NewColumns and safe for concurrent use.
type Columns struct {
	n          int
	xlo, xhi   []float64 // per slab: smallest and largest x
	slabCol    []int32   // slab s holds columns slabCol[s] .. slabCol[s+1]-1
	ylo, yhi   []float64 // per column: smallest and largest y
	colLo      []int32   // column c holds storage positions colLo[c] .. colLo[c+1]-1
	xs, ys, zs []float64 // storage order: column by column, z ascending within a column
	id         []int32   // storage position -> original row
	all        []float64 // xs, ys and zs, each padded by colPad on both sides
	stride     int       // distance from xs to ys and from ys to zs in all
}

// colPad is the padding around each coordinate array: one chunk of the AVX2
// column scan (a multiple of 4, at most 64).
const colPad = 16

var _ AllSearcher = (*Columns)(nil)

// ColumnsPerAxis is the number of slabs, and of columns per slab, that
// NewColumns uses for n points and k neighbours: about the count at which a
// column's cross-section matches the diameter of a k-neighbour ball.
func ColumnsPerAxis(n, k int) int {
	return max(1, int(math.Round(0.5*math.Cbrt(float64(n)/float64(k)))))
}

// NewColumns builds the structure over pts (n×3 row-major, not retained) with
// m slabs of m columns each (m ≤ 0: ColumnsPerAxis(n, k)). Slabs are cut
// by x rank (ties in row order) from a histogram of x; each slab then sorts
// its own rows by y, cuts them into columns, and sorts every column by z
// (ties in row order throughout), the slabs on at most workers goroutines.
// Every slab fits in the L2 cache, and the structure does not depend on
// workers. Cost O(n).
func NewColumns(pts []float64, n, k, m, workers int) *Columns {
	if m <= 0 {
		m = ColumnsPerAxis(n, k)
	}
	sx := (n + m - 1) / m // points per slab
	ns := (n + sx - 1) / sx
	c := &Columns{n: n, xlo: make([]float64, ns), xhi: make([]float64, ns), slabCol: make([]int32, ns+1),
		id: make([]int32, n)}
	// the coordinates in one allocation, each padded by colPad on both
	// sides so that the AVX2 scan may read a whole chunk at either end
	c.stride = n + 2*colPad
	c.all = make([]float64, 3*c.stride)
	c.xs = c.all[colPad : colPad+n]
	c.ys = c.all[c.stride+colPad : c.stride+colPad+n]
	c.zs = c.all[2*c.stride+colPad : 2*c.stride+colPad+n]
	// columns per slab: each slab's rows in y order cut into runs of
	// ceil(size/m)
	nc := 0
	for s := 0; s < ns; s++ {
		size := min((s+1)*sx, n) - s*sx
		sy := (size + m - 1) / m
		c.slabCol[s] = int32(nc)
		nc += (size + sy - 1) / sy
	}
	c.slabCol[ns] = int32(nc)
	c.colLo = make([]int32, nc+1)
	c.colLo[nc] = int32(n)
	c.ylo, c.yhi = make([]float64, nc), make([]float64, nc)
	// every row's slab, then the rows grouped by slab in row order
	slab := make([]int32, n)
	slabsByRank(pts, n, sx, slab, workers)
	// fixed blocks of rows: each block's count per slab, then every block
	// scatters its rows after those of the blocks before it (row order)
	rb := max(colRowBlock, (n+1)/2)
	nrb := parallel.NumBlocks(n, rb)
	cur := make([]int32, nrb*ns)
	parallel.Blocks(n, rb, workers, func(b, lo, hi int) {
		cnt := cur[b*ns : (b+1)*ns]
		for _, s := range slab[lo:hi] {
			cnt[s]++
		}
	})
	for s := 0; s < ns; s++ {
		o := int32(s * sx)
		for b := 0; b < nrb; b++ {
			o, cur[b*ns+s] = o+cur[b*ns+s], o
		}
	}
	parallel.Blocks(n, rb, workers, func(b, lo, hi int) {
		cur := cur[b*ns : (b+1)*ns]
		xs, ys, zs, ids := c.xs, c.ys, c.zs, c.id
		for i := lo; i < hi; i++ {
			s := slab[i]
			p := cur[s]
			cur[s] = p + 1
			xs[p], ys[p], zs[p] = pts[3*i], pts[3*i+1], pts[3*i+2]
			ids[p] = int32(i)
		}
	})
	w := min(parallel.Workers(workers), ns)
	pool := make(chan *slabScratch, w)
	for range w {
		pool <- new(slabScratch)
	}
	parallel.Blocks(ns, 1, w, func(s, _, _ int) {
		sc := <-pool
		c.buildSlab(s, s*sx, min((s+1)*sx, n), m, sc)
		pool <- sc
	})
	return c
}

// slabScratch is one goroutine's buffers for buildSlab.
type slabScratch struct {
	x, y, z      []float64
	id, ord, col []int32
	mem, cur, zo []int32
	zv           []float64
	sort         orderScratch
}

// buildSlab orders storage positions lo..hi-1 (slab s, its rows in row order
// on entry): the slab's rows by y cut into columns of ceil(size/m), each
// column's rows by z, ties in row order; it sets the slab's x range and its
// columns' starts and y ranges.
func (c *Columns) buildSlab(s, lo, hi, m int, sc *slabScratch) {
	size := hi - lo
	sc.x, sc.y, sc.z = grow(sc.x, size), grow(sc.y, size), grow(sc.z, size)
	sc.id, sc.ord, sc.col, sc.mem = grow(sc.id, size), grow(sc.ord, size), grow(sc.col, size), grow(sc.mem, size)
	x, y, z, id := sc.x, sc.y, sc.z, sc.id
	copy(x, c.xs[lo:hi])
	copy(y, c.ys[lo:hi])
	copy(z, c.zs[lo:hi])
	copy(id, c.id[lo:hi])
	// the slab's smallest and largest x, as the first and last in the
	// order (x, row)
	xl, xh := x[0], x[0]
	for _, v := range x[1:] {
		if v < xl {
			xl = v
		}
		if v >= xh {
			xh = v
		}
	}
	c.xlo[s], c.xhi[s] = xl, xh
	ord := sc.ord
	orderInto(y, ord, &sc.sort)
	sy := (size + m - 1) / m
	col0 := int(c.slabCol[s])
	ncol := (size + sy - 1) / sy
	sc.cur = grow(sc.cur, ncol)
	col, cur := sc.col, sc.cur
	for a := 0; a < ncol; a++ {
		t, e := a*sy, min((a+1)*sy, size)
		c.colLo[col0+a] = int32(lo + t)
		c.ylo[col0+a], c.yhi[col0+a] = y[ord[t]], y[ord[e-1]]
		for _, j := range ord[t:e] {
			col[j] = int32(a)
		}
		cur[a] = int32(t)
	}
	// every column's rows in row order, then by z
	mem := sc.mem
	for j, a := range col {
		p := cur[a]
		cur[a] = p + 1
		mem[p] = int32(j)
	}
	for a := 0; a < ncol; a++ {
		t, e := a*sy, min((a+1)*sy, size)
		sc.zv, sc.zo = grow(sc.zv, e-t), grow(sc.zo, e-t)
		zv, zo := sc.zv, sc.zo
		for u, j := range mem[t:e] {
			zv[u] = z[j]
		}
		orderInto(zv, zo, &sc.sort)
		// the destinations in locals: stores through c's slices would
		// make the compiler reload them every time
		xs, ys, zs, ids := c.xs[lo+t:lo+e], c.ys[lo+t:lo+e], c.zs[lo+t:lo+e], c.id[lo+t:lo+e]
		cm := mem[t:e]
		for u, q := range zo {
			j := cm[q]
			xs[u], ys[u], zs[u], ids[u] = x[j], y[j], z[j], id[j]
		}
	}
}

// colRowBlock is the smallest block of rows the builder's passes over all
// rows split into (at most two blocks: the passes are memory-bound).
const colRowBlock = 16384

// slabsByRank sets slab[i] to rank(i)/size, rank(i) the position of row i in
// the order of the x coordinates of pts (n×3), ties in row order. A
// histogram of x (n/32 buckets of equal width) places every row whose bucket
// lies within one slab; only the rows of the buckets that straddle a slab
// boundary are sorted (by stable insertion). Data whose straddling buckets
// are large (clustered, or a range that is not finite) take a full argsort.
// The passes over the rows run in fixed blocks on at most workers
// goroutines; the result does not depend on workers. Cost O(n).
func slabsByRank(pts []float64, n, size int, slab []int32, workers int) {
	if slabsByHistogram(pts, n, size, slab, workers) {
		return
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = pts[3*i]
	}
	_, xo := argsort(x)
	for p, i := range xo {
		slab[i] = int32(p / size)
	}
}

// slabStraddleMax is the largest straddling bucket slabsByHistogram sorts.
const slabStraddleMax = 256

// slabsByHistogram is slabsByRank's histogram path; false (slab partly
// written) when it does not apply.
func slabsByHistogram(pts []float64, n, size int, slab []int32, workers int) bool {
	if n < 64 || size >= n {
		if size >= n {
			clear(slab)
			return true
		}
		return false
	}
	rb := max(colRowBlock, (n+1)/2)
	nrb := parallel.NumBlocks(n, rb)
	los, his := make([]float64, nrb), make([]float64, nrb)
	parallel.Blocks(n, rb, workers, func(b, l, h int) {
		lo, hi := pts[3*l], pts[3*l]
		for i := l; i < h; i++ {
			a := pts[3*i]
			if a < lo { // not the float min/max builtins (slow in a hot loop)
				lo = a
			}
			if a > hi {
				hi = a
			}
		}
		los[b], his[b] = lo, hi
	})
	lo, hi := los[0], his[0]
	for b := range los {
		lo, hi = min(lo, los[b]), max(hi, his[b])
	}
	nb := n / 32
	width := (hi - lo) / float64(nb)
	if !(width > 0) || math.IsInf(width, 0) {
		return false
	}
	invWidth := 1 / width
	last := float64(nb - 1)
	// per block of rows: every row's bucket (held in slab until the slab
	// is known) and the block's bucket counts
	cnts := make([]int32, nrb*(nb+1))
	parallel.Blocks(n, rb, workers, func(b, l, h int) {
		cnt := cnts[b*(nb+1) : (b+1)*(nb+1)]
		for i := l; i < h; i++ {
			f := (pts[3*i] - lo) * invWidth
			if f > last {
				f = last
			}
			k := int32(f)
			slab[i] = k
			cnt[k+1]++
		}
	})
	starts := cnts[:nb+1]
	for b := 1; b < nrb; b++ {
		for k, v := range cnts[b*(nb+1) : (b+1)*(nb+1)] {
			starts[k] += v
		}
	}
	// bs[b]: the slab of every row of bucket b, or −1 if the bucket
	// straddles a slab boundary
	bs := make([]int32, nb)
	for b := 0; b < nb; b++ {
		cnt := starts[b+1]
		starts[b+1] += starts[b]
		f, l := int(starts[b]), int(starts[b+1])-1
		switch {
		case cnt == 0:
		case f/size == l/size:
			bs[b] = int32(f / size)
		case cnt > slabStraddleMax:
			return false
		default:
			bs[b] = -1
		}
	}
	// every row's slab, or −1−b for a row of a straddling bucket b (to be
	// resolved); the straddling buckets' rows get places of their own, in
	// bucket order
	next := make([]int32, nb) // a straddling bucket's first place
	var straddling int32
	for b := 0; b < nb; b++ {
		if bs[b] < 0 {
			next[b] = straddling
			straddling += starts[b+1] - starts[b]
			bs[b] = -1 - int32(b)
		}
	}
	parallel.Blocks(n, rb, workers, func(_, l, h int) {
		for i := l; i < h; i++ {
			slab[i] = bs[slab[i]]
		}
	})
	if straddling == 0 {
		return true
	}
	// the straddling rows in row order within their bucket
	pos := make([]int32, straddling)
	for i, s := range slab {
		if s >= 0 {
			continue
		}
		b := -1 - s
		p := next[b]
		next[b] = p + 1
		pos[p] = int32(i)
	}
	for b := 0; b < nb; b++ {
		if bs[b] >= 0 {
			continue
		}
		l, h := int(starts[b]), int(starts[b+1])
		if h == l {
			continue
		}
		rows := pos[int(next[b])-(h-l) : next[b]]
		for t := 1; t < len(rows); t++ {
			r := rows[t]
			a := pts[3*int(r)]
			j := t
			for j > 0 && pts[3*int(rows[j-1])] > a {
				rows[j] = rows[j-1]
				j--
			}
			rows[j] = r
		}
		for t, r := range rows {
			slab[r] = int32((l + t) / size)
		}
	}
	return true
}

// N returns the number of points.
func (c *Columns) N() int { return c.n }

// cursorAt is the first position of column col with z ≥ qz, for a query
// of column qc (see bucketCursor).
func (c *Columns) cursorAt(cc *bucketCursor, col, qc int, qz float64) int {
	lo, hi := int(c.colLo[col]), int(c.colLo[col+1])
	return lo + cc.at(c.zs[lo:hi], col, qc, qz)
}

// EachKNN implements AllSearcher: rows are visited column by column, in
// ascending z within a column.
func (c *Columns) EachKNN(k int, withNbr bool, block, workers int, fn func(b, i int, dist []float64, nbr []int32)) {
	nc := len(c.colLo) - 1
	parallel.Blocks(c.n, block, workers, func(b, lo, hi int) {
		w := colWalk{c: c, dist: make([]float64, k)}
		if withNbr {
			w.nbr = make([]int32, k)
		}
		cc := newBucketCursor(nc)
		col, slab := 0, 0
		for col+1 < nc && int(c.colLo[col+1]) <= lo {
			col++
		}
		for int(c.slabCol[slab+1]) <= col {
			slab++
		}
		bound, prev := math.Inf(1), math.Inf(1)
		for p := lo; p < hi; p++ {
			if int(c.colLo[col+1]) <= p {
				for int(c.colLo[col+1]) <= p {
					col++
				}
				for int(c.slabCol[slab+1]) <= col {
					slab++
				}
			}
			if p > lo {
				// as in Strips.EachKNN: the previous point's k-th distance
				// plus its distance to this one bounds this k-th distance
				d := math.Float64frombits(max(absBits(c.xs[p]-c.xs[p-1]), absBits(c.ys[p]-c.ys[p-1]), absBits(c.zs[p]-c.zs[p-1])))
				bound = (d + prev) * (1 + 0x1p-50)
			}
			// First try a guess of twice the previous k-th distance: if k
			// points lie within it the result is exact (nothing closer
			// than the k-th distance is pruned), otherwise search again
			// within the bound.
			if g := 2 * prev; g < bound {
				w.search(p, col, slab, g, &cc)
				if math.IsInf(w.dist[k-1], 1) {
					w.search(p, col, slab, bound, &cc)
				}
			} else {
				w.search(p, col, slab, bound, &cc)
			}
			prev = w.dist[k-1]
			fn(b, int(c.id[p]), w.dist, w.nbr)
		}
	})
}

// columnsMaxCost is the ProbeCost above which building a kd-tree as well
// beats searching the columns (measured at n = 1e5: about 140 for a
// correlated 3-D normal and 200 when one coordinate takes 10 values, where
// columns are 1.3× faster than the tree; 350 when it takes 3 values, 1.2×
// slower, but not slower than building both; 670 when it is constant,
// 2.4× slower).
const columnsMaxCost = 500

// Suited reports whether the column search suits these points for k
// neighbours (ProbeCost at most columnsMaxCost, with the AVX2 walk);
// otherwise use a Tree. Without AVX2 (or with -tags purego) the scalar
// column walk is no faster than the tree, so it never suits.
func (c *Columns) Suited(k int) bool { return haveAVX2 && c.ProbeCost(k) <= columnsMaxCost }

// ProbeCost is the mean number of points the search examines per query (a
// column visit counted as 8), over a strided sample of up to 256 points
// searched without a bound: about a hundred or two when the points spread
// in all three coordinates, several times more when one coordinate takes
// few values (then many slabs or columns lie within reach), where a
// kd-tree is the better choice.
func (c *Columns) ProbeCost(k int) float64 {
	m := min(256, c.n)
	nc := len(c.colLo) - 1
	w := colWalk{c: c, dist: make([]float64, k)}
	cc := newBucketCursor(nc)
	for j := 0; j < m; j++ {
		p := j * c.n / m
		l, h := 0, nc-1 // the last column with colLo ≤ p
		for l < h {
			mid := int(uint(l+h+1) >> 1)
			if int(c.colLo[mid]) <= p {
				l = mid
			} else {
				h = mid - 1
			}
		}
		slab := 0
		for int(c.slabCol[slab+1]) <= l {
			slab++
		}
		w.search(p, l, slab, math.Inf(1), &cc)
	}
	return float64(w.examined) / float64(m)
}

// colWalk is one goroutine's search state.
type colWalk struct {
	c          *Columns
	q          [3]float64
	buf        [2 * colPad]float64
	examined   int // points examined (a column visit counted as 8), for ProbeCost
	dist       []float64
	nbr        []int32
	qx, qy, qz float64
	lb         uint64 // bits of the exclusive limit on distances and gaps
}

// search fills w.dist (and w.nbr) for the point at storage position p, in
// column col of slab slab, given an upper bound of its k-th distance (+Inf:
// none).
func (w *colWalk) search(p, col, slab int, bound float64, cc *bucketCursor) {
	c := w.c
	resetKNN(w.dist, w.nbr)
	w.qx, w.qy, w.qz = c.xs[p], c.ys[p], c.zs[p]
	w.q = [3]float64{w.qx, w.qy, w.qz}
	w.lb = nextUpBits(bound)
	if w.nbr == nil && haveAVX2 {
		w.aroundAVX2(p, int(c.colLo[col]), int(c.colLo[col+1]), p)
	} else {
		w.walk(p+1, int(c.colLo[col+1]), 1)
		w.walk(p-1, int(c.colLo[col]), -1)
	}
	// the other columns of the own slab, outward in y
	w.slabColumns(slab, col, 0, cc, col)
	// the other slabs, outward in x
	for step := 1; ; step++ {
		l, r := slab-step, slab+step
		okL := l >= 0 && absBits(w.qx-c.xhi[l]) < w.lb
		okR := r < len(c.xlo) && absBits(c.xlo[r]-w.qx) < w.lb
		if !okL && !okR {
			return
		}
		if okL {
			w.otherSlab(l, absBits(w.qx-c.xhi[l]), cc, col)
		}
		if okR {
			if g := absBits(c.xlo[r] - w.qx); g < w.lb {
				w.otherSlab(r, g, cc, col)
			}
		}
	}
}

// otherSlab searches slab s, at x gap bits xg from the query, starting from
// the column whose y range holds the query's y (or the nearest).
func (w *colWalk) otherSlab(s int, xg uint64, cc *bucketCursor, qc int) {
	c := w.c
	lo, hi := int(c.slabCol[s]), int(c.slabCol[s+1])
	// the last column with ylo ≤ qy (or the first)
	l, h := lo, hi-1
	for l < h {
		m := int(uint(l+h+1) >> 1)
		if c.ylo[m] <= w.qy {
			l = m
		} else {
			h = m - 1
		}
	}
	if g := max(xg, w.yGap(l)); g < w.lb {
		w.column(l, cc, qc)
	}
	w.slabColumns(s, l, xg, cc, qc)
}

// yGap is the bits of the y gap between the query and column col (0 inside).
func (w *colWalk) yGap(col int) uint64 {
	c := w.c
	if w.qy < c.ylo[col] {
		return absBits(c.ylo[col] - w.qy)
	}
	if w.qy > c.yhi[col] {
		return absBits(w.qy - c.yhi[col])
	}
	return 0
}

// slabColumns searches the columns of slab s other than col, outward in y
// from col, while their gap (at least the slab's x gap bits xg) is within
// the limit.
func (w *colWalk) slabColumns(s, col int, xg uint64, cc *bucketCursor, qc int) {
	c := w.c
	lo, hi := int(c.slabCol[s]), int(c.slabCol[s+1])
	for a := col - 1; a >= lo; a-- {
		g := max(xg, w.yGap(a))
		if g >= w.lb {
			break
		}
		w.column(a, cc, qc)
	}
	for a := col + 1; a < hi; a++ {
		g := max(xg, w.yGap(a))
		if g >= w.lb {
			break
		}
		w.column(a, cc, qc)
	}
}

// column walks column col outward in z from the query's z.
func (w *colWalk) column(col int, cc *bucketCursor, qc int) {
	w.examined += 8
	q := w.c.cursorAt(cc, col, qc, w.qz)
	if w.nbr == nil && haveAVX2 {
		lo, hi := int(w.c.colLo[col]), int(w.c.colLo[col+1])
		zs := w.c.zs
		if (q < hi && absBits(zs[q]-w.qz) < w.lb) || (q > lo && absBits(w.qz-zs[q-1]) < w.lb) {
			w.aroundAVX2(q, lo, hi, -1)
		}
		return
	}
	w.walk(q, int(w.c.colLo[col+1]), 1)
	w.walk(q-1, int(w.c.colLo[col]), -1)
}

// walk offers the positions from, from+dir, … up to end (exclusive going
// up, inclusive going down) until a z gap reaches the limit.
func (w *colWalk) walk(from, end, dir int) {
	c := w.c
	xs, ys, zs := c.xs, c.ys, c.zs
	qx, qy, qz := w.qx, w.qy, w.qz
	dist := w.dist
	k := len(dist)
	lb := w.lb
	if w.nbr == nil {
		if dir > 0 {
			for j := from; j < end; j++ {
				w.examined++
				dzb := absBits(zs[j] - qz)
				if dzb >= lb {
					break
				}
				if mb := max(absBits(xs[j]-qx), absBits(ys[j]-qy), dzb); mb < lb {
					lb = insertDist(dist, mb, lb)
				}
			}
		} else {
			for j := from; j >= end; j-- {
				w.examined++
				dzb := absBits(zs[j] - qz)
				if dzb >= lb {
					break
				}
				if mb := max(absBits(xs[j]-qx), absBits(ys[j]-qy), dzb); mb < lb {
					lb = insertDist(dist, mb, lb)
				}
			}
		}
		w.lb = lb
		return
	}
	for j := from; j != end+min(dir, 0); j += dir {
		w.examined++
		dzb := absBits(zs[j] - qz)
		if dzb >= lb {
			break
		}
		mb := max(absBits(xs[j]-qx), absBits(ys[j]-qy), dzb)
		if mb >= lb {
			continue
		}
		id := c.id[j]
		if mb == math.Float64bits(dist[k-1]) && id > w.nbr[k-1] {
			continue // a tie at the k-th place with a higher row
		}
		insert(dist, w.nbr, math.Float64frombits(mb), id)
		if kb := math.Float64bits(dist[k-1]); kb < math.Float64bits(math.Inf(1)) {
			lb = min(lb, kb+1) // just above the k-th distance: ties by row
		}
	}
	w.lb = lb
}

// nextUpBits returns the bits of math.Nextafter(x, +Inf) for x ≥ 0 or +Inf
// (the exclusive limit just above a bound), without the call.
func nextUpBits(x float64) uint64 {
	if x == 0 {
		return 1 // the smallest subnormal, also for −0
	}
	b := math.Float64bits(x)
	if b >= math.Float64bits(math.Inf(1)) {
		return b
	}
	return b + 1
}

// insertDist places the distance with bits mb < lb in the ascending list
// dist, dropping the last entry, and returns the new limit's bits: the
// smaller of lb and the k-th distance.
func insertDist(dist []float64, mb, lb uint64) uint64 {
	k := len(dist)
	dv := math.Float64frombits(mb)
	i := k - 1
	for i > 0 && dist[i-1] > dv {
		dist[i] = dist[i-1]
		i--
	}
	dist[i] = dv
	return min(lb, math.Float64bits(dist[k-1]))
}

// insertMarked offers the distances buf[t] of the positions t marked in m
// (all below the limit with bits lb when the filter ran) to the ascending
// list dist and returns the new limit's bits, min(lb, k-th distance). The
// insertion is branch-free: at every place of the list the smaller of the
// entry and the carried value stays and the larger moves on, so a value at
// or above the k-th distance leaves the list as it is. The list ends as the
// compare-and-shift insertion of insertDist leaves it (the same multiset of
// distance bits: a marked distance at or above the limit when it comes
// only ever meets a full list whose last entry is at most it).
func insertMarked(dist []float64, buf *[2 * colPad]float64, m, lb uint64) uint64 {
	if m == 0 {
		return lb
	}
	if len(dist) == 3 {
		// the default k, with the list in registers
		d0, d1, d2 := math.Float64bits(dist[0]), math.Float64bits(dist[1]), math.Float64bits(dist[2])
		for m != 0 {
			d0, d1, d2 = insert3(d0, d1, d2, math.Float64bits(buf[bits.TrailingZeros64(m)&(2*colPad-1)]))
			m &= m - 1
		}
		dist[0], dist[1], dist[2] = math.Float64frombits(d0), math.Float64frombits(d1), math.Float64frombits(d2)
		return min(lb, d2)
	}
	for m != 0 {
		v := math.Float64bits(buf[bits.TrailingZeros64(m)&(2*colPad-1)])
		m &= m - 1
		for j, d := range dist {
			db := math.Float64bits(d)
			dist[j] = math.Float64frombits(min(db, v))
			v = max(db, v)
		}
	}
	return min(lb, math.Float64bits(dist[len(dist)-1]))
}

// aroundAVX2 offers the positions of [lo, hi) around c0 (those from
// c0−colPad to c0+colPad−1, with self, if ≥ 0, left out) in one pass of the
// AVX2 filter, then walks on up from c0+colPad and down from c0−colPad−1
// while the z gap allows (walkAVX2). With z sorted and c0 the first position
// with z ≥ the query's (or the query itself), the window holds the nearest
// points in z on both sides, which usually end both walks: one kernel call
// instead of two.
func (w *colWalk) aroundAVX2(c0, lo, hi, self int) {
	c := w.c
	lb := w.lb
	if lb == 0 {
		return
	}
	first := c0 - colPad // position of bit 0
	w.examined += 2 * colPad
	m := leafMax3AVX2(&c.all[colPad+first], c.stride, 2*colPad, &w.q[0], math.Float64frombits(lb-1), &w.buf[0])
	if t := lo - first; t > 0 {
		m &^= 1<<uint(t) - 1
	}
	if t := hi - first; t < 2*colPad {
		m &= 1<<uint(max(t, 0)) - 1
	}
	if self >= 0 {
		m &^= 1 << uint(self-first)
	}
	lb = insertMarked(w.dist, &w.buf, m, lb)
	w.lb = lb
	zs, qz := c.zs, w.qz
	if up := c0 + colPad; up < hi && absBits(zs[up-1]-qz) < lb {
		w.walkAVX2(up, hi, 1)
	}
	if down := first - 1; down >= lo && absBits(qz-zs[down+1]) < w.lb {
		w.walkAVX2(down, lo, -1)
	}
}

// walkAVX2 is walk without neighbour rows through the AVX2 leaf filter
// (leafMax3AVX2) over chunks of colPad consecutive positions: the filter
// computes every distance as the scalar walk does and marks those within
// the limit; positions outside the column are masked off. A run stops after
// a chunk whose farthest point in the walk's direction lies beyond the limit
// in z (z is sorted, so every later point does too).
func (w *colWalk) walkAVX2(from, end, dir int) {
	c := w.c
	zs := c.zs
	qz := w.qz
	dist := w.dist
	lb := w.lb
	all := c.all
	if dir > 0 {
		for j := from; j < end && lb > 0; j += colPad {
			if absBits(zs[j]-qz) >= lb {
				break
			}
			// positions j .. j+colPad-1, at all[colPad+j:] and the same
			// offsets in the y and z segments
			w.examined += colPad
			m := leafMax3AVX2(&all[colPad+j], c.stride, colPad, &w.q[0], math.Float64frombits(lb-1), &w.buf[0])
			if r := end - j; r < colPad {
				m &= 1<<uint(r) - 1
			}
			lb = insertMarked(dist, &w.buf, m, lb)
			if last := min(j+colPad, end) - 1; absBits(zs[last]-qz) >= lb {
				break
			}
		}
	} else {
		for j := from; j >= end && lb > 0; j -= colPad {
			if absBits(qz-zs[j]) >= lb {
				break
			}
			// positions j-colPad+1 .. j, at all[colPad+j-colPad+1:]
			w.examined += colPad
			m := leafMax3AVX2(&all[j+1], c.stride, colPad, &w.q[0], math.Float64frombits(lb-1), &w.buf[0])
			if r := j - end + 1; r < colPad {
				m &^= 1<<uint(colPad-r) - 1
			}
			lb = insertMarked(dist, &w.buf, m, lb)
			if last := max(j-colPad+1, end); absBits(qz-zs[last]) >= lb {
				break
			}
		}
	}
	w.lb = lb
}
