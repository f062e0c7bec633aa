package gemm

import (
	"fmt"
	"testing"
)

// BenchmarkBlockingSweep measures the active kernel at 512³ over a grid of
// mc and kc (a tuning aid; run with -bench BlockingSweep -cpu 1).
func BenchmarkBlockingSweep(b *testing.B) {
	const m, n, k = 512, 512, 512
	a, bb, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
	for i := range a {
		a[i] = float64(i%7) - 3
	}
	for i := range bb {
		bb[i] = float64(i%5) - 2
	}
	for _, kc := range []int{128, 192, 256} {
		for _, mcTiles := range []int{24, 48, 72} {
			kn := active
			kn.kc, kn.mc = kc, mcTiles*kn.mr
			b.Run(fmt.Sprintf("kc%d/mc%d", kn.kc, kn.mc), func(b *testing.B) {
				c0 := cpuSeconds()
				for b.Loop() {
					dgemm(&kn, pathPacked, false, false, m, n, k, 1, a, k, bb, n, 0, c, n, 1)
				}
				reportGFLOPS(b, 2*m*n*k, c0)
			})
		}
	}
}

// BenchmarkPathChoice times the direct and packed paths on shapes near the
// direct-path thresholds (a tuning aid for directMaxK and directMaxFlops).
func BenchmarkPathChoice(b *testing.B) {
	for _, s := range [][3]int{{4096, 4096, 12}, {2048, 2048, 32}, {2048, 2048, 64}, {4096, 12, 32}, {64, 64, 64}, {96, 96, 96}} {
		m, n, k := s[0], s[1], s[2]
		a, bb, c := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
		for _, pth := range []path{pathDirect, pathPacked} {
			b.Run(fmt.Sprintf("%dx%dx%d/path%d", m, k, n, pth), func(b *testing.B) {
				c0 := cpuSeconds()
				for b.Loop() {
					dgemm(&active, pth, false, true, m, n, k, 1, a, k, bb, k, 0, c, n, 1)
				}
				reportGFLOPS(b, 2*float64(m*n*k), c0)
			})
		}
	}
}
