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

// BenchmarkEdgeKernel compares the AVX2 edge kernel (full and 10-column
// tiles) with the full-tile kernel at k = 12, the network's first layer.
func BenchmarkEdgeKernel(b *testing.B) {
	const kc = 12
	ap := make([]float64, kc*4)
	bp := make([]float64, kc*12)
	c := make([]float64, 4*12)
	b.Run("full", func(b *testing.B) {
		c0 := cpuSeconds()
		for b.Loop() {
			kernAVX2(kc, &ap[0], 1, 4, &bp[0], &c[0], 12, 0)
		}
		reportGFLOPS(b, 2*kc*48, c0)
	})
	b.Run("edge12", func(b *testing.B) {
		c0 := cpuSeconds()
		for b.Loop() {
			kernAVX2Edge(kc, &ap[0], 1, 4, &bp[0], &c[0], 12, 0, 4, 12)
		}
		reportGFLOPS(b, 2*kc*48, c0)
	})
	b.Run("edge10", func(b *testing.B) {
		c0 := cpuSeconds()
		for b.Loop() {
			kernAVX2Edge(kc, &ap[0], 1, 4, &bp[0], &c[0], 12, 0, 4, 10)
		}
		reportGFLOPS(b, 2*kc*48, c0)
	})
}

// BenchmarkFMAPeakParallel runs the FMA-peak loop on GOMAXPROCS goroutines
// at once and reports the aggregate rate: the ceiling for multi-threaded
// GEMM (clocks may drop when every core is busy).
func BenchmarkFMAPeakParallel(b *testing.B) {
	const iters = 1 << 16
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			fmaPeakAVX2(iters)
		}
	})
	b.ReportMetric(80*iters*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}
