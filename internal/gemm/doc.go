// Package gemm is the blocked matrix multiply shared by the network engine
// and the pairwise estimators (squared distances are ‖x‖² + ‖y‖² − 2·XYᵀ).
//
// Dgemm computes C = alpha·op(A)·op(B) + beta·C for row-major float64
// matrices, op(X) = X or Xᵀ, like BLAS dgemm. It costs 2·m·n·k flops.
//
// # Algorithm
//
// Large products follow Goto and van de Geijn ("Anatomy of high-performance
// matrix multiplication", ACM TOMS 34(3), 2008) and the BLIS loop nest
// (Van Zee and van de Geijn, ACM TOMS 41(3), 2015):
//
//	for jc in steps of nc:            columns of C and B
//	  for pc in steps of kc:          the inner dimension
//	    pack alpha·op(B)[pc:pc+kc, jc:jc+nc] into nr-wide panels   (L3)
//	    for ic in steps of mc:        rows of C and A
//	      pack op(A)[ic:ic+mc, pc:pc+kc] into mr-tall panels        (L2)
//	      for jr in steps of nr:      one kc×nr B panel             (L1)
//	        for ir in steps of mr:
//	          micro-kernel: the mr×nr tile of C += A panel · B panel
//
// Packing copies a block into the order the kernel reads it and pads the
// ragged edge with zeros, so the kernel always runs full tiles; transposes
// are absorbed by packing (the kernel never sees op), and alpha is folded
// into the B panels. Packing is vectorised too (generated AVX routines:
// row copies, and 4×4 in-register transposes for A and Bᵀ). The kernel
// applies beta itself on the first k block — it stores acc (beta = 0: C is
// never read, so NaN garbage is ignored) or fma(beta, C, acc) — and adds acc
// on later blocks, so there is no separate pass over C. Ragged tiles at the
// bottom and right of C go to an edge variant of the AVX2 kernel that stores
// whole vectors and then single lanes; the other kernels write an edge tile
// to a stack scratch tile and merge its valid part with the same fused
// operation. The AVX2 kernel also has a "rows" variant that runs a whole
// column of tiles (the ir loop) in one call: at k = 12 a tile is ~35 ns of
// work, and the per-call cost was about half of it (2× on 4096×12·12×10,
// +12–17 % on the large shapes).
//
// Reading A and B from memory is most of what packing costs (10–18 % of
// 4096×256·256×256 and 256×4096·4096×256 on the 2-core Zen 3 VM, where a
// cold stream runs at ~6–7 GB/s), so packing is overlapped with the kernel
// where it can be:
//
//   - the first column of tiles packs each A panel just before its tile,
//     and the transposing packers prefetch the next panel's rows;
//   - the rows kernel prefetches the next B micro-panel while it runs a
//     column (the packed B block outgrows L2 at n = 1024), half a line per
//     four k steps, so that the stream covers the panel over the first
//     half of the column rather than in a burst at its start (+1–3 % at
//     512³ and 1024³; Zen 3 likely fills L1 on PREFETCHT1 too, and the
//     burst evicted the current panel);
//   - a k block's B that was not packed during the previous k block is
//     packed panel by panel in the first row block, panel j just before
//     its column of tiles, while the rows kernel of column j−1 prefetches
//     panel j's source (+0.5–1.5 % at 256³, 512³ and 1024³, paired runs);
//   - a variant of the rows kernel (kernAVX2PFRows) also prefetches a
//     strided region into L2, spread evenly over the call (a new line
//     every few k steps, not a burst at its start). It serves two
//     purposes. When the next row block of A is one contiguous stretch of
//     memory (op(A) = A and lda == kb, as in 4096×256·256×256), the last
//     few columns of tiles of a row block prefetch it, a share each, so
//     that the next block's first column finds it in L2 rather than
//     reading memory faster than it delivers (+2–4 % there; the same for
//     a strided A source was 0.5–2 % slower and is not done). And when
//     there are several k blocks and C has few rows (at most 384: packing
//     B costs in proportion to 1/m), the next k block's B is packed during
//     the current one, a share of its rows (or panels, for Bᵀ) before each
//     column of tiles, with the column before prefetching that share's
//     source (256×4096·4096×256 +1–3 %, from 5.5 % to 3 % of the time in
//     the B packer; within noise at 512³ and 1024³);
//   - when a contiguous A is also small enough to stay in cache between
//     products (at most 1 MiB, as in 256³), the kernel reads it in place
//     and only a ragged last panel is packed (for an A read from memory,
//     packing with its prefetches was faster).
//
// The B packer (packNP) walks B in strips of 8 rows, panel by panel within
// a strip: each panel's strip is written as whole consecutive lines. Row by
// row across all panels it wrote a third of a line per panel, the panels
// 24 KiB apart, so every piece fell in the same L1 set and its line was
// evicted before the next row completed it (1.3–1.5× slower packing at
// n = 512 and 1024, measured alone).
//
// A ragged last column of 1–4 or 5–8 columns runs narrow rows kernels that
// compute one or two vectors instead of three (n = 256 wasted 8 of 264
// columns, 3 %). A column of 1–4 over a packed A runs a transposed kernel
// instead (kernAVX2T4Rows): three tiles at a time, A loaded as vectors and
// B broadcast, the 4×4 blocks transposed before the store, so it needs 7
// loads per 12 FMAs like the full kernel where the one-vector kernel needs
// 5 per 4 and ran at half speed (+1.5 % on 4096×256·256×256 and
// 256×4096·4096×256, paired). None of these changes the operations applied
// to an element, so results are the same bits (tested against the plain
// path).
// Tried and dropped (no gain in interleaved runs): kc of 128, 192, 224,
// 384 and 512 (kc = 256 with mc = 96 was as fast or faster everywhere),
// packing B panel by panel inside the macro-kernel (strided reads, −5 %),
// four-row B packing, prefetching the B source or destination rows ahead
// in the packers, a burst of prefetches of the next A block between
// columns, PREFETCHNTA of the A micro-panel (to keep the B micro-panel in
// L1), and prefetching the next k block's B source without packing it.
// Also tried and dropped (session 4, paired runs in one process, Zen 3
// VM under load 5–8): PREFETCHT0, T2 or NTA instead of T1 for the B stream
// (±0.5 %); running each column as two passes of k/2 with the partial
// accumulators saved, so that half a B micro-panel (12 KiB) sits in L1
// with room for A (same bits; −2 %: a cache model showed 30 % fewer L1
// misses, the extra tile overhead cost more); a fast full-width epilogue
// in the rows kernel, a k unroll of 8, fixed displacements for a packed A
// (all within ±0.5 %); PREFETCHW instead of PREFETCHT0 for the C tile
// (±0.5 %); twice or three times the prefetch distance in the A packer
// (±1 %); packing the next row block's A during the current one, a share
// per column with its source prefetched (−1 to −3 % at 512³, 1024³ and
// 4096×256·256×256: the second packed A block in L2 costs more than the
// first column's stalls); packing B ahead also for C of more than 384
// rows (−2 to −4 % at 512³ once B is packed lazily); mc of 128 or 144
// (noise); pack buffers on 2 MiB pages (madvise; ±1 %; the caller's A,
// B and C on huge pages gave +1–2 % at 512³ and 1024³); running the
// columns of the lazily packing row block in 2 or 4 segments, each
// prefetching and then packing a share of the next panel's rows (−0.5 %).
//
// Small products take a direct path that skips packing A: the whole of
// alpha·op(B) is packed once (it is small) and the kernel reads A in place
// through a row stride and a column stride, which covers A and Aᵀ alike.
// It is used when k ≤ 32 (a 4096×12·12×10 layer) or when 2mnk ≤ 2·64³
// flops; it does not allocate in steady state (buffers come from a
// sync.Pool) and does not start goroutines for less than ~2 Mflop of work.
//
// # Kernels and dispatch
//
// The micro-kernels are Go assembly generated by gen_kernel.go
// (go generate writes kernel_amd64.s), laid out like golang.org/x/crypto:
// kernel_amd64.go (gc && !purego) declares them, kernel_generic.go serves
// every other build.
//
//   - AVX-512F, 8×24 tile: 24 zmm accumulators, 3 B vectors, 2 broadcast
//     registers; blocking mc=192, kc=256, nc=4080 (for 48 KiB L1, 1 MiB L2).
//   - AVX2+FMA3, 4×12 tile: 12 ymm accumulators, 3 B vectors, 1 broadcast
//     register, plus its edge variant and narrow rows variants that compute
//     4 or 8 of the 12 columns; blocking mc=96, kc=256, nc=4080
//     (for 32 KiB L1, 512 KiB L2). On Zen 3 the 4×12 tile ran about 10 %
//     faster than 6×8 from L1 (fewer broadcasts). Its k loop, from L1,
//     runs at 89–97 % of the FMA ceiling measured in the same run; the
//     same loop without its loads at 98.7 %, with plain vector loads
//     instead of broadcasts 1.5 % slower, and with B as a memory operand
//     of each FMA (16 loads per 12 FMAs) at 46 %: the loop is limited by
//     its loads, and 4×12 has the fewest loads per FMA (7 per 12) of the
//     broadcast layouts that fit 16 ymm registers (6×8 and 8×6 need 8;
//     3×16 needs 7 but a 32 KiB B micro-panel). Each tile costs about
//     2.5 % more at k = 256 (loop exit, epilogue, C).
//   - pure Go, 2×4 scalar tile, used with -tags purego, on other
//     architectures, and on amd64 CPUs without AVX2+FMA (2×4 because the
//     compiler spills a 4×4 tile's 16 accumulators: +30–40 % at 256³–512³
//     with -tags purego).
//
// The choice is made once at init from golang.org/x/sys/cpu (which also
// checks that the OS saves the vector state). Per k step a kernel loads
// nr/W vectors of B, broadcasts mr values of A and issues mr·nr/W fused
// multiply-adds; accumulators stay in registers until the end, and the C
// tile is prefetched at the start. The conformance suite runs every kernel
// the machine has, plus a test-only AVX2 8×4 kernel from the same generator
// that exercises the 8-row addressing the AVX-512 kernel uses.
//
// # Workers and determinism
//
// The workers argument is a budget (0 = GOMAXPROCS, 1 = the calling
// goroutine only), since callers may already run in parallel. When C has at
// least two row blocks (96–192 rows) per worker, the workers share one
// packed B, packed on first use in groups of panels, and take row blocks
// from a counter; each packs its own A blocks. A worker slowed down by other
// load on a shared machine then hands its remaining blocks to the others
// instead of making them wait at the end. Otherwise C is cut into at most
// workers regions of whole register tiles, along rows when m ≥ n and along
// columns otherwise, and each worker runs the loop nest on its region with
// its own packing buffers. Every element of C is computed by the same
// sequence of floating-point operations whatever region, block or tile
// position it falls in (the k blocking is fixed, edge tiles use the same
// fused merge), so the result is bit-identical for any worker count.
// Results may differ in the last bits between kernels (FMA versus separate
// multiply and add).
package gemm
