package nets

import "math"

// Constants of the tanh kernel: tanh x = sign(x)·e/(e + 2) with e = expm1(2|x|),
// and expm1(y) = 2ⁿ·(1 + q) − 1, y = n·ln2 + r, |r| ≤ ln2/2, q = expm1(r) by a
// degree-13 Taylor polynomial (truncation < 2e-16 relative on |r| ≤ 0.347).
const (
	log2e   = 1.4426950408889634
	ln2hi   = 6.93147180369123816490e-01
	ln2lo   = 1.90821492927058770002e-10
	tanhMax = 20 // tanh(x) rounds to ±1 in float64 for |x| > 19.06
)

// tanhGo is a branch-light tanh accurate to about 4e-16 relative (checked
// against math.Tanh in the tests). It is the portable kernel and the model of
// the vector kernels.
func tanhGo(x float64) float64 {
	ax := math.Abs(x)
	if !(ax <= tanhMax) { // also NaN: ax becomes tanhMax, then Copysign keeps x's sign
		if x != x {
			return x
		}
		ax = tanhMax
	}
	y := 2 * ax
	n := float64(int64(y*log2e + 0.5)) // y ≥ 0, so truncation rounds to nearest
	r := y - n*ln2hi - n*ln2lo
	r2 := r * r
	r4 := r2 * r2
	p1 := (1.0/2 + r*(1.0/6)) + r2*(1.0/24+r*(1.0/120))
	p2 := (1.0/720 + r*(1.0/5040)) + r2*(1.0/40320+r*(1.0/362880))
	p3 := (1.0/3628800 + r*(1.0/39916800)) + r2*(1.0/479001600+r*(1.0/6227020800))
	q := r + r2*(p1+r4*(p2+r4*p3))
	s := math.Float64frombits(uint64(int64(n)+1023) << 52)
	e := s*q + (s - 1)
	return math.Copysign(e/(e+2), x)
}

// tanhSliceGo overwrites x with tanh(x), elementwise.
func tanhSliceGo(x []float64) {
	for i, v := range x {
		x[i] = tanhGo(v)
	}
}

// expSliceGo overwrites x with e^x, elementwise.
func expSliceGo(x []float64) {
	for i, v := range x {
		x[i] = math.Exp(v)
	}
}

// tanhBackGo multiplies d elementwise by 1 − y².
func tanhBackGo(d, y []float64) {
	y = y[:len(d)]
	for i, v := range y {
		d[i] *= 1 - v*v
	}
}
