package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// benchShapes are the shapes of the task: cubes, the MLP layers (tall-skinny
// and short-wide with a long k), and the tiny 12-bit layer.
var benchShapes = [][3]int{
	{256, 256, 256},
	{512, 512, 512},
	{1024, 1024, 1024},
	{4096, 256, 256}, // m, n, k: 4096×256 · 256×256
	{256, 256, 4096}, // 256×4096 · 4096×256
	{4096, 10, 12},   // 4096×12 · 12×10
}

// benchGemm measures C = A·B for one shape with the given thread count.
// impl is "itlab" (our Dgemm with that worker budget) or "gonum"
// (blas64.Gemm, which uses GOMAXPROCS goroutines, so GOMAXPROCS is set to
// threads for its run). It reports GFLOPS, GFLOPS per CPU-second and CPU
// time per call.
func benchGemm(b *testing.B, impl string, m, n, k, threads int) {
	rng := rand.New(rand.NewPCG(1, 1))
	fill := func(x []float64) []float64 {
		for i := range x {
			x[i] = rng.Float64() - 0.5
		}
		return x
	}
	a, bb, c := fill(make([]float64, m*k)), fill(make([]float64, k*n)), make([]float64, m*n)
	ga := blas64.General{Rows: m, Cols: k, Stride: k, Data: a}
	gb := blas64.General{Rows: k, Cols: n, Stride: n, Data: bb}
	gc := blas64.General{Rows: m, Cols: n, Stride: n, Data: c}
	if impl == "gonum" {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(threads))
	}
	c0 := cpuSeconds()
	for b.Loop() {
		if impl == "gonum" {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, ga, gb, 0, gc)
		} else {
			Dgemm(false, false, m, n, k, 1, a, k, bb, n, 0, c, n, threads)
		}
	}
	reportGFLOPS(b, 2*float64(m)*float64(n)*float64(k), c0)
}

// reportGFLOPS reports wall-clock GFLOPS for flopsPerOp, and GFLOPS per
// CPU-second since c0 (see cpuSeconds) with the CPU time per op: on a shared
// machine the second is the better estimate of single-thread speed, the
// first is what a user sees.
func reportGFLOPS(b *testing.B, flopsPerOp float64, c0 float64) {
	total := flopsPerOp * float64(b.N)
	b.ReportMetric(total/b.Elapsed().Seconds()/1e9, "GFLOPS")
	if c1 := cpuSeconds(); c1 > c0 {
		b.ReportMetric(total/(c1-c0)/1e9, "GFLOPS/cpu-s")
		b.ReportMetric((c1-c0)*1e9/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkGemm runs every shape for our Dgemm and for gonum, each with 1
// and 2 threads, in the same run. Names are shape/threads/impl, shapes
// written m x k x n (m×k·k×n):
//
//	go test -run '^$' -bench Gemm -count 5 ./internal/gemm
func BenchmarkGemm(b *testing.B) {
	for _, s := range benchShapes {
		m, n, k := s[0], s[1], s[2]
		name := fmt.Sprintf("%dx%dx%d", m, k, n)
		for _, threads := range []int{1, 2} {
			for _, impl := range []string{"itlab", "gonum"} {
				b.Run(fmt.Sprintf("%s/w%d/%s", name, threads, impl), func(b *testing.B) {
					benchGemm(b, impl, m, n, k, threads)
				})
			}
		}
	}
}

// BenchmarkKernel measures the micro-kernel alone on L1-resident panels
// (kc = 256), for every kernel variant, against the machine's FMA ceiling.
func BenchmarkKernel(b *testing.B) {
	for _, kn := range availableKernels() {
		b.Run(kn.name, func(b *testing.B) {
			const kc = 256
			ap := make([]float64, kc*kn.mr)
			bp := make([]float64, kc*kn.nr)
			c := make([]float64, kn.mr*kn.nr)
			for i := range ap {
				ap[i] = 1e-3
			}
			for i := range bp {
				bp[i] = 1e-3
			}
			c0 := cpuSeconds()
			for b.Loop() {
				callKernel(kn.id, kc, ap, 1, kn.mr, bp, c, kn.nr, 1)
			}
			reportGFLOPS(b, 2*float64(kc*kn.mr*kn.nr), c0)
		})
	}
}

// BenchmarkSmallLayers measures the shapes of one training step of the
// 12-10-7-5-4-3-2 network at batch 512 (forward X·W, weight gradient Xᵀ·dY,
// input gradient dY·Wᵀ), where per-call overhead dominates, against gonum.
func BenchmarkSmallLayers(b *testing.B) {
	type shape struct {
		name    string
		tA, tB  bool
		m, n, k int
	}
	shapes := []shape{
		{"fwd_512x12x10", false, false, 512, 10, 12},
		{"fwd_512x10x7", false, false, 512, 7, 10},
		{"gradW_12x512x10", true, false, 12, 10, 512},
		{"gradX_512x10x12", false, true, 512, 12, 10},
	}
	for _, s := range shapes {
		ra, ca := s.m, s.k
		if s.tA {
			ra, ca = s.k, s.m
		}
		rb, cb := s.k, s.n
		if s.tB {
			rb, cb = s.n, s.k
		}
		a, bb, c := make([]float64, ra*ca), make([]float64, rb*cb), make([]float64, s.m*s.n)
		for i := range a {
			a[i] = float64(i%7) - 3
		}
		for i := range bb {
			bb[i] = float64(i%5) - 2
		}
		tr := func(t bool) blas.Transpose {
			if t {
				return blas.Trans
			}
			return blas.NoTrans
		}
		b.Run(s.name+"/itlab", func(b *testing.B) {
			c0 := cpuSeconds()
			for b.Loop() {
				Dgemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, ca, bb, cb, 0, c, s.n, 1)
			}
			reportGFLOPS(b, 2*float64(s.m*s.n*s.k), c0)
		})
		b.Run(s.name+"/gonum", func(b *testing.B) {
			ga := blas64.General{Rows: ra, Cols: ca, Stride: ca, Data: a}
			gb := blas64.General{Rows: rb, Cols: cb, Stride: cb, Data: bb}
			gc := blas64.General{Rows: s.m, Cols: s.n, Stride: s.n, Data: c}
			c0 := cpuSeconds()
			for b.Loop() {
				blas64.Gemm(tr(s.tA), tr(s.tB), 1, ga, gb, 0, gc)
			}
			reportGFLOPS(b, 2*float64(s.m*s.n*s.k), c0)
		})
	}
}

// BenchmarkTranspose measures the four transpose combinations at 512³ (one
// thread): packing absorbs op(), so they should run at the same speed.
func BenchmarkTranspose(b *testing.B) {
	const n = 512
	a, bb, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
	for i := range a {
		a[i], bb[i] = float64(i%7)-3, float64(i%5)-2
	}
	for _, tr := range []struct {
		name   string
		tA, tB bool
	}{{"NN", false, false}, {"TN", true, false}, {"NT", false, true}, {"TT", true, true}} {
		b.Run(tr.name, func(b *testing.B) {
			c0 := cpuSeconds()
			for b.Loop() {
				Dgemm(tr.tA, tr.tB, n, n, n, 1, a, n, bb, n, 0, c, n, 1)
			}
			reportGFLOPS(b, 2*n*n*n, c0)
		})
	}
}

// BenchmarkTwoThreadScaling times Dgemm on one and on two workers
// alternately, call by call, so that the VM's slow and fast moments fall on
// both alike, and reports the median ratio of the two wall times (the
// target is ≥ 1.8 at 1024³) with both speeds:
//
//	go test -run '^$' -bench TwoThreadScaling -benchtime 25x ./internal/gemm
func BenchmarkTwoThreadScaling(b *testing.B) {
	if runtime.GOMAXPROCS(0) < 2 {
		b.Skip("needs GOMAXPROCS ≥ 2")
	}
	for _, nn := range []int{512, 1024} {
		b.Run(fmt.Sprintf("%dx%dx%d", nn, nn, nn), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			a, bb, c := make([]float64, nn*nn), make([]float64, nn*nn), make([]float64, nn*nn)
			for i := range a {
				a[i], bb[i] = rng.Float64(), rng.Float64()
			}
			timed := func(w int) float64 {
				t0 := time.Now()
				Dgemm(false, false, nn, nn, nn, 1, a, nn, bb, nn, 0, c, nn, w)
				return time.Since(t0).Seconds()
			}
			var ratio, one, two []float64
			for b.Loop() {
				t1, t2 := timed(1), timed(2)
				ratio, one, two = append(ratio, t1/t2), append(one, t1), append(two, t2)
			}
			flops := 2 * float64(nn) * float64(nn) * float64(nn)
			b.ReportMetric(median(ratio), "speedup")
			b.ReportMetric(flops/median(one)/1e9, "GFLOPS-1t")
			b.ReportMetric(flops/median(two)/1e9, "GFLOPS-2t")
		})
	}
}

// median returns the median of x (x is reordered).
func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	slices.Sort(x)
	return x[len(x)/2]
}
