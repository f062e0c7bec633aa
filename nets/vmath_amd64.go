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

// softmaxColsAVX2 is softmaxCols, and with d non-nil the cross-entropy
// gradient too, on 4 columns at a time (vmath_amd64.s).
//
//go:noescape
func softmaxColsAVX2(z *float64, k, ld, nc int, d *float64, lab *int, inv float64)

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

// softmaxCols overwrites each of the first nc columns of the feature-major
// k×ld block z with softmax(column) (softmaxColsGo; the vector kernel gives
// the same bits). tmp holds ≥ nc values.
func softmaxCols(z []float64, k, ld, nc int, tmp []float64) {
	if !useAVX2 {
		softmaxColsGo(z, k, ld, nc, tmp)
		return
	}
	_ = z[(k-1)*ld+nc-1]
	softmaxColsAVX2(&z[0], k, ld, nc, nil, nil, 0)
}

// softmaxXent is softmaxCols that also writes the gradient of the mean
// cross-entropy over the first rows columns into d (same layout as z):
// d = (p − onehot(label))/rows, 0 in the padding columns [rows, nc). It
// overwrites labels[rows:nc] with −1. It reports false, having done
// nothing, where there is no fused kernel; backward then computes the
// gradient itself, with the same bits.
func softmaxXent(z, d []float64, k, ld, nc int, labels []int, rows int) bool {
	if !useAVX2 {
		return false
	}
	_ = z[(k-1)*ld+nc-1]
	_ = d[(k-1)*ld+nc-1]
	lab := labels[:nc]
	for q := rows; q < nc; q++ {
		lab[q] = -1
	}
	softmaxColsAVX2(&z[0], k, ld, nc, &d[0], &lab[0], 1/float64(rows))
	for j := 0; j < k; j++ {
		clear(d[j*ld+rows : j*ld+nc])
	}
	return true
}
