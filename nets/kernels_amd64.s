//go:build gc && !purego

#include "textflag.h"
#include "vmath_amd64.h"

// The AVX2+FMA kernels of the feature-major layer products (kernels.go).
// Every activation and gradient matrix is stored one unit per row with the
// samples of the batch along the row, so the vectors run over samples and
// every lane is used whatever the layer width.

// func fmaRows2AVX2(c0, c1, a0, a1, b *float64, csA, ldb, k, n int, bias0, bias1 float64, epi int, y0 *float64)
// c_r[j] = bias_r + Σ_{p<k} a_r[p·csA]·b[p·ldb+j] for r = 0, 1 and j < n, n a
// multiple of 16; the sum runs bias first, then p = 0, 1, … by FMA. Then the
// epilogue epi (kernels.go): 2 stores c·(1 − y²) with y_r at y0 + (c_r − c0)
// (the arithmetic of tanhBackAVX2, on the accumulators before the store); 1
// applies TANH8 to the two rows once they are complete (still in L1). The
// tanh runs as a pass of its own rather than per 16-column block: a block's
// four TANH8s exceed the reorder window, so per block they would serialise
// with the next block's FMA chains.
// Registers: DI c0, SI c1, R8 a0, R9 a1−a0, R10 b, R11 csA bytes, R12 ldb
// bytes, R13 k, R14 n bytes, AX column byte offset, BX a0 cursor, DX b cursor,
// CX p left; Y0–Y3 row 0, Y4–Y7 row 1, Y8/Y9 broadcasts, Y10–Y13 b, Y14/Y15
// biases.
TEXT ·fmaRows2AVX2(SB), NOSPLIT, $0-104
	MOVQ c0+0(FP), DI
	MOVQ c1+8(FP), SI
	MOVQ a0+16(FP), R8
	MOVQ a1+24(FP), R9
	SUBQ R8, R9
	MOVQ b+32(FP), R10
	MOVQ csA+40(FP), R11
	SHLQ $3, R11
	MOVQ ldb+48(FP), R12
	SHLQ $3, R12
	MOVQ k+56(FP), R13
	MOVQ n+64(FP), R14
	SHLQ $3, R14
	VBROADCASTSD bias0+72(FP), Y14
	VBROADCASTSD bias1+80(FP), Y15
	XORQ AX, AX

r2col:
	CMPQ AX, R14
	JGE r2done
	VMOVAPD Y14, Y0
	VMOVAPD Y14, Y1
	VMOVAPD Y14, Y2
	VMOVAPD Y14, Y3
	VMOVAPD Y15, Y4
	VMOVAPD Y15, Y5
	VMOVAPD Y15, Y6
	VMOVAPD Y15, Y7
	MOVQ R8, BX
	LEAQ (R10)(AX*1), DX
	MOVQ R13, CX
	TESTQ CX, CX
	JE r2epi

r2p:
	VBROADCASTSD (BX), Y8
	VBROADCASTSD (BX)(R9*1), Y9
	VMOVUPD 0(DX), Y10
	VMOVUPD 32(DX), Y11
	VMOVUPD 64(DX), Y12
	VMOVUPD 96(DX), Y13
	VFMADD231PD Y10, Y8, Y0
	VFMADD231PD Y11, Y8, Y1
	VFMADD231PD Y12, Y8, Y2
	VFMADD231PD Y13, Y8, Y3
	VFMADD231PD Y10, Y9, Y4
	VFMADD231PD Y11, Y9, Y5
	VFMADD231PD Y12, Y9, Y6
	VFMADD231PD Y13, Y9, Y7
	ADDQ R11, BX
	ADDQ R12, DX
	DECQ CX
	JNE r2p

r2epi:
	CMPQ epi+88(FP), $2
	JNE r2store
	MOVQ y0+96(FP), DX
	SUBQ DI, DX
	VMOVUPD ·tanhc+256(SB), Y8
	LEAQ (DI)(AX*1), BX
	BACK1(0, Y0)
	BACK1(32, Y1)
	BACK1(64, Y2)
	BACK1(96, Y3)
	LEAQ (SI)(AX*1), BX
	BACK1(0, Y4)
	BACK1(32, Y5)
	BACK1(64, Y6)
	BACK1(96, Y7)

r2store:
	VMOVUPD Y0, 0(DI)(AX*1)
	VMOVUPD Y1, 32(DI)(AX*1)
	VMOVUPD Y2, 64(DI)(AX*1)
	VMOVUPD Y3, 96(DI)(AX*1)
	VMOVUPD Y4, 0(SI)(AX*1)
	VMOVUPD Y5, 32(SI)(AX*1)
	VMOVUPD Y6, 64(SI)(AX*1)
	VMOVUPD Y7, 96(SI)(AX*1)
	ADDQ $128, AX
	JMP r2col

r2done:
	CMPQ epi+88(FP), $1
	JNE r2ret
	// tanh over the two rows just stored (2n values, in L1): as a pass of
	// its own, so the FMA chains of successive column blocks above
	// overlap, and so do successive TANH8s here.
	XORQ AX, AX

r2tanh:
	LEAQ (DI)(AX*1), BX
	TANH8(BX)
	LEAQ (SI)(AX*1), BX
	TANH8(BX)
	ADDQ $64, AX
	CMPQ AX, R14
	JLT r2tanh

r2ret:
	VZEROUPPER
	RET

// func fmaRows1AVX2(c0, a0, b *float64, csA, ldb, k, n int, bias0 float64, epi int, y0 *float64)
// The one-row form of fmaRows2AVX2: 32 columns per pass (eight independent
// FMA chains), then 16 for the rest; the same summation order and epilogues.
TEXT ·fmaRows1AVX2(SB), NOSPLIT, $0-80
	MOVQ c0+0(FP), DI
	MOVQ a0+8(FP), R8
	MOVQ b+16(FP), R10
	MOVQ csA+24(FP), R11
	SHLQ $3, R11
	MOVQ ldb+32(FP), R12
	SHLQ $3, R12
	MOVQ k+40(FP), R13
	MOVQ n+48(FP), R14
	SHLQ $3, R14
	VBROADCASTSD bias0+56(FP), Y14
	XORQ AX, AX

r1col32:
	LEAQ 256(AX), SI
	CMPQ SI, R14
	JGT r1col16
	VMOVAPD Y14, Y0
	VMOVAPD Y14, Y1
	VMOVAPD Y14, Y2
	VMOVAPD Y14, Y3
	VMOVAPD Y14, Y4
	VMOVAPD Y14, Y5
	VMOVAPD Y14, Y6
	VMOVAPD Y14, Y7
	MOVQ R8, BX
	LEAQ (R10)(AX*1), DX
	MOVQ R13, CX
	TESTQ CX, CX
	JE r1epi32

r1p32:
	VBROADCASTSD (BX), Y8
	VFMADD231PD 0(DX), Y8, Y0
	VFMADD231PD 32(DX), Y8, Y1
	VFMADD231PD 64(DX), Y8, Y2
	VFMADD231PD 96(DX), Y8, Y3
	VFMADD231PD 128(DX), Y8, Y4
	VFMADD231PD 160(DX), Y8, Y5
	VFMADD231PD 192(DX), Y8, Y6
	VFMADD231PD 224(DX), Y8, Y7
	ADDQ R11, BX
	ADDQ R12, DX
	DECQ CX
	JNE r1p32

r1epi32:
	CMPQ epi+64(FP), $2
	JNE r1store32
	MOVQ y0+72(FP), DX
	SUBQ DI, DX
	VMOVUPD ·tanhc+256(SB), Y8
	LEAQ (DI)(AX*1), BX
	BACK1(0, Y0)
	BACK1(32, Y1)
	BACK1(64, Y2)
	BACK1(96, Y3)
	BACK1(128, Y4)
	BACK1(160, Y5)
	BACK1(192, Y6)
	BACK1(224, Y7)

r1store32:
	VMOVUPD Y0, 0(DI)(AX*1)
	VMOVUPD Y1, 32(DI)(AX*1)
	VMOVUPD Y2, 64(DI)(AX*1)
	VMOVUPD Y3, 96(DI)(AX*1)
	VMOVUPD Y4, 128(DI)(AX*1)
	VMOVUPD Y5, 160(DI)(AX*1)
	VMOVUPD Y6, 192(DI)(AX*1)
	VMOVUPD Y7, 224(DI)(AX*1)
	ADDQ $256, AX
	JMP r1col32

r1col16:
	CMPQ AX, R14
	JGE r1done
	VMOVAPD Y14, Y0
	VMOVAPD Y14, Y1
	VMOVAPD Y14, Y2
	VMOVAPD Y14, Y3
	MOVQ R8, BX
	LEAQ (R10)(AX*1), DX
	MOVQ R13, CX
	TESTQ CX, CX
	JE r1epi16

r1p16:
	VBROADCASTSD (BX), Y8
	VFMADD231PD 0(DX), Y8, Y0
	VFMADD231PD 32(DX), Y8, Y1
	VFMADD231PD 64(DX), Y8, Y2
	VFMADD231PD 96(DX), Y8, Y3
	ADDQ R11, BX
	ADDQ R12, DX
	DECQ CX
	JNE r1p16

r1epi16:
	CMPQ epi+64(FP), $2
	JNE r1store16
	MOVQ y0+72(FP), DX
	SUBQ DI, DX
	VMOVUPD ·tanhc+256(SB), Y8
	LEAQ (DI)(AX*1), BX
	BACK1(0, Y0)
	BACK1(32, Y1)
	BACK1(64, Y2)
	BACK1(96, Y3)

r1store16:
	VMOVUPD Y0, 0(DI)(AX*1)
	VMOVUPD Y1, 32(DI)(AX*1)
	VMOVUPD Y2, 64(DI)(AX*1)
	VMOVUPD Y3, 96(DI)(AX*1)
	ADDQ $128, AX
	JMP r1col16

r1done:
	CMPQ epi+64(FP), $1
	JNE r1ret
	XORQ AX, AX

r1tanh:
	LEAQ (DI)(AX*1), BX
	TANH8(BX)
	ADDQ $64, AX
	CMPQ AX, R14
	JLT r1tanh

r1ret:
	VZEROUPPER
	RET

// func dotRowsAVX2(a *float64, lda int, b *float64, ldb, m, n, nc int, c *float64, ldc int)
// c[i·ldc + j] = Σ_{q<nc} a[i·lda + q]·b[j·ldb + q] for i < m, j < n, nc a
// positive multiple of 8, in 2×2 blocks of products over rows i, i1 of A
// and j, j1 of B; at an odd edge i1 = i (or j1 = j): the repeated products
// are computed twice and stored to the same place. Each sum keeps two
// 4-lane partial sums (even and odd groups of four), added at the end, then
// the lanes are added as (l0 + l2) + (l1 + l3): a fixed order.
// Registers: R8, R9 rows i, i1 of A; R10, R11 rows j, j1 of B; DI, SI rows
// i, i1 of C; R12 i, R13 j, BX j1, CX nc bytes, AX column byte offset, DX
// and R14 scratch; Y0–Y7 partial sums, Y8–Y15 loads.
TEXT ·dotRowsAVX2(SB), NOSPLIT, $0-72
	MOVQ nc+48(FP), CX
	SHLQ $3, CX
	XORQ R12, R12

diloop:
	CMPQ R12, m+32(FP)
	JGE ddone
	LEAQ 1(R12), R14
	CMPQ R14, m+32(FP)
	JLT di1
	MOVQ R12, R14

di1:
	// R8, R9 = rows i, i1 of A; DI, SI = rows i, i1 of C.
	MOVQ lda+8(FP), DX
	SHLQ $3, DX
	MOVQ DX, R8
	IMULQ R12, R8
	ADDQ a+0(FP), R8
	MOVQ DX, R9
	IMULQ R14, R9
	ADDQ a+0(FP), R9
	MOVQ ldc+64(FP), DX
	SHLQ $3, DX
	MOVQ DX, DI
	IMULQ R12, DI
	ADDQ c+56(FP), DI
	MOVQ DX, SI
	IMULQ R14, SI
	ADDQ c+56(FP), SI
	XORQ R13, R13

djloop:
	CMPQ R13, n+40(FP)
	JGE dinext
	LEAQ 1(R13), BX
	CMPQ BX, n+40(FP)
	JLT dj1
	MOVQ R13, BX

dj1:
	MOVQ ldb+24(FP), DX
	SHLQ $3, DX
	MOVQ DX, R10
	IMULQ R13, R10
	ADDQ b+16(FP), R10
	MOVQ DX, R11
	IMULQ BX, R11
	ADDQ b+16(FP), R11
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ AX, AX

dloop:
	VMOVUPD 0(R8)(AX*1), Y8
	VMOVUPD 32(R8)(AX*1), Y9
	VMOVUPD 0(R9)(AX*1), Y10
	VMOVUPD 32(R9)(AX*1), Y11
	VMOVUPD 0(R10)(AX*1), Y12
	VMOVUPD 32(R10)(AX*1), Y13
	VMOVUPD 0(R11)(AX*1), Y14
	VMOVUPD 32(R11)(AX*1), Y15
	VFMADD231PD Y12, Y8, Y0
	VFMADD231PD Y13, Y9, Y1
	VFMADD231PD Y14, Y8, Y2
	VFMADD231PD Y15, Y9, Y3
	VFMADD231PD Y12, Y10, Y4
	VFMADD231PD Y13, Y11, Y5
	VFMADD231PD Y14, Y10, Y6
	VFMADD231PD Y15, Y11, Y7
	ADDQ $64, AX
	CMPQ AX, CX
	JLT dloop

	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VADDPD Y5, Y4, Y4
	VADDPD Y7, Y6, Y6
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VADDSD X1, X0, X0
	VEXTRACTF128 $1, Y2, X3
	VADDPD X3, X2, X2
	VPERMILPD $1, X2, X3
	VADDSD X3, X2, X2
	VEXTRACTF128 $1, Y4, X5
	VADDPD X5, X4, X4
	VPERMILPD $1, X4, X5
	VADDSD X5, X4, X4
	VEXTRACTF128 $1, Y6, X7
	VADDPD X7, X6, X6
	VPERMILPD $1, X6, X7
	VADDSD X7, X6, X6
	VMOVSD X0, (DI)(R13*8)
	VMOVSD X2, (DI)(BX*8)
	VMOVSD X4, (SI)(R13*8)
	VMOVSD X6, (SI)(BX*8)
	ADDQ $2, R13
	JMP djloop

dinext:
	ADDQ $2, R12
	JMP diloop

ddone:
	VZEROUPPER
	RET

// func gatherAVX2(dst *float64, ld int, x *float64, in int, idx *int, nb, fb int)
// For samples r < nb/8 (a multiple of 4) and features f < fb/8 (a multiple
// of 4): dst[f·ld + r] = x[idx[r]·in + f]. Four samples' rows are read 4
// features at a time (one load each) and transposed in registers into 4
// feature rows (one store each).
// Registers: DI dst, R8 ld bytes, SI x, R9 in bytes, R10 idx cursor, AX
// sample byte offset in dst, R11–R14 the four sample rows, BX feature byte
// offset, DX dst cursor, CX scratch.
TEXT ·gatherAVX2(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ ld+8(FP), R8
	SHLQ $3, R8
	MOVQ x+16(FP), SI
	MOVQ in+24(FP), R9
	SHLQ $3, R9
	MOVQ idx+32(FP), R10
	XORQ AX, AX

gcol:
	CMPQ AX, nb+40(FP)
	JGE gdone
	MOVQ 0(R10), R11
	IMULQ R9, R11
	ADDQ SI, R11
	MOVQ 8(R10), R12
	IMULQ R9, R12
	ADDQ SI, R12
	MOVQ 16(R10), R13
	IMULQ R9, R13
	ADDQ SI, R13
	MOVQ 24(R10), R14
	IMULQ R9, R14
	ADDQ SI, R14
	LEAQ (DI)(AX*1), DX
	XORQ BX, BX

gf:
	CMPQ BX, fb+48(FP)
	JGE gnext
	VMOVUPD (R11)(BX*1), Y0        // a0 a1 a2 a3 (sample 0, features f…f+3)
	VMOVUPD (R12)(BX*1), Y1        // b0 b1 b2 b3
	VMOVUPD (R13)(BX*1), Y2        // c0 …
	VMOVUPD (R14)(BX*1), Y3        // d0 …
	VUNPCKLPD Y1, Y0, Y4           // a0 b0 a2 b2
	VUNPCKHPD Y1, Y0, Y5           // a1 b1 a3 b3
	VUNPCKLPD Y3, Y2, Y6           // c0 d0 c2 d2
	VUNPCKHPD Y3, Y2, Y7           // c1 d1 c3 d3
	VPERM2F128 $0x20, Y6, Y4, Y0   // a0 b0 c0 d0
	VPERM2F128 $0x20, Y7, Y5, Y1   // a1 b1 c1 d1
	VPERM2F128 $0x31, Y6, Y4, Y2   // a2 b2 c2 d2
	VPERM2F128 $0x31, Y7, Y5, Y3   // a3 b3 c3 d3
	VMOVUPD Y0, (DX)
	VMOVUPD Y1, (DX)(R8*1)
	LEAQ (DX)(R8*2), CX
	VMOVUPD Y2, (CX)
	VMOVUPD Y3, (CX)(R8*1)
	LEAQ (DX)(R8*4), DX
	ADDQ $32, BX
	JMP gf

gnext:
	ADDQ $32, R10
	ADDQ $32, AX
	JMP gcol

gdone:
	VZEROUPPER
	RET

// func adamAVX2(p, gr, m, v *float64, n int, b1, b2, lr, eps float64)
// The Adam step of Net.update on 4 parameters at a time, n a multiple of 4,
// with the Go loop's operations in its order and without FMA (the Go
// compiler does not fuse on amd64 by default), so the bits are the same:
// m = b1·m + (1−b1)·g, v = b2·v + ((1−b2)·g)·g, p −= (lr·m)/(√v + eps).
TEXT ·adamAVX2(SB), NOSPLIT, $0-72
	MOVQ p+0(FP), DI
	MOVQ gr+8(FP), SI
	MOVQ m+16(FP), R8
	MOVQ v+24(FP), R9
	MOVQ n+32(FP), CX
	SHLQ $3, CX
	VMOVUPD ·tanhc+256(SB), Y9     // 1
	VBROADCASTSD b1+40(FP), Y10
	VSUBPD Y10, Y9, Y11            // 1 − b1
	VBROADCASTSD b2+48(FP), Y12
	VSUBPD Y12, Y9, Y13            // 1 − b2
	VBROADCASTSD lr+56(FP), Y14
	VBROADCASTSD eps+64(FP), Y15
	XORQ AX, AX

aloop:
	CMPQ AX, CX
	JGE adone
	VMOVUPD (SI)(AX*1), Y0         // g
	VMULPD (R8)(AX*1), Y10, Y3     // b1·m
	VMULPD Y0, Y11, Y4             // (1−b1)·g
	VADDPD Y4, Y3, Y3              // m'
	VMULPD (R9)(AX*1), Y12, Y5     // b2·v
	VMULPD Y0, Y13, Y6             // (1−b2)·g
	VMULPD Y0, Y6, Y6              // ·g
	VADDPD Y6, Y5, Y5              // v'
	VMOVUPD Y3, (R8)(AX*1)
	VMOVUPD Y5, (R9)(AX*1)
	VSQRTPD Y5, Y7
	VADDPD Y15, Y7, Y7             // √v' + eps
	VMULPD Y3, Y14, Y8             // lr·m'
	VDIVPD Y7, Y8, Y8
	VMOVUPD (DI)(AX*1), Y1
	VSUBPD Y8, Y1, Y1
	VMOVUPD Y1, (DI)(AX*1)
	ADDQ $32, AX
	JMP aloop

adone:
	VZEROUPPER
	RET
