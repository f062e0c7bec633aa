package pairwise

import "math"

// Constants of the exponential (see doc.go).
const (
	expMin = -708.0             // below: flushed to 0
	log2e  = 1.4426950408889634 // 1/ln 2
	magic  = 6755399441055744.0 // 1.5·2^52: adding it rounds to an integer kept in the low bits
	ln2Hi  = 6.93147180369123816490e-01
	ln2Lo  = 1.90821492927058770002e-10
	expC2  = 0.5000000000000006
	expC3  = 0.16666666666554406
	expC4  = 0.04166666666657314
	expC5  = 0.008333333385667782
	expC6  = 0.0013888888932488599
	expC7  = 0.00019841170270440067
	expC8  = 2.4801504346997686e-05
	expC9  = 2.764018079620985e-06
	expC10 = 2.7626357241447223e-07
	expC1  = 1.0000000000000067
	expC0  = 1.0
)

// expPoly returns exp(x) for x ≥ expMin (the caller flushes smaller x).
// Cody–Waite reduction to |r| ≤ ln2/2, degree-10 Chebyshev interpolant,
// 2^k by adding k to the exponent bits. Small enough to be inlined.
func expPoly(x float64) float64 {
	t := x*log2e + magic
	kf := t - magic
	r := x - kf*ln2Hi - kf*ln2Lo
	p := ((((((((((expC10*r+expC9)*r+expC8)*r+expC7)*r+expC6)*r+expC5)*r+expC4)*r+expC3)*r+expC2)*r+expC1)*r + expC0)
	return math.Float64frombits(math.Float64bits(p) + math.Float64bits(t)<<52)
}

// rowSumGo is the pure-Go kernel: it returns
// Σ_{j<cnt} exp(a + b[j] + Σ_k c[k]·yt[k*ld+j]) (terms with exponent < −708
// are 0) and, if col is not nil, adds every term to col[j]. tmp is scratch of
// length ≥ cnt.
func rowSumGo(c []float64, a float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64) float64 {
	e := tmp[:cnt]
	bb := b[:cnt]
	for j := range e {
		e[j] = a + bb[j]
	}
	d := len(c)
	k := 0
	for ; k+4 <= d; k += 4 {
		c0, c1, c2, c3 := c[k], c[k+1], c[k+2], c[k+3]
		r0 := yt[k*ld : k*ld+cnt]
		r1 := yt[(k+1)*ld : (k+1)*ld+cnt]
		r2 := yt[(k+2)*ld : (k+2)*ld+cnt]
		r3 := yt[(k+3)*ld : (k+3)*ld+cnt]
		for j := range e {
			e[j] += c0*r0[j] + c1*r1[j] + c2*r2[j] + c3*r3[j]
		}
	}
	for ; k+2 <= d; k += 2 {
		c0, c1 := c[k], c[k+1]
		r0 := yt[k*ld : k*ld+cnt]
		r1 := yt[(k+1)*ld : (k+1)*ld+cnt]
		for j := range e {
			e[j] += c0*r0[j] + c1*r1[j]
		}
	}
	if k < d {
		c0 := c[k]
		r0 := yt[k*ld : k*ld+cnt]
		for j := range e {
			e[j] += c0 * r0[j]
		}
	}
	// exp in place; the body of expPoly is written out because the
	// inliner rejects it (cost 95 > 80).
	for j, x := range e {
		t := x*log2e + magic
		kf := t - magic
		r := x - kf*ln2Hi - kf*ln2Lo
		p := ((((((((((expC10*r+expC9)*r+expC8)*r+expC7)*r+expC6)*r+expC5)*r+expC4)*r+expC3)*r+expC2)*r+expC1)*r + expC0)
		v := math.Float64frombits(math.Float64bits(p) + math.Float64bits(t)<<52)
		if !(x >= expMin) {
			v = 0
		}
		e[j] = v
	}
	var s0, s1 float64
	j := 0
	for ; j+2 <= len(e); j += 2 {
		s0 += e[j]
		s1 += e[j+1]
	}
	if j < len(e) {
		s0 += e[j]
	}
	if col != nil {
		cc := col[:cnt]
		for j, v := range e {
			cc[j] += v
		}
	}
	return s0 + s1
}
