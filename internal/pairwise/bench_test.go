package pairwise

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
)

// benchSym measures SymSums (one worker) at n×d with two classes, the
// workload of the KDE information plane: one pass gives H(T), I(X;T) and
// I(T;Y).
func benchSym(b *testing.B, n, d int, k int) {
	saved := kernel
	defer func() { kernel = saved }()
	kernel = k
	r := rand.New(rand.NewPCG(1, 1))
	x := randData(r, n, d, 1)
	g := randGroups(r, n, 2)
	dst := make([]float64, 2*n)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	c0 := cpuNanos()
	var best float64
	for range b.N {
		t0 := time.Now()
		SymSums(dst, x, n, d, g, 2, 5, 1)
		if t := float64(time.Since(t0)); best == 0 || t < best {
			best = t
		}
	}
	reportCPU(b, c0)
	// the fastest call in cycles of the FMA clock, per unordered pair
	if c := nsPerCycle(); c > 0 {
		b.ReportMetric(best/c/(float64(n)*float64(n-1)/2), "min-cyc/pair")
	}
}

// reportCPU adds the thread CPU time per op (the kernels run on the calling
// goroutine, locked to its thread, with one worker).
func reportCPU(b *testing.B, c0 int64) {
	if c := cpuNanos(); c > 0 {
		b.ReportMetric(float64(c-c0)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkSymSums(b *testing.B) {
	for _, s := range []struct{ n, d int }{{4096, 10}, {4096, 3}, {4096, 32}, {4096, 128}} {
		for _, k := range available {
			b.Run(fmt.Sprintf("n=%d/d=%d/kernel=%s", s.n, s.d, kernelNames[k]), func(b *testing.B) { benchSym(b, s.n, s.d, k) })
		}
	}
	// The baseline: the straightforward double loop with math.Exp.
	b.Run("n=4096/d=10/kernel=doubleloop", func(b *testing.B) {
		r := rand.New(rand.NewPCG(1, 1))
		n, d := 4096, 10
		x := randData(r, n, d, 1)
		g := randGroups(r, n, 2)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		b.ResetTimer()
		c0 := cpuNanos()
		for range b.N {
			naiveSums(x, n, x, n, d, g, 2, 5)
		}
		reportCPU(b, c0)
	})
}

// BenchmarkSymSums50k is the large case: n = 50,000, d = 10, one worker.
// Run it explicitly (-bench SymSums50k); it takes about a second per op.
func BenchmarkSymSums50k(b *testing.B) {
	benchSym(b, 50000, 10, kernel)
}
