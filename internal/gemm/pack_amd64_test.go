//go:build gc && !purego

package gemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
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
