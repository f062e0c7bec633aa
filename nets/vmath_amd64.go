//go:build gc && !purego

package nets

import "golang.org/x/sys/cpu"

// tanhAVX2 overwrites x[0:n] with tanh, n a multiple of 4. It needs AVX2 and FMA.
//
//go:noescape
func tanhAVX2(x *float64, n int)

// expAVX2 overwrites x[0:n] with e^x (x clamped to [−708, 709]), n a multiple of 4.
//
//go:noescape
func expAVX2(x *float64, n int)

// tanhBackAVX2 multiplies d[0:n] by 1 − y², n a multiple of 4.
//
//go:noescape
func tanhBackAVX2(d, y *float64, n int)

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

// expSlice overwrites x with e^x, elementwise, with x clamped to
// [−708, 709] on the vector path (relative error a few ulp).
func expSlice(x []float64) {
	if !useAVX2 {
		expSliceGo(x)
		return
	}
	n4 := len(x) &^ 3
	if n4 > 0 {
		expAVX2(&x[0], n4)
	}
	if rest := x[n4:]; len(rest) > 0 {
		var buf [4]float64
		copy(buf[:], rest)
		expAVX2(&buf[0], 4)
		copy(rest, buf[:])
	}
}

// tanhBack multiplies d elementwise by 1 − y², the tanh derivative.
func tanhBack(d, y []float64) {
	y = y[:len(d)]
	if !useAVX2 {
		tanhBackGo(d, y)
		return
	}
	n4 := len(d) &^ 3
	if n4 > 0 {
		tanhBackAVX2(&d[0], &y[0], n4)
	}
	if len(d) > n4 {
		var bd, by [4]float64
		copy(bd[:], d[n4:])
		copy(by[:], y[n4:])
		tanhBackAVX2(&bd[0], &by[0], 4)
		copy(d[n4:], bd[:])
	}
}
