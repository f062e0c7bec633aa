//go:build gc && !purego

package pairwise

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkKernelAVX2 times the AVX2 kernels on one row segment (240
// columns: in L1 at d = 10; 512 and 2048: in L2) against the FMA clock,
// call by call and interleaved, so that a busy machine slows all of them
// alike: it reports the median and the minimum time per pair of each in
// cycles of the FMA peak (fmaPeakAVX2: 8 independent FMAs take 4 cycles).
// The FMA bound of the two-row kernel is (d + 10)/8 cycles per pair (d FMAs
// for the exponent and 10 FMA-pipe operations for 2^y per 4 pairs, 2 per
// cycle): 2.5 at d = 10, 5.25 at d = 32. Measured on the Zen 3 (busy):
// ≈ 3.1–3.6 and 6.3–9 (the previous kernel, Horner in phase 2: 3.2–3.8).
func BenchmarkKernelAVX2(b *testing.B) {
	for _, d := range []int{10, 32} {
		for _, n := range []int{240, 512, 2048} {
			b.Run(fmt.Sprintf("d=%d/cols=%d", d, n), func(b *testing.B) { benchKernelAVX2(b, n, d) })
		}
	}
}

func benchKernelAVX2(b *testing.B, n, d int) {
	r := rand.New(rand.NewPCG(1, 1))
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
	type variant struct {
		name  string
		pairs int
		f     func()
		t     []float64
	}
	vs := []*variant{
		{name: "1row", pairs: n, f: func() { rowSumAVX2(&c[0], d, -3, &yt[0], ld, &bb[0], &col[0], n) }},
		{name: "2row", pairs: 2 * n, f: func() { rowSum2AVX2(&c[0], d, -3, -2, &yt[0], ld, &bb[0], &col[0], n) }},
	}
	var clock []float64
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	const reps = 200
	for range b.N {
		for range reps {
			t0 := time.Now()
			fmaPeakAVX2(n / 2)
			clock = append(clock, float64(time.Since(t0))/float64(4*(n/2)))
			for _, v := range vs {
				t0 := time.Now()
				v.f()
				v.t = append(v.t, float64(time.Since(t0))/float64(v.pairs))
			}
		}
	}
	slices.Sort(clock)
	cyc := clock[len(clock)/2]
	b.ReportMetric(cyc, "ns/cycle")
	for _, v := range vs {
		slices.Sort(v.t)
		b.ReportMetric(v.t[len(v.t)/2]/cyc, v.name+"-cyc/pair")
		b.ReportMetric(v.t[0]/clock[0], v.name+"-min-cyc/pair")
	}
}
