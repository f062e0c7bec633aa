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
	for _, kc := range []int{192, 256, 320} {
		for _, mcTiles := range []int{32, 48, 64, 96} {
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
