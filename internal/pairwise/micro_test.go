package pairwise

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
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

// BenchmarkKernelGo times the pure-Go kernels on one row pair against a
// segment of columns (d = 10), call by call and interleaved, and reports
// the median and minimum ns per pair: the two-row kernel (rowSum2Go, with
// column sums), the one-row kernel twice, and the one-row kernel of the
// previous version (natural exponent, oldRowSumGo) twice as the baseline.
func BenchmarkKernelGo(b *testing.B) {
	for _, n := range []int{240, 2048} {
		b.Run(fmt.Sprintf("cols=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 1))
			d := 10
			ld := n + pad
			yt := make([]float64, d*ld)
			for i := range yt {
				yt[i] = r.Float64()
			}
			bb := make([]float64, ld)
			col := make([]float64, ld)
			c := make([]float64, 2*d)
			for i := range c {
				c[i] = r.Float64() * 0.5
			}
			c0, c1 := make([]float64, d), make([]float64, d)
			for k := 0; k < d; k++ {
				c0[k], c1[k] = c[2*k], c[2*k+1]
			}
			tmp := make([]float64, 2*ld)
			type variant struct {
				name string
				f    func()
				t    []float64
			}
			vs := []*variant{
				{name: "2row", f: func() { rowSum2Go(c, -3, -2, yt, ld, bb, col, n, tmp, false) }},
				{name: "1rowx2", f: func() {
					rowSumGo(c0, -3, yt, ld, bb, col, n, tmp)
					rowSumGo(c1, -2, yt, ld, bb, col, n, tmp)
				}},
				{name: "old1rowx2", f: func() {
					oldRowSumGo(c0, -3, yt, ld, bb, col, n, tmp)
					oldRowSumGo(c1, -2, yt, ld, bb, col, n, tmp)
				}},
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for range b.N {
				for range 50 {
					for _, v := range vs {
						t0 := time.Now()
						v.f()
						v.t = append(v.t, float64(time.Since(t0))/float64(2*n))
					}
				}
			}
			for _, v := range vs {
				slices.Sort(v.t)
				b.ReportMetric(v.t[len(v.t)/2], v.name+"-ns/pair")
				b.ReportMetric(v.t[0], v.name+"-min-ns/pair")
			}
		})
	}
}
