//go:build gc && !purego

package pairwise

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// BenchmarkKernelAVX2 compares the AVX2 kernels on one long row segment
// (2048 columns, d = 10): per pair, in CPU ns.
func BenchmarkKernelAVX2(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	n, d := 2048, 10
	ld := n + pad
	yt := make([]float64, d*ld)
	for i := range yt {
		yt[i] = r.Float64()
	}
	bb := make([]float64, ld)
	col := make([]float64, ld)
	c := make([]float64, 2*d)
	for i := range c {
		c[i] = r.Float64()
	}
	run := func(name string, pairs int, f func()) {
		b.Run(name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			c0 := cpuNanos()
			for range b.N {
				f()
			}
			if cn := cpuNanos(); cn > 0 {
				b.ReportMetric(float64(cn-c0)/float64(b.N)/float64(pairs), "cpu-ns/pair")
			}
		})
	}
	run("lean1row", n, func() { rowSumAVX2(&c[0], d, -3, &yt[0], ld, &bb[0], &col[0], n) })
	run("lean2phase", 2*n, func() { rowSum2AVX2(&c[0], d, -3, -2, &yt[0], ld, &bb[0], &col[0], n) })
}
