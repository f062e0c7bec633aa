//go:build gc && !purego

package nets

import "golang.org/x/sys/cpu"

// tanhAVX2 overwrites x[0:n] with tanh, n a multiple of 4. It needs AVX2 and FMA.
//
//go:noescape
func tanhAVX2(x *float64, n int)

var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// tanhSlice overwrites x with tanh(x), elementwise. On CPUs with AVX2 and
// FMA it runs the 4-lane vector kernel (the tail of fewer than 4 values goes
// through the same kernel in a padded buffer, so every value gets the same
// arithmetic whatever its position); otherwise tanhSliceGo.
func tanhSlice(x []float64) {
	if !useAVX2 {
		tanhSliceGo(x)
		return
	}
	n4 := len(x) &^ 3
	if n4 > 0 {
		tanhAVX2(&x[0], n4)
	}
	if rest := x[n4:]; len(rest) > 0 {
		var buf [4]float64
		copy(buf[:], rest)
		tanhAVX2(&buf[0], 4)
		copy(rest, buf[:])
	}
}
