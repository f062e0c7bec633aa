//go:build gc && !purego

package pairwise

import "golang.org/x/sys/cpu"

// useAsm selects the AVX2+FMA assembly kernel; it is set once from the CPU
// features and tests clear it to force the pure-Go kernel.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernelName names the assembly kernel (for benchmarks and reports).
func kernelName() string { return "avx2" }

// rowSumAVX2 is rowSum in assembly (kernel_amd64.s).
//
//go:noescape
func rowSumAVX2(c *float64, d int, a float64, yt *float64, ld int, b *float64, col *float64, cnt int) float64

// rowSum returns Σ_{j<cnt} exp(a + b[j] + Σ_k c[k]·yt[k*ld+j]) and adds each
// term to col[j] when col is not nil. yt, b and col must stay readable for
// pad columns past cnt.
func rowSum(c []float64, a float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64) float64 {
	if !useAsm || cnt <= 0 {
		return rowSumGo(c, a, yt, ld, b, col, cnt, tmp)
	}
	_ = yt[(len(c)-1)*ld+cnt+pad-1]
	_ = b[cnt+pad-1]
	var cp *float64
	if col != nil {
		_ = col[cnt+pad-1]
		cp = &col[0]
	}
	return rowSumAVX2(&c[0], len(c), a, &yt[0], ld, &b[0], cp, cnt)
}
