package pairwise

import "math"

// asmKernel is the signature of the assembly kernels.
type asmKernel func(c *float64, d int, a float64, yt *float64, ld int, b *float64, col *float64, cnt int) float64

// selfCheckFor runs an assembly kernel on fixed small problems (every tail
// length, d from 1 to 5, with and without column sums, terms down to the
// underflow threshold) and reports whether it agrees with the pure-Go
// kernel to 1e-13 relative.
func selfCheckFor(f asmKernel) bool {
	const n = 71
	ld := n + pad
	for d := 1; d <= 5; d++ {
		yt := make([]float64, d*ld)
		for i := range yt {
			yt[i] = math.Sin(float64(i)*0.37) * 2
		}
		b := make([]float64, ld)
		for j := range b {
			b[j] = -float64(j%13) * 95 // down to −1140, past the flush
		}
		c := make([]float64, d)
		for k := range c {
			c[k] = math.Cos(float64(k)) * 3
		}
		tmp := make([]float64, ld)
		for cnt := 1; cnt <= n; cnt++ {
			colA := make([]float64, ld)
			colG := make([]float64, ld)
			for j := range colA {
				colA[j], colG[j] = 1, 1
			}
			want := rowSumGo(c, -0.5, yt, ld, b, colG, cnt, tmp)
			got := f(&c[0], d, -0.5, &yt[0], ld, &b[0], &colA[0], cnt)
			if !(math.Abs(got-want) <= 1e-13*math.Abs(want)) {
				return false
			}
			for j := range colA {
				if !(math.Abs(colA[j]-colG[j]) <= 1e-13*math.Abs(colG[j])) {
					return false
				}
			}
			if got2 := f(&c[0], d, -0.5, &yt[0], ld, &b[0], nil, cnt); got2 != got {
				return false
			}
		}
	}
	return true
}
