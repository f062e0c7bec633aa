package mi

import (
	"fmt"
	"math"
	"syscall"
	"testing"

	"github.com/itlab/itlab/synth"
)

// ksgProcessCPUNanos is the CPU time of the whole process (all threads), or
// 0 if unknown: the KSG benchmarks run on several goroutines, and on a
// shared machine the wall time is inflated by other processes.
func ksgProcessCPUNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkKSGScaling shows the O(n log n) growth of KSG-1 (k = 3) on the
// bivariate Gaussian ρ = 0.9 at n = 10³…10⁶ (kd-tree joint search, sorted
// marginals), against the O(n²) brute force in the same run (n ≤ 10⁴). Beside
// the wall time it reports the process CPU time per estimate and the CPU
// time divided by n·log₂n, which stays roughly flat if the growth is
// n log n.
func BenchmarkKSGScaling(b *testing.B) {
	p, _ := synth.BivariateNormal(0.9)
	for _, n := range []int{1000, 10000, 100000, 1000000} {
		x, y := benchPair(b, p, n)
		report := func(b *testing.B, c0 int64) {
			cpu := float64(ksgProcessCPUNanos()-c0) / float64(b.N)
			b.ReportMetric(cpu, "cpu-ns/op")
			b.ReportMetric(cpu/(float64(n)*math.Log2(float64(n))), "cpu-ns/nlogn")
		}
		b.Run(fmt.Sprintf("n=%d/ksg", n), func(b *testing.B) {
			c0 := ksgProcessCPUNanos()
			for b.Loop() {
				if _, err := (KSG{}).MI(x, y); err != nil {
					b.Fatal(err)
				}
			}
			report(b, c0)
		})
		if n <= 10000 {
			b.Run(fmt.Sprintf("n=%d/brute", n), func(b *testing.B) {
				c0 := ksgProcessCPUNanos()
				for b.Loop() {
					ksgBruteFast(x, y, 3)
				}
				report(b, c0)
			})
		}
	}
}

// BenchmarkKSG5x5CPU is BenchmarkKSG5x5 (sparse 5×5 Gaussian, n = 10⁴)
// with the process CPU time per estimate: the automatic choice, the kd-tree
// path and the exhaustive-scan path.
func BenchmarkKSG5x5CPU(b *testing.B) {
	p, _ := synth.SparseNormal(5, 5, 2, 2)
	x, y := benchPair(b, p, 10000)
	for _, m := range []struct {
		name   string
		method int
	}{{"auto", -1}, {"tree", ksgTree}, {"scan", ksgScan}} {
		b.Run(m.name, func(b *testing.B) {
			c0 := ksgProcessCPUNanos()
			benchKSG(b, x, y, m.method)
			b.ReportMetric(float64(ksgProcessCPUNanos()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}
