package nets

// The layer products of the engine, in its feature-major layout: every
// activation and gradient matrix holds one unit per row, with the samples of
// the batch along the row (row stride ld, a multiple of 16). Vector lanes
// then run over samples, so a layer of width 2 uses them as fully as one of
// width 200, which is what makes the reference 12-10-7-5-4-3-2 network fast:
// in the usual sample-major layout its products are 2 to 12 columns wide and
// most of every vector is padding.

// maxSmall is the widest layer (fan-in and fan-out) whose products go
// through fmaRows and dotRows rather than internal/gemm.Dgemm. Dgemm packs
// its operands into cache-blocked panels, which costs more than the product
// itself at the reference widths; BenchmarkEpochReference/engine-dgemm
// shows the difference.
const maxSmall = 16

// useSmall routes the products of small layers through fmaRows and dotRows.
// Benchmarks switch it off to measure the Dgemm path.
var useSmall = true

// useFused selects the fused passes of the training step: the activation
// and its derivative in fmaRows's epilogue, the softmax with the
// cross-entropy gradient, the vector gather and the vector Adam step. All
// give the same bits as the separate passes they replace; benchmarks
// switch them off to measure the difference in one run.
var useFused = true

// roundUp16 rounds n up to a multiple of 16, the column granularity of the
// kernels.
func roundUp16(n int) int { return (n + 15) &^ 15 }

// fmaRows computes, for i < m and j < nc,
//
//	c[i*ldc+j] = bias[i] + Σ_{p<k} a[i*rsA+p*csA] · b[p*ldb+j]
//
// with bias nil meaning 0, summing bias first and then p = 0, 1, … in order.
// It is the forward product of a layer (A = Wᵀ through rsA = 1, csA =
// fan_out; B = the inputs) and the input gradient (A = W; B = the output
// gradient). nc must be a positive multiple of 16 and C must not overlap A,
// B or bias. It runs on the calling goroutine and does not allocate.
// O(m·k·nc). Out-of-range arguments are programming errors and panic.
func fmaRows(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64) {
	fmaRowsEpi(m, k, a, rsA, csA, b, ldb, c, ldc, nc, bias, epiNone, nil)
}

// epilogue is what fmaRowsEpi does to each value of C after the sum, before
// C is read again: the activation of a forward product or the activation
// derivative of an input-gradient product, fused into the product's pass.
type epilogue int

const (
	epiNone     epilogue = iota // C as summed
	epiTanh                     // C = tanh(C), with the arithmetic of tanhSlice
	epiTanhBack                 // C = (1 − Y²)·C, Y laid out like C, with the arithmetic of tanhBack
)

// fmaRowsEpi is fmaRows followed by the epilogue epi on each of the m×nc
// values of C; for epiTanhBack, y holds Y with C's layout (row stride ldc).
// The results are bit-identical to fmaRows followed by tanhSlice or tanhBack
// on each row's first nc values (TestFmaRowsEpi); the fused kernel saves
// the second pass over C.
func fmaRowsEpi(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64, epi epilogue, y []float64) {
	if m <= 0 {
		return
	}
	if nc <= 0 || nc%16 != 0 || k < 0 || ldc < nc || len(c) < (m-1)*ldc+nc || (bias != nil && len(bias) < m) ||
		(k > 0 && (ldb < nc || len(a) <= (m-1)*rsA+(k-1)*csA || len(b) < (k-1)*ldb+nc)) ||
		epi < epiNone || epi > epiTanhBack || (epi == epiTanhBack && len(y) < (m-1)*ldc+nc) {
		panic("nets: fmaRows: arguments out of range")
	}
	fmaRowsKernel(m, k, a, rsA, csA, b, ldb, c, ldc, nc, bias, epi, y)
}

// epilogueRows applies epi to the first nc values of each of the m rows of
// C (stride ldc) in a separate pass: the unfused path.
func epilogueRows(m int, c []float64, ldc, nc int, epi epilogue, y []float64) {
	for i := 0; i < m; i++ {
		switch epi {
		case epiTanh:
			tanhSlice(c[i*ldc : i*ldc+nc])
		case epiTanhBack:
			tanhBack(c[i*ldc:i*ldc+nc], y[i*ldc:i*ldc+nc])
		}
	}
}

// dotRows computes, for i < m and j < n,
//
//	c[i*ldc+j] = Σ_{q<nc} a[i*lda+q] · b[j*ldb+q]
//
// the weight gradient of a layer (A = the inputs, B = the output gradient,
// both feature-major) and, with n = 1 and B a row of ones, its bias gradient.
// nc must be a positive multiple of 8. It runs on the calling goroutine and
// does not allocate. O(m·n·nc). Out-of-range arguments panic.
func dotRows(m, n int, a []float64, lda int, b []float64, ldb int, nc int, c []float64, ldc int) {
	if m <= 0 || n <= 0 {
		return
	}
	if nc <= 0 || nc%8 != 0 || len(a) < (m-1)*lda+nc || len(b) < (n-1)*ldb+nc || len(c) < (m-1)*ldc+n {
		panic("nets: dotRows: arguments out of range")
	}
	dotRowsKernel(m, n, a, lda, b, ldb, nc, c, ldc)
}

// fmaRowsGo is the portable fmaRows kernel.
func fmaRowsGo(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+nc]
		bi := 0.0
		if bias != nil {
			bi = bias[i]
		}
		for j := range row {
			row[j] = bi
		}
		for p := 0; p < k; p++ {
			av := a[i*rsA+p*csA]
			br := b[p*ldb : p*ldb+nc]
			for j, bv := range br {
				row[j] += av * bv
			}
		}
	}
}

// dotRowsGo is the portable dotRows kernel: four running sums per product
// (over q mod 4), added as (s0 + s2) + (s1 + s3).
func dotRowsGo(m, n int, a []float64, lda int, b []float64, ldb int, nc int, c []float64, ldc int) {
	for i := 0; i < m; i++ {
		ar := a[i*lda : i*lda+nc]
		for j := 0; j < n; j++ {
			br := b[j*ldb : j*ldb+nc]
			br = br[:len(ar)]
			var s0, s1, s2, s3 float64
			for q := 0; q+3 < len(ar); q += 4 {
				s0 += ar[q] * br[q]
				s1 += ar[q+1] * br[q+1]
				s2 += ar[q+2] * br[q+2]
				s3 += ar[q+3] * br[q+3]
			}
			c[i*ldc+j] = (s0 + s2) + (s1 + s3)
		}
	}
}
