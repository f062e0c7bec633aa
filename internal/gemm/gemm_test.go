package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gemmCase is one product of the conformance suite.
type gemmCase struct {
	m, n, k     int
	tA, tB      bool
	alpha, beta float64
	padA, padB  int // extra leading-dimension columns
	padC        int
	nanC        bool // fill C with NaN (only meaningful with beta == 0)
}

func (tc gemmCase) name() string {
	t := func(b bool) string {
		if b {
			return "T"
		}
		return "N"
	}
	return fmt.Sprintf("%dx%dx%d/%s%s/a%g/b%g/pad%d%d%d/nan%v", tc.m, tc.n, tc.k, t(tc.tA), t(tc.tB), tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC, tc.nanC)
}

// operands builds A, B and C for tc with their leading dimensions.
func (tc gemmCase) operands(rng *rand.Rand) (a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	ra, ca := tc.m, tc.k
	if tc.tA {
		ra, ca = tc.k, tc.m
	}
	rb, cb := tc.k, tc.n
	if tc.tB {
		rb, cb = tc.n, tc.k
	}
	lda, ldb, ldc = max(1, ca+tc.padA), max(1, cb+tc.padB), max(1, tc.n+tc.padC)
	fill := func(r, ld int) []float64 {
		x := make([]float64, r*ld)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		return x
	}
	a, b, c = fill(ra, lda), fill(rb, ldb), fill(tc.m, ldc)
	if tc.nanC {
		for i := range c {
			c[i] = math.NaN()
		}
	}
	return a, lda, b, ldb, c, ldc
}

// naiveGemm is the reference triple loop. It also returns, per element, the
// scale |alpha|·Σ|a||b| + |beta·c| that bounds the rounding error of any
// summation order.
func naiveGemm(tc gemmCase, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) (want, scale []float64) {
	want = append([]float64(nil), c...)
	scale = make([]float64, len(c))
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			var s, abs float64
			for p := 0; p < tc.k; p++ {
				var av, bv float64
				if tc.tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tc.tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
				abs += math.Abs(av * bv)
			}
			old := c[i*ldc+j]
			if tc.beta == 0 {
				want[i*ldc+j] = tc.alpha * s
				scale[i*ldc+j] = math.Abs(tc.alpha) * abs
			} else {
				want[i*ldc+j] = tc.alpha*s + tc.beta*old
				scale[i*ldc+j] = math.Abs(tc.alpha)*abs + math.Abs(tc.beta*old)
			}
		}
	}
	return want, scale
}

// conformanceCases are odd shapes (not multiples of any tile), all transpose
// combinations, several alpha/beta values, padded leading dimensions and
// NaN garbage in C under beta = 0.
func conformanceCases() []gemmCase {
	shapes := [][3]int{{1, 1, 1}, {67, 91, 53}, {513, 257, 129}, {15, 33, 700}, {100, 5, 3}, {7, 25, 1}, {4096, 10, 12}, {9, 2, 300}, {48, 48, 48}, {30, 20, 17}, {5, 4, 9}, {6, 11, 2}, {3, 3, 40}}
	var cs []gemmCase
	for si, s := range shapes {
		for tr := 0; tr < 4; tr++ {
			tc := gemmCase{m: s[0], n: s[1], k: s[2], tA: tr&1 != 0, tB: tr&2 != 0, alpha: 1, beta: 0, nanC: true}
			// Vary the scalars and padding across shapes and transposes.
			switch (si + tr) % 4 {
			case 1:
				tc.alpha, tc.beta, tc.nanC = -0.5, 1, false
			case 2:
				tc.alpha, tc.beta, tc.nanC, tc.padA, tc.padB, tc.padC = 2.5, -1.5, false, 3, 1, 5
			case 3:
				tc.padA, tc.padB, tc.padC = 1, 7, 2
			}
			cs = append(cs, tc)
		}
	}
	return cs
}

// testKernels returns every kernel this machine can run, plus copies with
// tiny blockings so that small shapes cross several mc, kc and nc blocks.
func testKernels() []kernel {
	var ks []kernel
	for _, kn := range append(availableKernels(), testOnlyKernels()...) {
		ks = append(ks, kn)
		small := kn
		small.name += "-smallblocks"
		small.mc, small.kc, small.nc = 2*kn.mr, 7, 2*kn.nr
		ks = append(ks, small)
	}
	return ks
}

// variant is one way of running the suite: a kernel, a path and a worker count.
type variant struct {
	kn      kernel
	pth     path
	workers int
}

func (v variant) String() string { return fmt.Sprintf("%s/path%d/w%d", v.kn.name, v.pth, v.workers) }

// testVariants crosses every kernel with every path and 1 or 3 workers.
func testVariants() []variant {
	var vs []variant
	for _, kn := range testKernels() {
		for _, pth := range []path{pathAuto, pathDirect, pathPacked} {
			for _, w := range []int{1, 3} {
				vs = append(vs, variant{kn, pth, w})
			}
		}
	}
	return vs
}

// checkAgainstNaive runs one variant on tc and compares with the naive loop.
func checkAgainstNaive(t *testing.T, v variant, tc gemmCase, a []float64, lda int, b []float64, ldb int, c0 []float64, ldc int, want, scale []float64) {
	c := append([]float64(nil), c0...)
	dgemm(&v.kn, v.pth, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc, v.workers)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < ldc; j++ {
			x := i*ldc + j
			if x >= len(c) {
				break // a tight C ends at its last element
			}
			if j >= tc.n {
				// Padding beyond the n columns must be untouched.
				if math.Float64bits(want[x]) != math.Float64bits(c[x]) {
					require.Equal(t, want[x], c[x], "padding C[%d,%d] changed", i, j)
				}
				continue
			}
			// Any summation order is within k·eps of the |alpha||a||b| +
			// |beta·c| scale; 1e-12 relative to it is the requested tolerance.
			// (Checked by hand first: testify per element is too slow.)
			tol := 1e-12 * (scale[x] + 1e-300)
			if !(math.Abs(want[x]-c[x]) <= tol) {
				require.InDelta(t, want[x], c[x], tol, "C[%d,%d]", i, j)
			}
		}
	}
}

// TestConformance runs the suite against every kernel variant available on
// this machine (AVX-512, AVX2, pure Go; only pure Go with -tags purego), on
// both paths, serial and parallel, with normal and tiny cache blockings.
func TestConformance(t *testing.T) {
	saved := minFlopsPerWorker
	defer func() { minFlopsPerWorker = saved }()
	minFlopsPerWorker = 1 // let even small shapes go parallel
	rng := rand.New(rand.NewPCG(1, 2))
	variants := testVariants()
	for _, tc := range conformanceCases() {
		a, lda, b, ldb, c, ldc := tc.operands(rng)
		want, scale := naiveGemm(tc, a, lda, b, ldb, c, ldc)
		t.Run(tc.name(), func(t *testing.T) {
			for _, v := range variants {
				t.Run(v.String(), func(t *testing.T) {
					checkAgainstNaive(t, v, tc, a, lda, b, ldb, c, ldc, want, scale)
				})
			}
		})
	}
}

// TestDeterministic checks that the result bits do not depend on the worker
// count, on both paths and for every kernel.
func TestDeterministic(t *testing.T) {
	saved := minFlopsPerWorker
	defer func() { minFlopsPerWorker = saved }()
	minFlopsPerWorker = 1
	rng := rand.New(rand.NewPCG(3, 4))
	shapes := []gemmCase{
		{m: 301, n: 77, k: 290, alpha: 1.5, beta: 0.5},
		{m: 37, n: 403, k: 260, tA: true, tB: true, alpha: 1, beta: 0},
		{m: 1000, n: 10, k: 12, alpha: 1, beta: 1},
	}
	// The parallel packed path: shared B with row blocks taken from a
	// counter (in one or several column blocks), or fixed regions.
	type mode struct {
		name        string
		static      bool
		sharedBMax  int
		onlyPackedP bool
	}
	modes := []mode{{"shared", false, sharedBMax, false}, {"shared-colblocks", false, 600, true}, {"static", true, sharedBMax, true}}
	savedStatic, savedMax := forceStatic, sharedBMax
	defer func() { forceStatic, sharedBMax = savedStatic, savedMax }()
	for _, md := range modes {
		forceStatic, sharedBMax = md.static, md.sharedBMax
		for _, kn := range testKernels() {
			for _, pth := range []path{pathAuto, pathDirect, pathPacked} {
				if md.onlyPackedP && pth != pathPacked {
					continue
				}
				for _, tc := range shapes {
					t.Run(fmt.Sprintf("%s/%s/path%d/%s", md.name, kn.name, pth, tc.name()), func(t *testing.T) {
						a, lda, b, ldb, c0, ldc := tc.operands(rng)
						var ref []float64
						for _, w := range []int{1, 2, 3, 5, 8} {
							c := append([]float64(nil), c0...)
							dgemm(&kn, pth, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc, w)
							if ref == nil {
								ref = c
								continue
							}
							for i := range c {
								if math.Float64bits(c[i]) != math.Float64bits(ref[i]) {
									t.Fatalf("workers=%d: C[%d] = %v, workers=1 gave %v", w, i, c[i], ref[i])
								}
							}
						}
					})
				}
			}
		}
	}
}

func TestAlphaZeroAndEmpty(t *testing.T) {
	c := []float64{math.NaN(), 2, 3, 4}
	Dgemm(false, false, 2, 2, 3, 0, make([]float64, 6), 3, make([]float64, 6), 2, 0, c, 2, 1)
	assert.Equal(t, []float64{0, 0, 0, 0}, c, "alpha=0, beta=0 zeroes C, NaN included")
	c = []float64{1, 2, 3, 4}
	Dgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, 2, c, 2, 1)
	assert.Equal(t, []float64{2, 4, 6, 8}, c, "k=0 scales C by beta")
	Dgemm(false, false, 0, 0, 5, 1, nil, 5, nil, 1, 0, nil, 1, 1) // m = n = 0 is a no-op
}

func TestPanicsOnBadArgs(t *testing.T) {
	a := make([]float64, 6)
	assert.Panics(t, func() { Dgemm(false, false, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2, 1) }, "lda < k")
	assert.Panics(t, func() { Dgemm(false, false, 3, 2, 3, 1, a, 3, a, 2, 0, a, 2, 1) }, "a too short")
	assert.Panics(t, func() { Dgemm(false, false, -1, 2, 3, 1, a, 3, a, 2, 0, a, 2, 1) }, "negative m")
}

// TestSmallPathNoAlloc checks that the direct path for the network's tiny
// layers, and the packed path on one worker, do not allocate in steady state.
func TestSmallPathNoAlloc(t *testing.T) {
	for _, s := range [][3]int{{4096, 10, 12}, {512, 7, 10}, {10, 7, 512}} {
		m, n, k := s[0], s[1], s[2]
		a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
		Dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 1)
		allocs := testing.AllocsPerRun(50, func() {
			Dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 1)
		})
		assert.Zero(t, allocs, "%dx%dx%d", m, n, k)
		allocs = testing.AllocsPerRun(50, func() {
			Dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 0) // too small to fan out
		})
		assert.Zero(t, allocs, "%dx%dx%d, workers=0", m, n, k)
	}
	// The packed path on one worker also runs from pooled buffers.
	const m, n, k = 200, 150, 300
	a, b, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
	Dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 1)
	allocs := testing.AllocsPerRun(20, func() {
		Dgemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n, 1)
	})
	assert.Zero(t, allocs, "packed path, one worker")
}

// TestKCFor checks the balanced k blocking: never deeper than kc, never more
// blocks than plain kc blocking, and equal blocks up to the rounding to 4.
func TestKCFor(t *testing.T) {
	kn := kernel{kc: 256}
	for k := 1; k <= 3000; k++ {
		kb := kn.kcFor(k)
		require.LessOrEqual(t, kb, 256, "k=%d", k)
		require.Equal(t, (k+255)/256, (k+kb-1)/kb, "k=%d: block count", k)
	}
	assert.Equal(t, 152, kn.kcFor(300))
	assert.Equal(t, 256, kn.kcFor(4096))
	assert.Equal(t, 12, kn.kcFor(12))
}

// TestTightSlices runs products whose slices end exactly at the last
// element ((rows−1)·ld + cols), so that no kernel or packer may read past a
// row end of the last row, with padded leading dimensions elsewhere.
func TestTightSlices(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	cases := []gemmCase{
		{m: 37, n: 10, k: 515, alpha: 1, beta: 0, padA: 3, padB: 2, padC: 1},
		{m: 12, n: 22, k: 40, tA: true, alpha: 2, beta: 1, padA: 1, padB: 5, padC: 3},
		{m: 50, n: 7, k: 9, tB: true, alpha: -1, beta: 0.5, padA: 2, padB: 1, padC: 2},
		{m: 9, n: 13, k: 300, tA: true, tB: true, alpha: 1, beta: 0, padA: 4, padB: 4, padC: 4},
	}
	tight := func(x []float64, r, c, ld int) []float64 { return x[:(r-1)*ld+c] }
	for _, tc := range cases {
		a, lda, b, ldb, c, ldc := tc.operands(rng)
		ra, ca := tc.m, tc.k
		if tc.tA {
			ra, ca = tc.k, tc.m
		}
		rb, cb := tc.k, tc.n
		if tc.tB {
			rb, cb = tc.n, tc.k
		}
		a, b = tight(a, ra, ca, lda), tight(b, rb, cb, ldb)
		want, scale := naiveGemm(tc, a, lda, b, ldb, c, ldc)
		for _, v := range testVariants() {
			t.Run(tc.name()+"/"+v.String(), func(t *testing.T) {
				checkAgainstNaive(t, v, tc, a, lda, b, ldb, c[:(tc.m-1)*ldc+tc.n], ldc, want, scale)
			})
		}
	}
}

func TestSelfCheckAcceptsEveryAvailableKernel(t *testing.T) {
	for _, k := range append(availableKernels(), testOnlyKernels()...) {
		if !selfCheck(k) {
			t.Errorf("kernel %s fails the start-up self-check", k.name)
		}
	}
}

// TestFastPathsBitIdentical checks that the optional fast paths of the
// packed path (A read in place, the narrow rows kernels for a ragged last
// column, the prefetch of the next A block, packing the next k block's B
// during the current one, packing B panel by panel in the first row block)
// give the same bits as the plain path, for every
// kernel, serial and parallel, including beta = 0 with NaN in C. The shapes
// make each path run: lda == k ≤ kc (in place), n mod 12 in 1..4 and 5..8
// (narrow kernels), several row blocks (prefetch), k > kc with B and Bᵀ
// (B packed ahead).
func TestFastPathsBitIdentical(t *testing.T) {
	saved := minFlopsPerWorker
	defer func() { minFlopsPerWorker = saved }()
	minFlopsPerWorker = 1
	savedIP, savedNR, savedPF, savedBA, savedLZ := readAInPlace, narrowRows, pfCols, packBAhead, lazyB
	defer func() {
		readAInPlace, narrowRows, pfCols, packBAhead, lazyB = savedIP, savedNR, savedPF, savedBA, savedLZ
	}()
	rng := rand.New(rand.NewPCG(9, 10))
	shapes := []gemmCase{
		{m: 403, n: 257, k: 256, alpha: 1, beta: 0, nanC: true},
		{m: 203, n: 100, k: 77, alpha: -0.5, beta: 1.5},
		{m: 150, n: 30, k: 300, tA: true, alpha: 2, beta: 0, nanC: true},
		{m: 97, n: 45, k: 40, tB: true, alpha: 1, beta: -1, padC: 3},
		{m: 120, n: 77, k: 600, tB: true, alpha: 0.5, beta: 0, nanC: true, padB: 2},
		{m: 64, n: 100, k: 700, alpha: 1, beta: 2},
	}
	for _, kn := range testKernels() {
		for _, tc := range shapes {
			for _, w := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/w%d/%s", kn.name, w, tc.name()), func(t *testing.T) {
					a, lda, b, ldb, c0, ldc := tc.operands(rng)
					run := func(ip, nr bool, pf int, ba, lz bool) []float64 {
						readAInPlace, narrowRows, pfCols, packBAhead, lazyB = ip, nr, pf, ba, lz
						c := append([]float64(nil), c0...)
						dgemm(&kn, pathPacked, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc, w)
						return c
					}
					ref := run(false, false, 0, false, false)
					want, scale := naiveGemm(tc, a, lda, b, ldb, c0, ldc)
					for _, cfg := range []struct {
						ip, nr bool
						pf     int
						ba, lz bool
					}{{true, false, 0, false, false}, {false, true, 0, false, false}, {false, false, 4, false, false}, {false, false, 0, true, false}, {false, false, 0, false, true}, {true, false, 0, false, true}, {true, true, 4, true, true}} {
						got := run(cfg.ip, cfg.nr, cfg.pf, cfg.ba, cfg.lz)
						for i := range got {
							if math.Float64bits(got[i]) != math.Float64bits(ref[i]) {
								t.Fatalf("%+v: C[%d] = %v, plain path gave %v", cfg, i, got[i], ref[i])
							}
						}
						checkAgainstNaive(t, variant{kn, pathPacked, w}, tc, a, lda, b, ldb, c0, ldc, want, scale)
					}
				})
			}
		}
	}
}
