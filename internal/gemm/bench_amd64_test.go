//go:build gc && !purego

package gemm

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

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

// BenchmarkEfficiency measures single-thread GEMM efficiency against the FMA
// ceiling measured in the same run, in a way that holds up on a shared,
// loaded machine: every iteration runs one product and then the FMA-peak
// loop for the same number of flops, each timed by the CPU time of the
// (locked) OS thread, and the metrics use the medians over the iterations,
// so that a call disturbed by a context switch does not count. It reports
// the product's GFLOPS per CPU-second, the ceiling's, and their ratio
// (%peak). Shapes are written m x k x n (m×k·k×n):
//
//	go test -run '^$' -bench Efficiency -count 5 ./internal/gemm | benchstat -
func BenchmarkEfficiency(b *testing.B) {
	for _, s := range benchShapes {
		m, n, k := s[0], s[1], s[2]
		if k < 64 {
			continue // the tiny layer is timed against gonum by BenchmarkGemm
		}
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			rng := rand.New(rand.NewPCG(1, 1))
			fill := func(x []float64) []float64 {
				for i := range x {
					x[i] = rng.Float64() - 0.5
				}
				return x
			}
			a, bb, c := fill(make([]float64, m*k)), fill(make([]float64, k*n)), make([]float64, m*n)
			flops := 2 * float64(m) * float64(n) * float64(k)
			iters := int(flops/80) + 1 // fmaPeakAVX2 does 80 flops per iteration
			gemmT := make([]float64, 0, 1024)
			peakT := make([]float64, 0, 1024)
			for b.Loop() {
				t0 := threadSeconds()
				Dgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n, 1)
				t1 := threadSeconds()
				fmaPeakAVX2(iters)
				t2 := threadSeconds()
				gemmT = append(gemmT, t1-t0)
				peakT = append(peakT, t2-t1)
			}
			g, p := flops/median(gemmT)/1e9, float64(iters)*80/median(peakT)/1e9
			b.ReportMetric(g, "GFLOPS/cpu-s")
			b.ReportMetric(p, "peak-GFLOPS/cpu-s")
			b.ReportMetric(100*g/p, "%peak")
		})
	}
}

// BenchmarkFastPaths measures what the optional fast paths of the packed
// path buy (A read in place, narrow kernels for a ragged last column, the
// prefetch of the next A block, B packed ahead, B packed panel by panel in
// the first row block, mc = 96 rather than 192), in
// the way that is most robust on a loaded machine: each iteration runs the
// product once with them and once without, in alternating order, each timed
// by the thread's CPU time, and the metric "speedup" is the median over the
// iterations of the ratio of the two times (so slow drifts of the machine's
// load cancel). GFLOPS/cpu-s are the medians of each.
//
//	go test -run '^$' -bench FastPaths -count 5 ./internal/gemm | benchstat -
func BenchmarkFastPaths(b *testing.B) {
	plainKn := active
	plainKn.mc = 192
	setFast := func(on bool) {
		readAInPlace, narrowRows, packBAhead, lazyB = on, on, on, on
		pfCols = 0
		if on {
			pfCols = 4
		}
	}
	defer setFast(true)
	for _, s := range benchShapes {
		m, n, k := s[0], s[1], s[2]
		if k < 64 {
			continue
		}
		b.Run(fmt.Sprintf("%dx%dx%d", m, k, n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			rng := rand.New(rand.NewPCG(1, 1))
			fill := func(x []float64) []float64 {
				for i := range x {
					x[i] = rng.Float64() - 0.5
				}
				return x
			}
			a, bb, c := fill(make([]float64, m*k)), fill(make([]float64, k*n)), make([]float64, m*n)
			flops := 2 * float64(m) * float64(n) * float64(k)
			run := func(fast bool) float64 {
				setFast(fast)
				kn := &active
				if !fast {
					kn = &plainKn
				}
				t0 := threadSeconds()
				dgemm(kn, pathPacked, false, false, m, n, k, 1, a, k, bb, n, 0, c, n, 1)
				return threadSeconds() - t0
			}
			var tf, tp, ratio []float64
			i := 0
			for b.Loop() {
				var f, p float64
				if i%2 == 0 {
					f, p = run(true), run(false)
				} else {
					p, f = run(false), run(true)
				}
				i++
				tf, tp, ratio = append(tf, f), append(tp, p), append(ratio, p/f)
			}
			b.ReportMetric(flops/median(tf)/1e9, "GFLOPS/cpu-s")
			b.ReportMetric(flops/median(tp)/1e9, "plain-GFLOPS/cpu-s")
			b.ReportMetric(median(ratio), "speedup")
		})
	}
}
