package gemm

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/itlab/itlab/internal/parallel"
)

// Dgemm computes C = alpha·op(A)·op(B) + beta·C on row-major matrices.
// op(A) is m×k (A is m×k with leading dimension lda, or k×m if tA),
// op(B) is k×n (B is k×n with ldb, or n×k if tB), C is m×n with ldc.
// With beta == 0, C is overwritten and its previous contents (even NaN) are
// ignored. workers bounds the goroutines used (0 = GOMAXPROCS, 1 = calling
// goroutine only); results are bit-identical for any workers value.
//
// C must not overlap A or B (A and B may be the same slice, as in X·Xᵀ).
//
// Cost: 2·m·n·k flops. Small problems (k ≤ 32, or few flops) take a direct
// path that packs only B; it does not allocate in steady state. A goroutine
// is started only per 2 Mflop of work or more, so small products run on the
// calling goroutine whatever the budget. Dgemm panics if a dimension is negative, a leading
// dimension is smaller than its row length, or a slice is too short: those
// are programming errors, as in BLAS.
func Dgemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, workers int) {
	dgemm(&active, pathAuto, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, workers)
}

// path selects the algorithm; tests force each one, Dgemm uses pathAuto.
type path uint8

const (
	pathAuto path = iota
	pathDirect
	pathPacked
)

// Tuning constants for path selection and parallelism.
const (
	// directMaxK: with k at most this, packing A costs as much as the
	// multiply itself, so the direct path reads A in place.
	directMaxK = 32
	// directMaxFlops: below this many flops (2mnk) every problem takes the
	// direct path, whatever k.
	directMaxFlops = 2 * 64 * 64 * 64
	// directMaxB bounds the packed copy of all of B the direct path makes.
	directMaxB = 1 << 18
)

// minFlopsPerWorker: a goroutine is started only for at least this much work
// (about 50 µs at 40 GFLOPS), so small products stay on the caller. A
// variable so that tests can force parallelism on small shapes.
var minFlopsPerWorker = float64(2 << 20)

func dgemm(kn *kernel, pth path, tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, workers int) {
	checkArgs(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	flops := 2 * float64(m) * float64(n) * float64(k)
	w := parallel.Workers(workers)
	if maxW := int(flops / minFlopsPerWorker); w > maxW {
		w = max(maxW, 1)
	}
	nPad := roundUp(n, kn.nr)
	if pth == pathAuto {
		pth = pathPacked
		if (k <= directMaxK || flops <= directMaxFlops) && k*nPad <= directMaxB {
			pth = pathDirect
		}
	}
	if pth == pathDirect {
		direct(kn, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, w)
		return
	}
	packed(kn, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, w)
}

func checkArgs(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	ra, ca := m, k
	if tA {
		ra, ca = k, m
	}
	rb, cb := k, n
	if tB {
		rb, cb = n, k
	}
	checkMat("a", a, ra, ca, lda)
	checkMat("b", b, rb, cb, ldb)
	checkMat("c", c, m, n, ldc)
}

func checkMat(name string, x []float64, r, c, ld int) {
	if ld < max(1, c) {
		panic(fmt.Sprintf("gemm: leading dimension of %s is %d, less than its %d columns", name, ld, c))
	}
	if r > 0 && c > 0 && len(x) < (r-1)*ld+c {
		panic(fmt.Sprintf("gemm: %s has %d elements, needs %d for %d×%d with stride %d", name, len(x), (r-1)*ld+c, r, c, ld))
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// kcFor returns the k-block depth used for inner dimension k: the fewest
// blocks of at most kn.kc, made equal (rounded up to a multiple of 4 for the
// vector packers), so that k = 300 runs as 152+148 rather than 256+44. It
// depends on k only, so every path, region and worker count uses the same
// blocking and therefore the same summation order.
func (kn *kernel) kcFor(k int) int {
	if k <= kn.kc {
		return max(k, 1)
	}
	nb := (k + kn.kc - 1) / kn.kc
	return min(kn.kc, roundUp((k+nb-1)/nb, 4))
}

// scaleC sets C = beta·C (C = 0 when beta is 0, ignoring NaN in C).
func scaleC(m, n int, beta float64, c []float64, ldc int) {
	if beta == 1 {
		return
	}
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}

// fanOut runs fn(0..w-1) concurrently: regions 1..w-1 on new goroutines and
// region 0 on the caller, which saves one goroutine hand-off per call.
func fanOut(w int, fn func(r int)) {
	var wg sync.WaitGroup
	wg.Add(w - 1)
	for r := 1; r < w; r++ {
		go func() {
			defer wg.Done()
			fn(r)
		}()
	}
	fn(0)
	wg.Wait()
}

// buffers are one worker's packing buffers, recycled through bufPool so that
// steady-state calls do not allocate.
type buffers struct{ a, b []float64 }

var bufPool sync.Pool // *buffers

func getBuffers(na, nb int) *buffers {
	x, _ := bufPool.Get().(*buffers)
	if x == nil {
		x = new(buffers)
	}
	if cap(x.a) < na {
		x.a = make([]float64, na)
	}
	if cap(x.b) < nb {
		x.b = make([]float64, nb)
	}
	x.a, x.b = x.a[:na], x.b[:nb]
	return x
}

// tile runs the kernel on one mb×nb tile of C (mb ≤ mr, nb ≤ nr). A full
// tile is written in place; an edge tile goes to the kernel's masked edge
// variant when it has one (AVX2), else through a stack scratch tile whose
// valid part is combined into C with the same fused beta·C + acc the kernel
// uses, so the bits do not depend on tile position.
func tile(kn *kernel, kb int, a []float64, rsA, csA int, b, c []float64, ldc int, beta float64, mb, nb int) {
	if mb == kn.mr && nb == kn.nr {
		callKernel(kn.id, kb, a, rsA, csA, b, c, ldc, beta)
		return
	}
	if callEdgeKernel(kn.id, kb, a, rsA, csA, b, c, ldc, beta, mb, nb) {
		return
	}
	var t [maxMR * maxNR]float64
	nr := kn.nr
	callKernel(kn.id, kb, a, rsA, csA, b, t[:], nr, 0)
	for r := 0; r < mb; r++ {
		src := t[r*nr : r*nr+nb]
		dst := c[r*ldc : r*ldc+nb]
		if beta == 0 {
			copy(dst, src)
			continue
		}
		for j, v := range src {
			dst[j] = math.FMA(beta, dst[j], v)
		}
	}
}

// packB copies the kb×nb block of alpha·op(B) starting at (p0, j0) into dst as
// ceil(nb/nr) panels, each kb×nr row-major ([p][nr]) and zero-padded on the
// right; panel q starts at dst[q*kb*nr]. Full panels use the vector packers.
func packB(kn *kernel, tB bool, b []float64, ldb, p0, kb, j0, nb int, alpha float64, dst []float64) {
	nr := kn.nr
	q0 := 0
	if !tB && nb >= nr && packPanelsN(nr, kb, nb/nr, b[p0*ldb+j0:], ldb, dst, kb*nr, alpha) {
		q0 = nb / nr // full panels done row by row, contiguous reads
	}
	for q := q0; q*nr < nb; q++ {
		jj := j0 + q*nr
		w := min(nr, j0+nb-jj)
		d := dst[q*kb*nr : (q+1)*kb*nr]
		if !tB {
			// Ragged panel (w < nr). Rows whose nr-wide read stays inside b
			// (it runs into the next row, or the padding) are copied by the
			// vector packer and their extra columns zeroed; the rest, at most
			// the last few rows, by a plain loop. This is most of the packing
			// of a product like 12×512·512×10.
			p := 0
			if last := len(b) - jj - nr; last >= 0 {
				if safe := min(kb, last/ldb-p0+1); safe > 0 && packRowsN(nr, safe, b[p0*ldb+jj:], ldb, d, alpha) {
					for ; p < safe; p++ {
						pad := d[p*nr+w : p*nr+nr]
						for j := range pad {
							pad[j] = 0
						}
					}
				}
			}
			for ; p < kb; p++ {
				src := b[(p0+p)*ldb+jj : (p0+p)*ldb+jj+w]
				row := d[p*nr : p*nr+nr]
				for j, v := range src {
					row[j] = alpha * v
				}
				for j := w; j < nr; j++ {
					row[j] = 0
				}
			}
			continue
		}
		p4 := 0
		if w == nr && packRowsT(nr, kb/4, b[jj*ldb+p0:], ldb, d, alpha) {
			p4 = kb &^ 3
		}
		for j := 0; j < w; j++ {
			src := b[(jj+j)*ldb+p0 : (jj+j)*ldb+p0+kb]
			for p := p4; p < kb; p++ {
				d[p*nr+j] = alpha * src[p]
			}
		}
		if w < nr {
			for p := 0; p < kb; p++ {
				clear(d[p*nr+w : p*nr+nr])
			}
		}
	}
}

// packA copies the mb×kb block of op(A) starting at (i0, p0) into dst as
// ceil(mb/mr) panels, each kb×mr ([p][mr], so row r of the panel is read with
// stride mr) and zero-padded below; panel q starts at dst[q*kb*mr]. Full
// panels use the vector packers.
func packA(kn *kernel, tA bool, a []float64, lda, i0, mb, p0, kb int, dst []float64) {
	mr := kn.mr
	for q := 0; q*mr < mb; q++ {
		ii := i0 + q*mr
		h := min(mr, i0+mb-ii)
		d := dst[q*kb*mr : (q+1)*kb*mr]
		if tA {
			if h == mr && packRowsN(mr, kb, a[p0*lda+ii:], lda, d, 1) {
				continue
			}
			for p := 0; p < kb; p++ {
				row := d[p*mr : p*mr+mr]
				copy(row, a[(p0+p)*lda+ii:(p0+p)*lda+ii+h])
				clear(row[h:])
			}
			continue
		}
		p4 := 0
		if h == mr && packRowsT(mr, kb/4, a[ii*lda+p0:], lda, d, 1) {
			p4 = kb &^ 3
		}
		for r := 0; r < h; r++ {
			src := a[(ii+r)*lda+p0 : (ii+r)*lda+p0+kb]
			for p := p4; p < kb; p++ {
				d[p*mr+r] = src[p]
			}
		}
		if h < mr {
			for p := 0; p < kb; p++ {
				clear(d[p*mr+h : p*mr+mr])
			}
		}
	}
}

// direct is the path for small problems: all of alpha·op(B) is packed once
// and A is read in place by the kernel through its row and column strides.
// Only a ragged last row panel is packed (the kernel always reads mr rows).
// Rows are split among w workers in whole tiles.
func direct(kn *kernel, tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, w int) {
	mr, kc := kn.mr, kn.kc
	nPad := roundUp(n, kn.nr)
	bufs := getBuffers(mr*kc, k*nPad)
	packB(kn, tB, b, ldb, 0, k, 0, n, alpha, bufs.b)
	rsA, csA := lda, 1
	if tA {
		rsA, csA = 1, lda
	}
	tiles := (m + mr - 1) / mr
	w = min(w, tiles)
	if w <= 1 {
		directRows(kn, tA, 0, m, m, n, k, a, lda, rsA, csA, bufs, beta, c, ldc)
	} else {
		fanOut(w, func(r int) {
			i0, i1 := r*tiles/w*mr, min((r+1)*tiles/w*mr, m)
			directRows(kn, tA, i0, i1, m, n, k, a, lda, rsA, csA, bufs, beta, c, ldc)
		})
	}
	bufPool.Put(bufs)
}

// directRows computes rows [i0, i1) of C on the direct path. Only the range
// that ends at m can hold a ragged panel, so bufs.a is used by one worker.
// Loops: pc (kc) → jc → ic → jr → a column of row tiles in one kernel call.
// The jc and ic blocks are sized so that the kb×ncd slice of packed B and
// the mcd×kb block of A each take half the L2 budget of an mc×kc A block.
func directRows(kn *kernel, tA bool, i0, i1, m, n, k int, a []float64, lda, rsA, csA int, bufs *buffers, beta float64, c []float64, ldc int) {
	mr, nr, kc := kn.mr, kn.nr, kn.kcFor(k)
	for pc := 0; pc < k; pc += kc {
		kb := min(kc, k-pc)
		be := kBeta(pc, beta)
		budget := kn.mc * kn.kc / 2 / kb
		ncd := max(nr, budget/nr*nr)
		mcd := max(mr, budget/mr*mr)
		for jc := 0; jc < n; jc += ncd {
			jEnd := min(jc+ncd, n)
			for ic := i0; ic < i1; ic += mcd {
				iEnd := min(ic+mcd, i1)
				full := (iEnd - ic) / mr
				ir, rag := ic+full*mr, iEnd-ic-full*mr
				if rag > 0 {
					// The kernel reads mr rows of A: pack the ragged ones.
					packA(kn, tA, a, lda, ir, rag, pc, kb, bufs.a)
				}
				for jr := jc; jr < jEnd; jr += nr {
					bp := bufs.b[(jr/nr)*k*nr+pc*nr:]
					nbr := min(nr, n-jr)
					if full > 0 && !callRowsKernel(kn.id, kb, a[ic*rsA+pc*csA:], rsA, csA, bp, c[ic*ldc+jr:], ldc, be, nbr, full, mr*rsA, region{}) {
						for t := ic; t < ir; t += mr {
							tile(kn, kb, a[t*rsA+pc*csA:], rsA, csA, bp, c[t*ldc+jr:], ldc, be, mr, nbr)
						}
					}
					if rag > 0 {
						tile(kn, kb, bufs.a, 1, mr, bp, c[ir*ldc+jr:], ldc, be, rag, nbr)
					}
				}
			}
		}
	}
}

// packed is the Goto/BLIS path. One worker runs the loop nest of
// packedRegion on all of C. Several workers share one packed B and take
// row blocks of C from a counter (packedShared) when C has at least two
// such blocks per worker; otherwise C is cut into w fixed regions of whole
// tiles (along rows when m ≥ n, else along columns), and each worker runs
// packedRegion on its region with its own buffers.
func packed(kn *kernel, tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, w int) {
	if w <= 1 {
		packedRegion(kn, tA, tB, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if mch, chunks := rowChunks(kn, m, w); chunks >= 2*w && !forceStatic {
		packedShared(kn, tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, w, mch, chunks)
		return
	}
	byRows := m >= n
	unit, size := kn.mr, m
	if !byRows {
		unit, size = kn.nr, n
	}
	tiles := (size + unit - 1) / unit
	w = min(w, tiles)
	fanOut(w, func(r int) {
		lo, hi := r*tiles/w*unit, min((r+1)*tiles/w*unit, size)
		if byRows {
			packedRegion(kn, tA, tB, lo, hi, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		} else {
			packedRegion(kn, tA, tB, 0, m, lo, hi, k, alpha, a, lda, b, ldb, beta, c, ldc)
		}
	})
}

// forceStatic makes packed use fixed regions whatever the shape (tests).
var forceStatic = false

// sharedBMax bounds the shared packed B of packedShared (elements): all of k
// for a block of columns. 2M elements (16 MiB) hold all of B up to
// 2048×1024. A variable so that tests can make several column blocks.
var sharedBMax = 1 << 21

// Tuning of the parallel packed path.
const (
	// packGroup is the number of nr-wide B panels in one packing task.
	packGroup = 8
	// chunksPerWorker is the target number of row blocks per worker, so that
	// a worker slowed down by other load hands part of its share to the
	// others; fewer when the blocks would be short. (1024 rows on two
	// workers: 8 blocks of 128.)
	chunksPerWorker = 4
	// minChunkRows is the least number of rows of a block: the packed A
	// block, and each B micro-panel in L1, is reused over fewer tiles below it.
	minChunkRows = 96
)

// rowChunks returns the height and number of the row blocks packedShared
// would use for m rows and w workers: about chunksPerWorker per worker, at
// least minChunkRows and at most mc rows each, made equal.
func rowChunks(kn *kernel, m, w int) (mch, chunks int) {
	target := chunksPerWorker * w
	h := max(minChunkRows, (m+target-1)/target)
	chunks = max((m+h-1)/h, (m+kn.mc-1)/kn.mc)
	mch = roundUp((m+chunks-1)/chunks, kn.mr)
	return mch, (m + mch - 1) / mch
}

// packedShared is the parallel packed path for tall C. For each block of
// columns (all of them unless B is large) the workers take row blocks of C
// (mch rows each) from a shared counter until none is left. For its block a
// worker runs the k blocks in order, packing its own A block for each into
// its own buffer; the packed alpha·op(B) of every k block is shared, and is
// packed on first use by the workers that need it, in groups of panels
// handed out by a counter (a worker packs what no one has taken, then waits
// for the rest). So B is packed once whatever the worker count, the only
// waits are on B groups in flight during the first round of blocks, and a
// worker that the OS deschedules later delays only the block it holds while
// the others take the remaining ones. Each element of C sees the same
// operations in the same order as on one worker.
func packedShared(kn *kernel, tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int, w, mch, chunks int) {
	nr, kc := kn.nr, kn.kcFor(k)
	nkb := (k + kc - 1) / kc
	ncs := min(roundUp(n, nr), max(nr, sharedBMax/k/nr*nr))
	shared := getBuffers(0, k*ncs)
	for jc := 0; jc < n; jc += ncs {
		nb := min(ncs, n-jc)
		nbPad := roundUp(nb, nr)
		groups := (nbPad/nr + packGroup - 1) / packGroup
		ready := make([]sync.WaitGroup, nkb) // k block i of B is packed
		claimed := make([]atomic.Int64, nkb) // its packing tasks handed out
		for i := range ready {
			ready[i].Add(groups)
		}
		// packedB makes sure k block kbi of B is packed: it packs the groups
		// of panels no one has taken yet, then waits for the others.
		packedB := func(kbi int) {
			pc := kbi * kc
			kb := min(kc, k-pc)
			for {
				g := int(claimed[kbi].Add(1)) - 1
				if g >= groups {
					break
				}
				j0 := g * packGroup * nr
				packB(kn, tB, b, ldb, pc, kb, jc+j0, min(packGroup*nr, nb-j0), alpha, shared.b[pc*nbPad+j0*kb:])
				ready[kbi].Done()
			}
			ready[kbi].Wait()
		}
		var next atomic.Int64
		fanOut(w, func(int) {
			own := getBuffers(mch*kc, 0)
			for {
				ch := int(next.Add(1)) - 1
				if ch >= chunks {
					break
				}
				i0 := ch * mch
				i1 := min(m, i0+mch)
				for kbi := 0; kbi < nkb; kbi++ {
					packedB(kbi)
					pc := kbi * kc
					macroKernel(kn, tA, a, lda, i0, i1, mch, pc, min(kc, k-pc), jc, nb, shared.b[pc*nbPad:], own.a, kBeta(pc, beta), c, ldc, nil, nil)
				}
			}
			bufPool.Put(own)
		})
	}
	bufPool.Put(shared)
}

// packedRegion computes C[i0:i1, j0:j1] with the loop nest
// jc (nc) → pc (kc, pack B) → ic (mc, pack A) → jr (nr) → ir (mr) → kernel.
// The kernel writes beta·C + acc on the first k block and C + acc after it.
// The rows are cut into equal blocks of at most mc (m = 256 runs as 128+128
// rather than 192+64, whose short block reuses each B micro-panel 16 times).
// A k block's B is packed during the first row block, panel by panel
// (bLazy), unless it was packed during the previous k block (bAhead, for C
// of at most aheadMaxRows rows); with several k blocks and more rows,
// every k block is packed the lazy way (packing ahead was 2–4 % slower at
// 512³ there).
func packedRegion(kn *kernel, tA, tB bool, i0, i1, j0, j1, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	mc, kc, nc := kn.mc, kn.kcFor(k), kn.nc
	if nmb := (i1 - i0 + mc - 1) / mc; nmb > 1 {
		mc = roundUp((i1-i0+nmb-1)/nmb, kn.mr)
	}
	nbuf := kc * min(nc, roundUp(j1-j0, kn.nr))
	ahead := packBAhead && i1-i0 <= aheadMaxRows
	nbufs := 1
	if k > kc && ahead {
		nbufs = 2 // the current k block's B and the next one's
	}
	bufs := getBuffers(mc*kc, nbufs*nbuf)
	for jc := j0; jc < j1; jc += nc {
		nb := min(nc, j1-jc)
		cur, next := bufs.b[:nbuf], bufs.b[nbuf:]
		packed := false // cur holds this k block's B
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			var lz *bLazy
			if !packed {
				lz = &bLazy{kn: kn, tB: tB, b: b, ldb: ldb, p0: pc, kb: kb, j0: jc, nb: nb, alpha: alpha}
				if !lazyB {
					lz.packAll(cur)
					lz = nil
				}
			}
			var ah *bAhead
			if pn := pc + kb; pn < k && ahead {
				ah = &bAhead{kn: kn, tB: tB, b: b, ldb: ldb, p0: pn, kb: min(kc, k-pn), j0: jc, nb: nb, alpha: alpha, dst: next}
			}
			macroKernel(kn, tA, a, lda, i0, i1, mc, pc, kb, jc, nb, cur, bufs.a, kBeta(pc, beta), c, ldc, ah, lz)
			packed = false
			if ah != nil {
				ah.pack(ah.units()) // what the columns did not pack
				cur, next = next, cur
				packed = true
			}
		}
	}
	bufPool.Put(bufs)
}

// lazyB enables packing a k block's B panel by panel in the first row
// block of the macro-kernel (tests compare it with packing it in one go).
var lazyB = true

// bLazy is a k block of B, alpha·op(B)[p0:p0+kb, j0:j0+nb], that is not
// packed yet: the first row block of macroKernel packs panel j just before
// its column of tiles, while the rows kernel of column j−1 prefetches the
// panel's source (a strided block: kb rows of nr values, or nr rows of kb
// values for Bᵀ). So packing B overlaps the kernel instead of running as a
// separate pass that reads all of B from memory at once. The packed panels
// are the same as packB's.
type bLazy struct {
	kn              *kernel
	tB              bool
	b               []float64
	ldb, p0, kb, j0 int
	nb              int
	alpha           float64
}

// panels is the number of nr-wide panels of the block.
func (z *bLazy) panels() int { return (z.nb + z.kn.nr - 1) / z.kn.nr }

// pack packs panel j into bp (the packed block, panel j at bp[j*kb*nr]).
func (z *bLazy) pack(j int, bp []float64) {
	nr := z.kn.nr
	jj := j * nr
	packB(z.kn, z.tB, z.b, z.ldb, z.p0, z.kb, z.j0+jj, min(nr, z.nb-jj), z.alpha, bp[j*z.kb*nr:])
}

// packAll packs the whole block into bp.
func (z *bLazy) packAll(bp []float64) {
	packB(z.kn, z.tB, z.b, z.ldb, z.p0, z.kb, z.j0, z.nb, z.alpha, bp)
}

// region is the source of panel j (nothing past the last panel).
func (z *bLazy) region(j int) region {
	nr := z.kn.nr
	jj := j * nr
	if jj >= z.nb {
		return region{}
	}
	w := min(nr, z.nb-jj)
	if z.tB {
		return region{x: z.b[(z.j0+jj)*z.ldb+z.p0:], rows: w, cols: z.kb, ld: z.ldb}
	}
	return region{x: z.b[z.p0*z.ldb+z.j0+jj:], rows: z.kb, cols: w, ld: z.ldb}
}

// packBAhead enables packing the next k block's B during the current one
// (tests and benchmarks compare it with packing it in one go).
var packBAhead = true

// aheadMaxRows: B is packed ahead only for at most this many rows of C.
// Packing B costs time in proportion to 1/m; at m = 256 (256×4096·4096×256)
// it was 5–7 % of the time and packing ahead gained 1–3 %, at m = 512 and
// 1024 it is 1–3 % and packing ahead was within noise, slightly behind.
const aheadMaxRows = 384

// bAhead packs the B block of the next k block, alpha·op(B)[p0:p0+kb,
// j0:j0+nb], into dst piece by piece while the kernels of the current k
// block run: the rows kernel prefetches the source of the next piece into
// L2 while it runs a column of tiles, and the piece is packed before the
// next column. The source is read in units of whole rows of B (B not
// transposed) or whole panels (Bᵀ), so that reads stay contiguous. The
// packed block is the same as packB's.
type bAhead struct {
	kn              *kernel
	tB              bool
	b               []float64
	ldb, p0, kb, j0 int
	nb              int
	alpha           float64
	dst             []float64
	done, share     int // units packed so far; units per column
}

// units is the number of units of the block: rows of B, or panels of Bᵀ.
func (h *bAhead) units() int {
	if h.tB {
		return (h.nb + h.kn.nr - 1) / h.kn.nr
	}
	return h.kb
}

// region is the source of units [u0, u1).
func (h *bAhead) region(u0, u1 int) region {
	u1 = min(u1, h.units())
	if u1 <= u0 {
		return region{}
	}
	if !h.tB {
		if h.ldb == h.nb { // contiguous rows: one stretch
			return region{x: h.b[(h.p0+u0)*h.ldb+h.j0:], rows: 1, cols: (u1 - u0) * h.nb, ld: (u1 - u0) * h.nb}
		}
		return region{x: h.b[(h.p0+u0)*h.ldb+h.j0:], rows: u1 - u0, cols: h.nb, ld: h.ldb}
	}
	nr := h.kn.nr
	r0, r1 := u0*nr, min(u1*nr, h.nb)
	return region{x: h.b[(h.j0+r0)*h.ldb+h.p0:], rows: r1 - r0, cols: h.kb, ld: h.ldb}
}

// pack packs the next n units.
func (h *bAhead) pack(n int) {
	u0, u1 := h.done, min(h.done+n, h.units())
	if u1 <= u0 {
		return
	}
	h.done = u1
	nr, kb := h.kn.nr, h.kb
	if h.tB {
		j := u0 * nr
		packB(h.kn, true, h.b, h.ldb, h.p0, kb, h.j0+j, min(u1*nr, h.nb)-j, h.alpha, h.dst[u0*kb*nr:])
		return
	}
	// Rows [u0, u1) of every panel (panel q at dst[q*kb*nr]).
	rows, full := u1-u0, h.nb/nr
	src := h.b[(h.p0+u0)*h.ldb+h.j0:]
	q0 := 0
	if full > 0 && packPanelsN(nr, rows, full, src, h.ldb, h.dst[u0*nr:], kb*nr, h.alpha) {
		q0 = full
	}
	for q := q0; q*nr < h.nb; q++ {
		w := min(nr, h.nb-q*nr)
		d := h.dst[q*kb*nr+u0*nr:]
		for p := 0; p < rows; p++ {
			row := d[p*nr : p*nr+nr]
			for j, v := range src[p*h.ldb+q*nr : p*h.ldb+q*nr+w] {
				row[j] = h.alpha * v
			}
			clear(row[w:])
		}
	}
}

// kBeta is the beta the kernel applies on the k block starting at pc: the
// caller's beta on the first block, 1 (accumulate) after it.
func kBeta(pc int, beta float64) float64 {
	if pc > 0 {
		return 1
	}
	return beta
}

// macroKernel computes rows [i0, i1) of the C block at columns [jc, jc+nb)
// for the k block [pc, pc+kb), given the packed B block bp: for each mc rows
// (mc a multiple of mr, ap holding mc·kb) it packs A into ap, then runs the
// kernel over the tiles, jr outside ir so that one kb×nr B micro-panel stays
// in L1 while the A panels stream from L2.
//
// When op(A) is A, the block's rows are contiguous (lda == kb: one k block
// spans whole rows) and the rows of A this call covers are few enough to
// stay in cache between uses (inPlaceMax), the kernel reads A in place, as
// on the direct path, and only a ragged last panel is packed: the block is
// then one contiguous stream, laid out as well as a packed one for the
// caches, and the copy is saved (256³ +0–4 %). For an A read from memory
// (4096×256·256×256) packing with its prefetching was 1–3 % faster. The
// kernel performs the same operations either way, so the result does not
// depend on the choice.
//
// Reading op(A) from memory is most of what packing it costs. So when the
// next row block's source is one contiguous stretch of A (op(A) = A,
// lda == kb), the last pfCols columns of tiles of each row block prefetch
// it into L2, a share each, one line per four k steps inside the rows
// kernel: then the next block's first column finds its A in L2 instead of
// reading it from memory faster than memory delivers it (4096×256·256×256
// +2–4 %). Prefetching in the last columns rather than earlier keeps the
// lines from being evicted by the B panels streaming through L2 before
// they are used. For a strided source (512³, 1024³, 256×4096·4096×256) the
// same prefetch, row by row, was 0.5–2 % slower, so it is not done.
func macroKernel(kn *kernel, tA bool, a []float64, lda, i0, i1, mc, pc, kb, jc, nb int, bp, ap []float64, be float64, c []float64, ldc int, ah *bAhead, lz *bLazy) {
	mr, nr := kn.mr, kn.nr
	inPlace := readAInPlace && !tA && lda == kb && (i1-i0)*lda <= inPlaceMax
	ncols := (nb + nr - 1) / nr
	if ah != nil {
		// Spread the next k block's B over the columns of tiles run by the
		// rows kernel (all but the first of each row block, and none of
		// the first row block if it packs this block's B).
		blocks := (i1 - i0 + mc - 1) / mc
		if lz != nil {
			blocks--
		}
		cols := blocks * (ncols - 1)
		ah.share = (ah.units() - ah.done + max(cols, 1) - 1) / max(cols, 1)
	}
	for ic := i0; ic < i1; ic += mc {
		mb := min(mc, i1-ic)
		full := mb / mr
		lazy := lz != nil && ic == i0
		if lazy {
			lz.pack(0, bp)
		}
		var next region
		if nic := ic + mc; nic < i1 && !tA && lda == kb {
			next = region{x: a[nic*lda+pc:], rows: min(mc, i1-nic), cols: kb, ld: lda}
		}
		jr0 := 0
		if inPlace {
			if full*mr < mb {
				packA(kn, tA, a, lda, ic+full*mr, mb-full*mr, pc, kb, ap)
			}
		} else {
			// The first column of tiles packs each A panel just before its
			// tile, so that the reads of op(A) (from L3 or memory,
			// prefetched a panel ahead by the packers) overlap the kernel
			// instead of stalling a separate packing pass.
			nbr := min(nr, nb)
			for ir := 0; ir < mb; ir += mr {
				h := min(mr, mb-ir)
				panel := ap[(ir/mr)*kb*mr:]
				packA(kn, tA, a, lda, ic+ir, h, pc, kb, panel)
				tile(kn, kb, panel, 1, mr, bp, c[(ic+ir)*ldc+jc:], ldc, be, h, nbr)
			}
			jr0 = 1
		}
		// Shares of the prefetch go to the last pfCols full-width columns
		// (the kernels of a ragged column do not prefetch).
		pfEnd := nb / nr
		pfFirst := max(pfEnd-pfCols, jr0)
		for j := jr0; j < ncols; j++ {
			jr := j * nr
			bpan := bp[j*kb*nr:]
			nbr := min(nr, nb-jr)
			var pf region
			if j >= pfFirst && j < pfEnd {
				pf = next.part(j-pfFirst, pfEnd-pfFirst)
			}
			if lazy {
				// Pack this column's B panel (its source prefetched by the
				// previous column) and prefetch the next panel's source.
				if j > 0 {
					lz.pack(j, bp)
				}
				pf = lz.region(j + 1)
			} else if ah != nil && !inPlace {
				// Pack this column's share of the next B (prefetched by
				// the previous column) and prefetch the next share.
				ah.pack(ah.share)
				pf = ah.region(ah.done, ah.done+ah.share)
			}
			ir := 0
			if inPlace {
				if full > 0 && callRowsKernel(kn.id, kb, a[ic*lda+pc:], lda, 1, bpan, c[ic*ldc+jc+jr:], ldc, be, nbr, full, mr*lda, pf) {
					ir = full * mr
				}
				for ; ir < full*mr; ir += mr {
					tile(kn, kb, a[(ic+ir)*lda+pc:], lda, 1, bpan, c[(ic+ir)*ldc+jc+jr:], ldc, be, mr, nbr)
				}
				if ir < mb {
					tile(kn, kb, ap, 1, mr, bpan, c[(ic+ir)*ldc+jc+jr:], ldc, be, mb-ir, nbr)
				}
				continue
			}
			if full > 0 && callRowsKernel(kn.id, kb, ap, 1, mr, bpan, c[ic*ldc+jc+jr:], ldc, be, nbr, full, kb*mr, pf) {
				ir = full * mr
			}
			for ; ir < mb; ir += mr {
				tile(kn, kb, ap[(ir/mr)*kb*mr:], 1, mr, bpan, c[(ic+ir)*ldc+jc+jr:], ldc, be, min(mr, mb-ir), nbr)
			}
		}
	}
}

// inPlaceMax bounds the elements of A (rows × lda) that macroKernel reads
// in place: 1 MiB, which stays in L2 and L3 between the products of a
// training step or a benchmark loop.
const inPlaceMax = 1 << 17

// readAInPlace enables the in-place reading of A in macroKernel (tests
// turn it off to compare both ways).
var readAInPlace = true

// pfCols is the number of columns of tiles, at the end of a row block, that
// prefetch the next row block's A source (3–6 measured alike on
// 4096×256·256×256; 12 and "all columns" gained less). A variable so that
// benchmarks can turn it off (0).
var pfCols = 4

// region is a strided block of a matrix: rows rows of cols elements, ld
// elements apart, starting at x[0].
type region struct {
	x              []float64
	rows, cols, ld int
}

// part is the j-th of n shares of the rows of r, as one row when the rows
// are contiguous (ld == cols).
func (r region) part(j, n int) region {
	r0, r1 := j*r.rows/n, (j+1)*r.rows/n
	if r1 <= r0 {
		return region{}
	}
	if r.ld == r.cols {
		return region{x: r.x[r0*r.ld:], rows: 1, cols: (r1 - r0) * r.cols, ld: (r1 - r0) * r.cols}
	}
	return region{x: r.x[r0*r.ld:], rows: r1 - r0, cols: r.cols, ld: r.ld}
}
