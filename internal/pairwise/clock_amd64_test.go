//go:build gc && !purego

package pairwise

import (
	"slices"
	"time"

	"golang.org/x/sys/cpu"
)

// nsPerCycle returns the time of one cycle at the FMA peak (fmaPeakAVX2:
// 8 independent FMAs take 4 cycles), the median of 21 short runs, or 0
// without AVX2. Benchmarks divide by it to report cycles, which a loaded
// machine inflates less than times.
func nsPerCycle() float64 {
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		return 0
	}
	var ts []float64
	for range 21 {
		t0 := time.Now()
		fmaPeakAVX2(25000)
		ts = append(ts, float64(time.Since(t0))/100000)
	}
	slices.Sort(ts)
	return ts[len(ts)/2]
}
