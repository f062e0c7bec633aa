package pairwise

// The pure-Go kernel before the base-2 rewrite (natural exponent, one row
// per call), kept as the baseline of BenchmarkKernelGo.

import "math"

const (
	oldExpMin = -708.0
	oldLn2Hi  = 6.93147180369123816490e-01
	oldLn2Lo  = 1.90821492927058770002e-10
)

func oldRowSumGo(c []float64, a float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64) float64 {
	return rowSumExp(oldExpInPlace, c, a, yt, ld, b, col, cnt, tmp)
}

// expInPlace replaces every x by exp(x) (0 for x < −708). It uses Tang's
// table method, which needs far fewer scalar operations than expPoly: with
// K = round(x·256/ln2), x = K·ln2/256 + r, |r| ≤ ln2/512, and
// exp(x) = 2^⌊K/256⌋ · 2^((K mod 256)/256) · exp(r), where the middle factor
// comes from a 256-entry table and exp(r) is the degree-4 Taylor polynomial
// (truncation error r⁵/120 < 4e-17). Accuracy: within 2 ulp of math.Exp.
// The loop body is written out because the inliner rejects a call.
func oldExpInPlace(e []float64) {
	// Two elements per iteration, interleaved statement by statement, so
	// that the out-of-order window holds two independent dependency chains.
	for len(e) >= 2 {
		x0, x1 := e[0], e[1]
		t0 := x0*(256*log2e) + magic
		t1 := x1*(256*log2e) + magic
		k0 := t0 - magic
		k1 := t1 - magic
		r0 := x0 - k0*(oldLn2Hi/256) - k0*(oldLn2Lo/256)
		r1 := x1 - k1*(oldLn2Hi/256) - k1*(oldLn2Lo/256)
		s0 := r0 * r0
		s1 := r1 * r1
		p0 := (1 + r0) + s0*((0.5+r0*(1.0/6))+s0*(1.0/24))
		p1 := (1 + r1) + s1*((0.5+r1*(1.0/6))+s1*(1.0/24))
		b0 := math.Float64bits(t0)
		b1 := math.Float64bits(t1)
		v0 := math.Float64frombits(math.Float64bits(oldExpTab[b0&255]*p0) + (b0>>8)<<52)
		v1 := math.Float64frombits(math.Float64bits(oldExpTab[b1&255]*p1) + (b1>>8)<<52)
		if !(x0 >= oldExpMin) {
			v0 = 0
		}
		if !(x1 >= oldExpMin) {
			v1 = 0
		}
		e[0], e[1] = v0, v1
		e = e[2:]
	}
	for j, x := range e {
		t := x*(256*log2e) + magic
		kf := t - magic
		r := x - kf*(oldLn2Hi/256) - kf*(oldLn2Lo/256)
		s := r * r
		p := (1 + r) + s*((0.5+r*(1.0/6))+s*(1.0/24))
		tb := math.Float64bits(t)
		v := math.Float64frombits(math.Float64bits(oldExpTab[tb&255]*p) + (tb>>8)<<52)
		if !(x >= oldExpMin) {
			v = 0
		}
		e[j] = v
	}
}

// oldExpTab[j] = 2^(j/256), correctly rounded.
var oldExpTab = func() (t [256]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 256)
	}
	return t
}()
