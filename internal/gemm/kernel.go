package gemm

import "math"

// kernelID names a micro-kernel variant. Calls go through a switch on it
// (callKernel), never through a func value, so that pointer arguments keep
// their //go:noescape property and the scratch tile stays on the stack.
type kernelID uint8

const (
	kernGoID       kernelID = iota // pure Go, 2×4 scalar tile
	kernAVX2ID                     // Go assembly, AVX2+FMA3, 4×12 tile
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

// narrowRows enables the narrow rows kernels of the AVX2 kernel for a
// ragged last column of tiles (tests compare both ways).
var narrowRows = true

// maxMR and maxNR bound every kernel's tile; the edge scratch tile is this size.
const (
	maxMR = 8
	maxNR = 24
)

// goKernel is the portable fallback, used with -tags purego, on other
// architectures and on amd64 CPUs without AVX2+FMA.
var goKernel = kernel{id: kernGoID, name: "go", mr: 2, nr: 4, mc: 128, kc: 256, nc: 4096}

// active is the kernel Dgemm uses, chosen once at init from the CPU features.
var active = bestKernel()

// bestKernel returns the fastest kernel the CPU supports (the first of
// availableKernels).
func bestKernel() kernel { return availableKernels()[0] }

// kernGo is the pure-Go micro-kernel with the same contract as the assembly
// kernels (see gen_kernel.go): a 2×4 tile of
// c = acc (beta == 0) or c = fma(beta, c, acc), acc = Σ_p a[r*rsA+p*csA]·b[p*4+j].
//
// The tile is 2×4, not 4×4: the Go compiler keeps only 15 float registers
// and computes every product of a step before adding them, so a 4×4 tile
// (16 accumulators) spilled to the stack on every step; 2×4 runs ~1.4×
// faster on Zen 3 (3.6 against 2.5 GFLOPS from L1).
func kernGo(k int, a []float64, rsA, csA int, b []float64, c []float64, ldc int, beta float64) {
	var c00, c01, c02, c03 float64
	var c10, c11, c12, c13 float64
	b = b[:4*k]
	ia := 0
	for p := 0; p < len(b); p += 4 {
		bb := b[p : p+4 : p+4]
		x, y := a[ia], a[ia+rsA]
		v := bb[0]
		c00 += x * v
		c10 += y * v
		v = bb[1]
		c01 += x * v
		c11 += y * v
		v = bb[2]
		c02 += x * v
		c12 += y * v
		v = bb[3]
		c03 += x * v
		c13 += y * v
		ia += csA
	}
	storeRow4(c[0:4:4], c00, c01, c02, c03, beta)
	storeRow4(c[ldc:ldc+4:ldc+4], c10, c11, c12, c13, beta)
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
