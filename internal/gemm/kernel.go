package gemm

import "math"

// kernelID names a micro-kernel variant. Calls go through a switch on it
// (callKernel), never through a func value, so that pointer arguments keep
// their //go:noescape property and the scratch tile stays on the stack.
type kernelID uint8

const (
	kernGoID       kernelID = iota // pure Go, 4×4 scalar tile
	kernAVX2ID                     // Go assembly, AVX2+FMA3, 6×8 tile
	kernAVX512ID                   // Go assembly, AVX-512F, 8×24 tile
	kernAVX2x8x4ID                 // Go assembly, AVX2+FMA3, 8×4 tile: tests only
)

// kernel describes one micro-kernel and the cache blocking tuned for it.
type kernel struct {
	id     kernelID
	name   string
	mr, nr int // register tile: rows of A, columns of B
	mc     int // rows of a packed A block (multiple of mr), kept in L2
	kc     int // depth of a k block: a kc×nr B micro-panel stays in L1
	nc     int // columns of a packed B block (multiple of nr), kept in L3
}

// maxMR and maxNR bound every kernel's tile; the edge scratch tile is this size.
const (
	maxMR = 8
	maxNR = 24
)

// goKernel is the portable fallback, used with -tags purego, on other
// architectures and on amd64 CPUs without AVX2+FMA.
var goKernel = kernel{id: kernGoID, name: "go", mr: 4, nr: 4, mc: 128, kc: 256, nc: 4096}

// active is the kernel Dgemm uses, chosen once at init from the CPU features.
var active = bestKernel()

// bestKernel returns the fastest kernel the CPU supports (the first of
// availableKernels).
func bestKernel() kernel { return availableKernels()[0] }

// kernGo is the pure-Go micro-kernel with the same contract as the assembly
// kernels (see gen_kernel.go): a 4×4 tile of
// c = acc (beta == 0) or c = fma(beta, c, acc), acc = Σ_p a[r*rsA+p*csA]·b[p*4+j].
func kernGo(k int, a []float64, rsA, csA int, b []float64, c []float64, ldc int, beta float64) {
	var c00, c01, c02, c03 float64
	var c10, c11, c12, c13 float64
	var c20, c21, c22, c23 float64
	var c30, c31, c32, c33 float64
	b = b[:4*k]
	ia := 0
	for p := 0; p < len(b); p += 4 {
		bb := b[p : p+4 : p+4]
		b0, b1, b2, b3 := bb[0], bb[1], bb[2], bb[3]
		var a0, a1, a2, a3 float64
		if rsA == 1 { // packed panel: one bounds check for the four rows
			aa := a[ia : ia+4 : ia+4]
			a0, a1, a2, a3 = aa[0], aa[1], aa[2], aa[3]
		} else {
			a0, a1, a2, a3 = a[ia], a[ia+rsA], a[ia+2*rsA], a[ia+3*rsA]
		}
		ia += csA
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	storeRow4(c[0:4:4], c00, c01, c02, c03, beta)
	storeRow4(c[ldc:ldc+4:ldc+4], c10, c11, c12, c13, beta)
	storeRow4(c[2*ldc:2*ldc+4:2*ldc+4], c20, c21, c22, c23, beta)
	storeRow4(c[3*ldc:3*ldc+4:3*ldc+4], c30, c31, c32, c33, beta)
}

func storeRow4(c []float64, x0, x1, x2, x3, beta float64) {
	if beta == 0 {
		c[0], c[1], c[2], c[3] = x0, x1, x2, x3
		return
	}
	c[0] = math.FMA(beta, c[0], x0)
	c[1] = math.FMA(beta, c[1], x1)
	c[2] = math.FMA(beta, c[2], x2)
	c[3] = math.FMA(beta, c[3], x3)
}

// selfCheck multiplies small odd-shaped matrices with kernel k and with the
// pure-Go kernel, through both the direct and the packed path, and reports
// whether they agree to 1e-12. It guards kernels that cannot be exercised on
// every development machine (the AVX-512 kernel was written on AVX2-only
// hardware): a kernel that fails is never selected, so a wrong result can
// cost speed but never correctness. It runs once at init, in microseconds.
func selfCheck(k kernel) bool {
	const m, n, kk = 19, 53, 37
	a := make([]float64, m*kk)
	b := make([]float64, kk*n)
	for i := range a {
		a[i] = float64((i*7)%13) - 6.5
	}
	for i := range b {
		b[i] = float64((i*5)%11)/3 - 1.5
	}
	for _, pth := range []path{pathDirect, pathPacked} {
		for _, beta := range []float64{0, 0.5} {
			want := make([]float64, m*n)
			got := make([]float64, m*n)
			for i := range want {
				want[i] = float64(i % 3)
				got[i] = want[i]
			}
			dgemm(&goKernel, pth, false, false, m, n, kk, 1.5, a, kk, b, n, beta, want, n, 1)
			dgemm(&k, pth, false, false, m, n, kk, 1.5, a, kk, b, n, beta, got, n, 1)
			for i := range want {
				if d := got[i] - want[i]; d > 1e-12*(1+abs(want[i])) || d < -1e-12*(1+abs(want[i])) || d != d {
					return false
				}
			}
		}
	}
	return true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
