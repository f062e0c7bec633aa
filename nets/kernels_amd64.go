//go:build gc && !purego

package nets

// fmaRows2AVX2 computes two rows of fmaRowsEpi (kernels_amd64.s); y0 is
// row 0 of Y (read only for epiTanhBack), and row 1 of Y is as far from
// y0 as c1 is from c0.
//
//go:noescape
func fmaRows2AVX2(c0, c1, a0, a1, b *float64, csA, ldb, k, n int, bias0, bias1 float64, epi epilogue, y0 *float64)

// fmaRows1AVX2 computes one row of fmaRowsEpi.
//
//go:noescape
func fmaRows1AVX2(c0, a0, b *float64, csA, ldb, k, n int, bias0 float64, epi epilogue, y0 *float64)

// dotRowsAVX2 computes the whole of dotRows (kernels_amd64.s).
//
//go:noescape
func dotRowsAVX2(a *float64, lda int, b *float64, ldb, m, n, nc int, c *float64, ldc int)

// useAVX2 (vmath_amd64.go) selects these kernels.

func fmaRowsKernel(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64, epi epilogue, y []float64) {
	if !useAVX2 {
		fmaRowsGo(m, k, a, rsA, csA, b, ldb, c, ldc, nc, bias)
		epilogueRows(m, c, ldc, nc, epi, y)
		return
	}
	yAt := func(i int) *float64 {
		if epi != epiTanhBack {
			return nil
		}
		return &y[i*ldc]
	}
	var a0, bp *float64 // with k = 0 the kernels read neither A nor B
	if k > 0 {
		a0, bp = &a[0], &b[0]
	}
	biasAt := func(i int) float64 {
		if bias == nil {
			return 0
		}
		return bias[i]
	}
	i := 0
	for ; i+1 < m; i += 2 {
		var ai0, ai1 *float64
		if k > 0 {
			ai0, ai1 = &a[i*rsA], &a[(i+1)*rsA]
		} else {
			ai0, ai1 = a0, a0
		}
		fmaRows2AVX2(&c[i*ldc], &c[(i+1)*ldc], ai0, ai1, bp, csA, ldb, k, nc, biasAt(i), biasAt(i+1), epi, yAt(i))
	}
	if i < m {
		ai := a0
		if k > 0 {
			ai = &a[i*rsA]
		}
		fmaRows1AVX2(&c[i*ldc], ai, bp, csA, ldb, k, nc, biasAt(i), epi, yAt(i))
	}
}

func dotRowsKernel(m, n int, a []float64, lda int, b []float64, ldb int, nc int, c []float64, ldc int) {
	if !useAVX2 {
		dotRowsGo(m, n, a, lda, b, ldb, nc, c, ldc)
		return
	}
	dotRowsAVX2(&a[0], lda, &b[0], ldb, m, n, nc, &c[0], ldc)
}

// gatherAVX2 transposes whole groups of 4 samples × 4 features (kernels_amd64.s).
//
//go:noescape
func gatherAVX2(dst *float64, ld int, x *float64, in int, idx *int, nb, fb int)

// gatherRows writes the rows idx of the sample-major x (in values per row)
// as the first len(idx) columns of the feature-major dst (in rows, stride
// ld): dst[f·ld + r] = x[idx[r]·in + f]. It reports false, having done
// nothing, where there is no vector kernel (epoch then gathers from the
// feature-major copy of the data). Every idx[r] must be a row of x.
func gatherRows(dst []float64, ld int, x []float64, in int, idx []int) bool {
	if !useAVX2 {
		return false
	}
	rows := len(idx)
	if rows == 0 {
		return true
	}
	_ = dst[(in-1)*ld+rows-1]
	n4, f4 := rows&^3, in&^3
	if n4 > 0 && f4 > 0 {
		gatherAVX2(&dst[0], ld, &x[0], in, &idx[0], 8*n4, 8*f4)
	}
	if f4 < in { // the last in mod 4 features of the whole groups
		for r, s := range idx[:n4] {
			for f, v := range x[s*in+f4 : s*in+in] {
				dst[(f4+f)*ld+r] = v
			}
		}
	}
	for r := n4; r < rows; r++ { // the last rows mod 4 samples
		s := idx[r]
		for f, v := range x[s*in : s*in+in] {
			dst[f*ld+r] = v
		}
	}
	return true
}

// adamAVX2 is adamStepGo on n parameters, n a multiple of 4 (kernels_amd64.s).
//
//go:noescape
func adamAVX2(p, gr, m, v *float64, n int, b1, b2, lr, eps float64)

// adamStep is one Adam step (adamStepGo); the vector kernel gives the same
// bits, 4 parameters at a time.
func adamStep(p, g, m, v []float64, b1, b2, lr, eps float64) {
	n4 := len(p) &^ 3
	if !useAVX2 || n4 == 0 {
		adamStepGo(p, g, m, v, b1, b2, lr, eps)
		return
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	adamAVX2(&p[0], &g[0], &m[0], &v[0], n4, b1, b2, lr, eps)
	adamStepGo(p[n4:], g[n4:], m[n4:], v[n4:], b1, b2, lr, eps)
}
