//go:build gc && !purego

package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"
)

// TestVectorPackers checks every generated packing routine against its
// definition, for every width, including those only the AVX-512 kernel uses
// (the packers need only AVX, so they run here even without AVX-512).
func TestVectorPackers(t *testing.T) {
	if !hasAVX {
		t.Skip("no AVX")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, w := range []int{4, 8, 12, 24} {
		for _, k := range []int{1, 4, 7, 33} {
			t.Run(fmt.Sprintf("w%d/k%d", w, k), func(t *testing.T) {
				const ld = 41
				src := make([]float64, 40*ld)
				for i := range src {
					src[i] = rng.NormFloat64()
				}
				alpha := -1.75
				// N: k rows of w contiguous values.
				dst := make([]float64, k*w+1)
				dst[k*w] = 99 // guard
				require.True(t, packRowsN(w, k, src, ld, dst, alpha))
				for p := 0; p < k; p++ {
					for j := 0; j < w; j++ {
						require.Equal(t, alpha*src[p*ld+j], dst[p*w+j], "N p=%d j=%d", p, j)
					}
				}
				require.Equal(t, 99.0, dst[k*w], "N wrote past the panel")
				// T: w rows of 4·(k/4) values, transposed.
				k4 := k / 4
				dst = make([]float64, 4*k4*w+1)
				dst[4*k4*w] = 99
				ok := packRowsT(w, k4, src, ld, dst, alpha)
				require.Equal(t, k4 > 0, ok)
				for p := 0; p < 4*k4; p++ {
					for i := 0; i < w; i++ {
						require.Equal(t, alpha*src[i*ld+p], dst[p*w+i], "T p=%d i=%d", p, i)
					}
				}
				require.Equal(t, 99.0, dst[4*k4*w], "T wrote past the panel")
			})
		}
	}
}

func TestVectorPanelPacker(t *testing.T) {
	if !hasAVX {
		t.Skip("no AVX")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, w := range []int{4, 8, 12, 24} {
		for _, np := range []int{1, 3} {
			// Panels k·w apart (a whole block), and further apart with a
			// gap that must stay untouched (rows of a larger block).
			for _, gap := range []int{0, 5} {
				const k, ld = 9, 80
				ps := k*w + gap
				src := make([]float64, k*ld)
				for i := range src {
					src[i] = rng.NormFloat64()
				}
				dst := make([]float64, np*ps+1)
				for i := range dst {
					dst[i] = 99
				}
				require.True(t, packPanelsN(w, k, np, src, ld, dst, ps, 0.5))
				for q := 0; q < np; q++ {
					for p := 0; p < k; p++ {
						for j := 0; j < w; j++ {
							require.Equal(t, 0.5*src[p*ld+q*w+j], dst[q*ps+p*w+j], "w=%d np=%d gap=%d q=%d p=%d j=%d", w, np, gap, q, p, j)
						}
					}
					for i := q*ps + k*w; i < (q+1)*ps; i++ {
						require.Equal(t, 99.0, dst[i], "gap written: w=%d np=%d q=%d", w, np, q)
					}
				}
				require.Equal(t, 99.0, dst[np*ps])
			}
		}
	}
}

// BenchmarkPackB compares packing a 256×516 block of B panel by panel with
// packing it row by row.
func BenchmarkPackB(b *testing.B) {
	const kb, nb, ld = 256, 516, 1024
	src := make([]float64, kb*ld)
	dst := make([]float64, kb*nb)
	b.Run("panelwise", func(b *testing.B) {
		for b.Loop() {
			for q := 0; q < nb/12; q++ {
				packRowsN(12, kb, src[q*12:], ld, dst[q*kb*12:], 1)
			}
		}
	})
	b.Run("rowwise", func(b *testing.B) {
		for b.Loop() {
			packPanelsN(12, kb, nb/12, src, ld, dst, kb*12, 1)
		}
	})
}

// BenchmarkPackA packs every 192×256 block of a 512×512 A into 4-row panels
// (the A packing of one 512³ product), vector and scalar.
func BenchmarkPackA(b *testing.B) {
	const n = 512
	a := make([]float64, n*n)
	for i := range a {
		a[i] = float64(i)
	}
	kn := avx2Kernel
	dst := make([]float64, kn.mc*kn.kc)
	run := func(b *testing.B) {
		c0 := cpuSeconds()
		for b.Loop() {
			for pc := 0; pc < n; pc += kn.kc {
				for ic := 0; ic < n; ic += kn.mc {
					packA(&kn, false, a, n, ic, min(kn.mc, n-ic), pc, kn.kc, dst)
				}
			}
		}
		if c1 := cpuSeconds(); c1 > c0 {
			b.ReportMetric((c1-c0)*1e9/float64(b.N)/float64(n*n), "cpu-ns/elem")
		}
	}
	b.Run("vector", run)
	b.Run("scalar", func(b *testing.B) {
		defer func(h bool) { hasAVX = h }(hasAVX)
		hasAVX = false
		run(b)
	})
}

// TestTransposedN4 checks that kernAVX2T4Rows (a ragged last column of 1–4
// columns, A loaded as vectors, B broadcast) gives the same bits as
// kernAVX2N4Rows and agrees with the naive product: every width 1–4, row
// counts that leave 0, 1 or 2 tiles after the groups of three and a ragged
// last panel, k with a tail (k mod 4 ≠ 0) and several k blocks, beta 0
// over NaN and beta ≠ 0, on one and two workers.
func TestTransposedN4(t *testing.T) {
	if !cpu.X86.HasAVX2 || !cpu.X86.HasFMA {
		t.Skip("no AVX2+FMA")
	}
	saved := transposedN4
	defer func() { transposedN4 = saved }()
	rng := rand.New(rand.NewPCG(21, 22))
	kn := avx2Kernel
	var cases []gemmCase
	for _, n := range []int{13, 14, 15, 16, 28} {
		for _, m := range []int{96, 100, 104, 107, 200} {
			// padA keeps A from being read in place (only a packed A
			// takes the transposed kernel).
			cases = append(cases,
				gemmCase{m: m, n: n, k: 37, alpha: 1.5, beta: 0, nanC: true, padA: 1},
				gemmCase{m: m, n: n, k: 301, alpha: -1, beta: 0.75, padC: 2})
		}
	}
	cases = append(cases, gemmCase{m: 130, n: 40, k: 64, tA: true, tB: true, alpha: 2, beta: -1})
	for _, tc := range cases {
		for _, w := range []int{1, 2} {
			t.Run(fmt.Sprintf("w%d/%s", w, tc.name()), func(t *testing.T) {
				a, lda, b, ldb, c0, ldc := tc.operands(rng)
				run := func(on bool) []float64 {
					transposedN4 = on
					c := append([]float64(nil), c0...)
					dgemm(&kn, pathPacked, tc.tA, tc.tB, tc.m, tc.n, tc.k, tc.alpha, a, lda, b, ldb, tc.beta, c, ldc, w)
					return c
				}
				ref, got := run(false), run(true)
				for i := range got {
					if math.Float64bits(got[i]) != math.Float64bits(ref[i]) {
						t.Fatalf("C[%d] = %v with kernAVX2T4Rows, %v with kernAVX2N4Rows", i, got[i], ref[i])
					}
				}
				want, scale := naiveGemm(tc, a, lda, b, ldb, c0, ldc)
				checkAgainstNaive(t, variant{kn, pathPacked, w}, tc, a, lda, b, ldb, c0, ldc, want, scale)
			})
		}
	}
}
