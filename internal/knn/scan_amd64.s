//go:build gc && !purego

#include "textflag.h"

DATA absmask<>+0(SB)/8, $0x7fffffffffffffff
GLOBL absmask<>(SB), RODATA|NOPTR, $8

// func maxDistSplitAVX2(qb, cols *float64, stride, n, d, split int, outA, outB, outJ *float64)
TEXT ·maxDistSplitAVX2(SB), NOSPLIT, $0-72
	MOVQ qb+0(FP), SI
	MOVQ cols+8(FP), DI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ n+24(FP), CX
	MOVQ d+32(FP), R9
	MOVQ split+40(FP), R10
	MOVQ outA+48(FP), R11
	MOVQ outB+56(FP), R12
	MOVQ outJ+64(FP), R13
	VBROADCASTSD absmask<>(SB), Y15
	SUBQ R10, R9 // R9 = d - split
	XORQ BX, BX
	TESTQ CX, CX
	JLE done

loop:
	LEAQ (DI)(BX*8), AX
	MOVQ SI, DX
	MOVQ R10, R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1

dimsA:
	VMOVUPD (AX), Y4
	VMOVUPD 32(AX), Y5
	VSUBPD (DX), Y4, Y4
	VSUBPD (DX), Y5, Y5
	VANDPD Y15, Y4, Y4
	VANDPD Y15, Y5, Y5
	VMAXPD Y4, Y0, Y0
	VMAXPD Y5, Y1, Y1
	ADDQ R8, AX
	ADDQ $32, DX
	DECQ R14
	JNZ dimsA

	MOVQ R9, R14
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

dimsB:
	VMOVUPD (AX), Y4
	VMOVUPD 32(AX), Y5
	VSUBPD (DX), Y4, Y4
	VSUBPD (DX), Y5, Y5
	VANDPD Y15, Y4, Y4
	VANDPD Y15, Y5, Y5
	VMAXPD Y4, Y2, Y2
	VMAXPD Y5, Y3, Y3
	ADDQ R8, AX
	ADDQ $32, DX
	DECQ R14
	JNZ dimsB

	VMOVUPD Y0, (R11)(BX*8)
	VMOVUPD Y1, 32(R11)(BX*8)
	VMOVUPD Y2, (R12)(BX*8)
	VMOVUPD Y3, 32(R12)(BX*8)
	VMAXPD Y2, Y0, Y0
	VMAXPD Y3, Y1, Y1
	VMOVUPD Y0, (R13)(BX*8)
	VMOVUPD Y1, 32(R13)(BX*8)
	ADDQ $8, BX
	CMPQ BX, CX
	JLT loop

done:
	VZEROUPPER
	RET

// func countLTAVX2(a *float64, n int, r float64) int
// Returns #{j < n: a[j] < r}; n a multiple of 8. GT_OQ with the radius
// first (r > a[j]); a true compare is all ones, −1 as an integer,
// subtracted from per-lane counters: 16 values per iteration.
TEXT ·countLTAVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD r+16(FP), Y6
	VPXOR Y8, Y8, Y8
	VPXOR Y9, Y9, Y9
	XORQ BX, BX
	MOVQ CX, R13
	ANDQ $-16, R13
	TESTQ R13, R13
	JLE lttail

ltloop:
	VCMPPD $0x1e, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1e, 32(SI)(BX*8), Y6, Y1
	VCMPPD $0x1e, 64(SI)(BX*8), Y6, Y2
	VCMPPD $0x1e, 96(SI)(BX*8), Y6, Y3
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9
	VPSUBQ Y2, Y8, Y8
	VPSUBQ Y3, Y9, Y9
	ADDQ $16, BX
	CMPQ BX, R13
	JLT ltloop

lttail:
	CMPQ BX, CX
	JGE ltsum
	VCMPPD $0x1e, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1e, 32(SI)(BX*8), Y6, Y1
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9

ltsum:
	VPADDQ Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X0
	VPADDQ X0, X8, X8
	VPSHUFD $0x4e, X8, X0
	VPADDQ X0, X8, X8
	VMOVQ X8, DX
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET

// func countLEAVX2(a *float64, n int, r float64) int
// Returns #{j < n: a[j] ≤ r}; n a multiple of 8. GE_OQ with the radius
// first (r ≥ a[j]); a true compare is all ones, −1 as an integer,
// subtracted from per-lane counters: 16 values per iteration.
TEXT ·countLEAVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD r+16(FP), Y6
	VPXOR Y8, Y8, Y8
	VPXOR Y9, Y9, Y9
	XORQ BX, BX
	MOVQ CX, R13
	ANDQ $-16, R13
	TESTQ R13, R13
	JLE letail

leloop:
	VCMPPD $0x1d, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1d, 32(SI)(BX*8), Y6, Y1
	VCMPPD $0x1d, 64(SI)(BX*8), Y6, Y2
	VCMPPD $0x1d, 96(SI)(BX*8), Y6, Y3
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9
	VPSUBQ Y2, Y8, Y8
	VPSUBQ Y3, Y9, Y9
	ADDQ $16, BX
	CMPQ BX, R13
	JLT leloop

letail:
	CMPQ BX, CX
	JGE lesum
	VCMPPD $0x1d, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1d, 32(SI)(BX*8), Y6, Y1
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9

lesum:
	VPADDQ Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X0
	VPADDQ X0, X8, X8
	VPSHUFD $0x4e, X8, X0
	VPADDQ X0, X8, X8
	VMOVQ X8, DX
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET

// func filterLEAVX2(a *float64, n int, r float64, out *int32) int
// Writes every j < n with a[j] ≤ r to out, ascending; returns how many.
TEXT ·filterLEAVX2(SB), NOSPLIT, $0-40
	MOVQ a+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD r+16(FP), Y1
	MOVQ out+24(FP), DI
	XORQ DX, DX // count
	XORQ BX, BX // j
	TESTQ CX, CX
	JLE fdone

floop:
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VCMPPD $0x12, Y1, Y0, Y0
	VCMPPD $0x12, Y1, Y2, Y2
	VMOVMSKPD Y0, AX
	VMOVMSKPD Y2, R8
	SHLQ $4, R8
	ORQ R8, AX
	JZ fnext

fbits:
	BSFQ AX, R9
	LEAQ (BX)(R9*1), R10
	MOVL R10, (DI)(DX*4)
	INCQ DX
	LEAQ -1(AX), R11
	ANDQ R11, AX
	JNZ fbits

fnext:
	ADDQ $8, BX
	CMPQ BX, CX
	JLT floop

fdone:
	MOVQ DX, ret+32(FP)
	VZEROUPPER
	RET

// func maxDistSplit2AVX2(qb, cols *float64, stride, n, d, split int, outA0, outB0, outA1, outB1 *float64)
//
// Two queries per pass: qb holds query 0's coordinates (each repeated 4
// times, 4·d values) then query 1's. For every 8 points the A-distances of
// both queries are kept in Y0..Y3 while the B-distances are built in
// Y4..Y7; each loaded point vector serves both queries.
TEXT ·maxDistSplit2AVX2(SB), NOSPLIT, $0-80
	MOVQ qb+0(FP), SI
	MOVQ cols+8(FP), DI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ n+24(FP), CX
	MOVQ d+32(FP), R9
	MOVQ split+40(FP), R10
	VBROADCASTSD absmask<>(SB), Y15
	MOVQ R9, R15
	SHLQ $5, R15 // bytes from query 0's coordinates to query 1's
	SUBQ R10, R9 // R9 = d - split
	XORQ BX, BX
	TESTQ CX, CX
	JLE p2done

p2loop:
	LEAQ (DI)(BX*8), AX
	MOVQ SI, DX
	MOVQ R10, R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

p2dimsA:
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VSUBPD (DX), Y8, Y10
	VSUBPD (DX), Y9, Y11
	VSUBPD (DX)(R15*1), Y8, Y12
	VSUBPD (DX)(R15*1), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y0, Y0
	VMAXPD Y11, Y1, Y1
	VMAXPD Y12, Y2, Y2
	VMAXPD Y13, Y3, Y3
	ADDQ R8, AX
	ADDQ $32, DX
	DECQ R14
	JNZ p2dimsA

	MOVQ R9, R14
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

p2dimsB:
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VSUBPD (DX), Y8, Y10
	VSUBPD (DX), Y9, Y11
	VSUBPD (DX)(R15*1), Y8, Y12
	VSUBPD (DX)(R15*1), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y4, Y4
	VMAXPD Y11, Y5, Y5
	VMAXPD Y12, Y6, Y6
	VMAXPD Y13, Y7, Y7
	ADDQ R8, AX
	ADDQ $32, DX
	DECQ R14
	JNZ p2dimsB

	MOVQ outA0+48(FP), R11
	MOVQ outB0+56(FP), R12
	MOVQ outA1+64(FP), R13
	MOVQ outB1+72(FP), R14
	VMOVUPD Y0, (R11)(BX*8)
	VMOVUPD Y1, 32(R11)(BX*8)
	VMOVUPD Y4, (R12)(BX*8)
	VMOVUPD Y5, 32(R12)(BX*8)
	VMOVUPD Y2, (R13)(BX*8)
	VMOVUPD Y3, 32(R13)(BX*8)
	VMOVUPD Y6, (R14)(BX*8)
	VMOVUPD Y7, 32(R14)(BX*8)
	ADDQ $8, BX
	CMPQ BX, CX
	JLT p2loop

p2done:
	VZEROUPPER
	RET

// func filterMaxLEAVX2(a, b *float64, n int, r float64, out *int32) int
// Writes every j < n with max(a[j], b[j]) ≤ r to out, ascending; returns
// how many; n a multiple of 8.
TEXT ·filterMaxLEAVX2(SB), NOSPLIT, $0-48
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), R12
	MOVQ n+16(FP), CX
	VBROADCASTSD r+24(FP), Y1
	MOVQ out+32(FP), DI
	XORQ DX, DX
	XORQ BX, BX
	TESTQ CX, CX
	JLE fmdone

	// 16 points per test: most blocks hold no candidate
	MOVQ CX, R13
	ANDQ $-16, R13

fm16:
	CMPQ BX, R13
	JGE fmtail
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VMOVUPD 64(SI)(BX*8), Y3
	VMOVUPD 96(SI)(BX*8), Y4
	VMAXPD (R12)(BX*8), Y0, Y0
	VMAXPD 32(R12)(BX*8), Y2, Y2
	VMAXPD 64(R12)(BX*8), Y3, Y3
	VMAXPD 96(R12)(BX*8), Y4, Y4
	VCMPPD $0x12, Y1, Y0, Y0
	VCMPPD $0x12, Y1, Y2, Y2
	VCMPPD $0x12, Y1, Y3, Y3
	VCMPPD $0x12, Y1, Y4, Y4
	VORPD Y2, Y0, Y0
	VORPD Y4, Y3, Y3
	VORPD Y3, Y0, Y0
	VPTEST Y0, Y0
	JNZ fmslow
	ADDQ $16, BX
	JMP fm16

fmtail:
	// the last 8 points (n is a multiple of 8), if any
	MOVQ CX, R14
	CMPQ BX, CX
	JGE fmdone
	JMP fmloop

fmslow:
	// a candidate among the 16: extract them 8 at a time below, twice
	LEAQ 16(BX), R14

fmloop:
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VMAXPD (R12)(BX*8), Y0, Y0
	VMAXPD 32(R12)(BX*8), Y2, Y2
	VCMPPD $0x12, Y1, Y0, Y0
	VCMPPD $0x12, Y1, Y2, Y2
	VMOVMSKPD Y0, AX
	VMOVMSKPD Y2, R8
	SHLQ $4, R8
	ORQ R8, AX
	JZ fmnext

fmbits:
	BSFQ AX, R9
	LEAQ (BX)(R9*1), R10
	MOVL R10, (DI)(DX*4)
	INCQ DX
	LEAQ -1(AX), R11
	ANDQ R11, AX
	JNZ fmbits

fmnext:
	ADDQ $8, BX
	CMPQ BX, R14
	JLT fmloop
	CMPQ BX, CX
	JLT fm16

fmdone:
	MOVQ DX, ret+40(FP)
	VZEROUPPER
	RET

// func countLT2AVX2(a, b *float64, n int, ra, rb float64) (na, nb int)
// Returns #{j < n: a[j] < ra} and #{j < n: b[j] < rb} in one pass; n a
// multiple of 8.
TEXT ·countLT2AVX2(SB), NOSPLIT, $0-56
	MOVQ a+0(FP), SI
	MOVQ b+8(FP), DI
	MOVQ n+16(FP), CX
	VBROADCASTSD ra+24(FP), Y6
	VBROADCASTSD rb+32(FP), Y7
	// per-lane counters: a true compare is all ones, i.e. −1 as an integer
	VPXOR Y8, Y8, Y8
	VPXOR Y9, Y9, Y9
	VPXOR Y10, Y10, Y10
	VPXOR Y11, Y11, Y11
	XORQ BX, BX
	MOVQ CX, R13
	ANDQ $-16, R13
	TESTQ R13, R13
	JLE c2tail

c2loop:
	// GT_OQ with the radius first: r > a[j] ⟺ a[j] < r
	VCMPPD $0x1e, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1e, 32(SI)(BX*8), Y6, Y1
	VCMPPD $0x1e, 64(SI)(BX*8), Y6, Y2
	VCMPPD $0x1e, 96(SI)(BX*8), Y6, Y3
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9
	VPSUBQ Y2, Y8, Y8
	VPSUBQ Y3, Y9, Y9
	VCMPPD $0x1e, (DI)(BX*8), Y7, Y0
	VCMPPD $0x1e, 32(DI)(BX*8), Y7, Y1
	VCMPPD $0x1e, 64(DI)(BX*8), Y7, Y2
	VCMPPD $0x1e, 96(DI)(BX*8), Y7, Y3
	VPSUBQ Y0, Y10, Y10
	VPSUBQ Y1, Y11, Y11
	VPSUBQ Y2, Y10, Y10
	VPSUBQ Y3, Y11, Y11
	ADDQ $16, BX
	CMPQ BX, R13
	JLT c2loop

c2tail:
	CMPQ BX, CX
	JGE c2sum
	VCMPPD $0x1e, (SI)(BX*8), Y6, Y0
	VCMPPD $0x1e, 32(SI)(BX*8), Y6, Y1
	VPSUBQ Y0, Y8, Y8
	VPSUBQ Y1, Y9, Y9
	VCMPPD $0x1e, (DI)(BX*8), Y7, Y0
	VCMPPD $0x1e, 32(DI)(BX*8), Y7, Y1
	VPSUBQ Y0, Y10, Y10
	VPSUBQ Y1, Y11, Y11

c2sum:
	VPADDQ Y9, Y8, Y8
	VEXTRACTI128 $1, Y8, X0
	VPADDQ X0, X8, X8
	VPSHUFD $0x4e, X8, X0
	VPADDQ X0, X8, X8
	VMOVQ X8, DX
	VPADDQ Y11, Y10, Y10
	VEXTRACTI128 $1, Y10, X0
	VPADDQ X0, X10, X10
	VPSHUFD $0x4e, X10, X0
	VPADDQ X0, X10, X10
	VMOVQ X10, R12
	MOVQ DX, na+40(FP)
	MOVQ R12, nb+48(FP)
	VZEROUPPER
	RET

// func maxDistSplit4AVX2(qb, cols *float64, stride, n, d, split int, outA, outB *float64, ostride int)
//
// Four queries per pass: qb holds, for each dimension c, the four queries'
// coordinates each repeated 4 times (16 values per dimension). Query g's
// A-distances go to outA + g·ostride, its B-distances to outB + g·ostride.
// Each loaded point vector serves four queries; the operations per query
// are those of maxDistSplit2AVX2, so the distances are bit-identical.
TEXT ·maxDistSplit4AVX2(SB), NOSPLIT, $0-72
	MOVQ qb+0(FP), SI
	MOVQ cols+8(FP), DI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ n+24(FP), CX
	MOVQ d+32(FP), R9
	MOVQ split+40(FP), R10
	MOVQ outA+48(FP), R11
	MOVQ outB+56(FP), R12
	MOVQ ostride+64(FP), R13
	SHLQ $3, R13
	VBROADCASTSD absmask<>(SB), Y15
	SUBQ R10, R9 // R9 = d - split
	XORQ BX, BX
	TESTQ CX, CX
	JLE p4done

p4loop:
	LEAQ (DI)(BX*8), AX
	MOVQ SI, DX
	MOVQ R10, R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

p4dimsA:
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VSUBPD (DX), Y8, Y10
	VSUBPD (DX), Y9, Y11
	VSUBPD 32(DX), Y8, Y12
	VSUBPD 32(DX), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y0, Y0
	VMAXPD Y11, Y1, Y1
	VMAXPD Y12, Y2, Y2
	VMAXPD Y13, Y3, Y3
	VSUBPD 64(DX), Y8, Y10
	VSUBPD 64(DX), Y9, Y11
	VSUBPD 96(DX), Y8, Y12
	VSUBPD 96(DX), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y4, Y4
	VMAXPD Y11, Y5, Y5
	VMAXPD Y12, Y6, Y6
	VMAXPD Y13, Y7, Y7
	ADDQ R8, AX
	ADDQ $128, DX
	DECQ R14
	JNZ p4dimsA

	LEAQ (R11)(BX*8), R14
	VMOVUPD Y0, (R14)
	VMOVUPD Y1, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y2, (R14)
	VMOVUPD Y3, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y4, (R14)
	VMOVUPD Y5, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y6, (R14)
	VMOVUPD Y7, 32(R14)

	MOVQ R9, R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

p4dimsB:
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VSUBPD (DX), Y8, Y10
	VSUBPD (DX), Y9, Y11
	VSUBPD 32(DX), Y8, Y12
	VSUBPD 32(DX), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y0, Y0
	VMAXPD Y11, Y1, Y1
	VMAXPD Y12, Y2, Y2
	VMAXPD Y13, Y3, Y3
	VSUBPD 64(DX), Y8, Y10
	VSUBPD 64(DX), Y9, Y11
	VSUBPD 96(DX), Y8, Y12
	VSUBPD 96(DX), Y9, Y13
	VANDPD Y15, Y10, Y10
	VANDPD Y15, Y11, Y11
	VANDPD Y15, Y12, Y12
	VANDPD Y15, Y13, Y13
	VMAXPD Y10, Y4, Y4
	VMAXPD Y11, Y5, Y5
	VMAXPD Y12, Y6, Y6
	VMAXPD Y13, Y7, Y7
	ADDQ R8, AX
	ADDQ $128, DX
	DECQ R14
	JNZ p4dimsB

	LEAQ (R12)(BX*8), R14
	VMOVUPD Y0, (R14)
	VMOVUPD Y1, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y2, (R14)
	VMOVUPD Y3, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y4, (R14)
	VMOVUPD Y5, 32(R14)
	ADDQ R13, R14
	VMOVUPD Y6, (R14)
	VMOVUPD Y7, 32(R14)

	ADDQ $8, BX
	CMPQ BX, CX
	JLT p4loop

p4done:
	VZEROUPPER
	RET

DATA absmask4<>+0(SB)/8, $0x7fffffffffffffff
DATA absmask4<>+8(SB)/8, $0x7fffffffffffffff
DATA absmask4<>+16(SB)/8, $0x7fffffffffffffff
DATA absmask4<>+24(SB)/8, $0x7fffffffffffffff
GLOBL absmask4<>(SB), RODATA|NOPTR, $32

// func countMax4LTAVX2(qb, cols *float64, stride, n, d int, r *float64, cnt *int)
//
// Four queries per pass over one group of d ≥ 1 columns (qb as for
// maxDist4AVX2): adds to cnt[g] the number of the n points whose distance
// from query g (computed as in maxDist4AVX2) is < r[4g] (r holds each
// query's radius 4 times); n a multiple of 8.
TEXT ·countMax4LTAVX2(SB), NOSPLIT, $0-56
	MOVQ qb+0(FP), SI
	MOVQ cols+8(FP), DI
	MOVQ stride+16(FP), R8
	SHLQ $3, R8
	MOVQ n+24(FP), CX
	MOVQ d+32(FP), R10
	MOVQ r+40(FP), R9
	MOVQ cnt+48(FP), R11
	VPXOR Y12, Y12, Y12
	VPXOR Y13, Y13, Y13
	VPXOR Y14, Y14, Y14
	VPXOR Y15, Y15, Y15
	XORQ BX, BX
	TESTQ CX, CX
	JLE c4sum

c4loop:
	LEAQ (DI)(BX*8), AX
	MOVQ SI, DX
	MOVQ R10, R14
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7

c4dims:
	VMOVUPD (AX), Y8
	VMOVUPD 32(AX), Y9
	VSUBPD (DX), Y8, Y10
	VSUBPD (DX), Y9, Y11
	VANDPD absmask4<>(SB), Y10, Y10
	VANDPD absmask4<>(SB), Y11, Y11
	VMAXPD Y10, Y0, Y0
	VMAXPD Y11, Y1, Y1
	VSUBPD 32(DX), Y8, Y10
	VSUBPD 32(DX), Y9, Y11
	VANDPD absmask4<>(SB), Y10, Y10
	VANDPD absmask4<>(SB), Y11, Y11
	VMAXPD Y10, Y2, Y2
	VMAXPD Y11, Y3, Y3
	VSUBPD 64(DX), Y8, Y10
	VSUBPD 64(DX), Y9, Y11
	VANDPD absmask4<>(SB), Y10, Y10
	VANDPD absmask4<>(SB), Y11, Y11
	VMAXPD Y10, Y4, Y4
	VMAXPD Y11, Y5, Y5
	VSUBPD 96(DX), Y8, Y10
	VSUBPD 96(DX), Y9, Y11
	VANDPD absmask4<>(SB), Y10, Y10
	VANDPD absmask4<>(SB), Y11, Y11
	VMAXPD Y10, Y6, Y6
	VMAXPD Y11, Y7, Y7
	ADDQ R8, AX
	ADDQ $128, DX
	DECQ R14
	JNZ c4dims

	// LT_OQ: x < r is all ones, −1 as an integer
	VCMPPD $0x11, (R9), Y0, Y0
	VCMPPD $0x11, (R9), Y1, Y1
	VPSUBQ Y0, Y12, Y12
	VPSUBQ Y1, Y12, Y12
	VCMPPD $0x11, 32(R9), Y2, Y2
	VCMPPD $0x11, 32(R9), Y3, Y3
	VPSUBQ Y2, Y13, Y13
	VPSUBQ Y3, Y13, Y13
	VCMPPD $0x11, 64(R9), Y4, Y4
	VCMPPD $0x11, 64(R9), Y5, Y5
	VPSUBQ Y4, Y14, Y14
	VPSUBQ Y5, Y14, Y14
	VCMPPD $0x11, 96(R9), Y6, Y6
	VCMPPD $0x11, 96(R9), Y7, Y7
	VPSUBQ Y6, Y15, Y15
	VPSUBQ Y7, Y15, Y15
	ADDQ $8, BX
	CMPQ BX, CX
	JLT c4loop

c4sum:
	VEXTRACTI128 $1, Y12, X0
	VPADDQ X0, X12, X12
	VPSHUFD $0x4e, X12, X0
	VPADDQ X0, X12, X12
	VMOVQ X12, AX
	ADDQ AX, 0(R11)
	VEXTRACTI128 $1, Y13, X0
	VPADDQ X0, X13, X13
	VPSHUFD $0x4e, X13, X0
	VPADDQ X0, X13, X13
	VMOVQ X13, AX
	ADDQ AX, 8(R11)
	VEXTRACTI128 $1, Y14, X0
	VPADDQ X0, X14, X14
	VPSHUFD $0x4e, X14, X0
	VPADDQ X0, X14, X14
	VMOVQ X14, AX
	ADDQ AX, 16(R11)
	VEXTRACTI128 $1, Y15, X0
	VPADDQ X0, X15, X15
	VPSHUFD $0x4e, X15, X0
	VPADDQ X0, X15, X15
	VMOVQ X15, AX
	ADDQ AX, 24(R11)
	VZEROUPPER
	RET
