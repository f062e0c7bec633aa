package nets

// maxSmallN is the widest output the small-product kernel handles.
const maxSmallN = 16

// useSmall routes the products of layers at most maxSmallN wide through
// smallGemm instead of internal/gemm.Dgemm. Dgemm is built for large
// products (packing, cache blocking, wide register tiles); at the reference
// network's widths (2–12) its per-call overhead and padded tiles dominate,
// which BenchmarkEpochReference/engine-dgemm shows. Benchmarks switch it off.
var useSmall = true

// smallGemm computes, for i < m and j < n ≤ maxSmallN,
//
//	c[i*ldc+j] = bias[j] (0 if bias is nil) + Σ_{p<k} a[i*rsA+p*csA] · b[p*ldb+j]
//
// the narrow products of small layers: the forward pass (A = inputs, rsA =
// fan_in, csA = 1, B = W), the input gradient (B = Wᵀ) and the weight
// gradient (A = inputsᵀ through rsA = 1, csA = fan_in, k = batch rows). C must
// not overlap A, B or bias. It runs on the calling goroutine and does not
// allocate. Out-of-range arguments are programming errors and panic.
func smallGemm(m, n, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int, bias []float64) {
	if m <= 0 || n <= 0 {
		return
	}
	if n > maxSmallN || k < 0 || len(c) < (m-1)*ldc+n || (bias != nil && len(bias) < n) ||
		(k > 0 && (len(a) <= (m-1)*rsA+(k-1)*csA || len(b) < (k-1)*ldb+n)) {
		panic("nets: smallGemm: arguments out of range")
	}
	if k == 0 {
		for i := 0; i < m; i++ {
			row := c[i*ldc : i*ldc+n]
			if bias != nil {
				copy(row, bias[:n])
			} else {
				clear(row)
			}
		}
		return
	}
	smallKernel(m, n, k, a, rsA, csA, b, ldb, c, ldc, bias)
}

// smallGo is the portable smallGemm kernel.
func smallGo(m, n, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int, bias []float64) {
	var acc [maxSmallN]float64
	for i := 0; i < m; i++ {
		s := acc[:n]
		if bias != nil {
			copy(s, bias[:n])
		} else {
			clear(s)
		}
		ai := i * rsA
		for p := 0; p < k; p++ {
			av := a[ai+p*csA]
			br := b[p*ldb : p*ldb+n]
			for j, bv := range br {
				s[j] += av * bv
			}
		}
		copy(c[i*ldc:i*ldc+n], s)
	}
}
