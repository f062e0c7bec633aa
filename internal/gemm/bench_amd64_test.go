//go:build gc && !purego

package gemm

import "testing"

// BenchmarkFMAPeak measures the single-core 256-bit FMA ceiling (10
// independent FMA chains), the reference for the GEMM figures.
func BenchmarkFMAPeak(b *testing.B) {
	const iters = 1 << 16
	c0 := cpuSeconds()
	for b.Loop() {
		fmaPeakAVX2(iters)
	}
	reportGFLOPS(b, 80*iters, c0)
}
