package pairwise

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

func BenchmarkRowSumMicro(b *testing.B) {
	for _, k := range available {
		b.Run(kernelNames[k], func(b *testing.B) {
			saved := kernel
			defer func() { kernel = saved }()
			kernel = k
			r := rand.New(rand.NewPCG(1, 1))
			n, d := 2048, 10
			ld := n + pad
			yt := make([]float64, d*ld)
			for i := range yt {
				yt[i] = r.Float64()
			}
			bb := make([]float64, ld)
			col := make([]float64, ld)
			c := make([]float64, d)
			for i := range c {
				c[i] = r.Float64()
			}
			tmp := make([]float64, ld)
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			b.ResetTimer()
			c0 := cpuNanos()
			for range b.N {
				rowSum(c, -3, yt, ld, bb, col, n, tmp)
			}
			if cn := cpuNanos(); cn > 0 {
				b.ReportMetric(float64(cn-c0)/float64(b.N)/float64(n), "cpu-ns/pair")
			}
		})
	}
}
