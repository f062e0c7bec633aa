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
TEXT ·countLTAVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD r+16(FP), Y1
	XORQ DX, DX
	XORQ BX, BX
	TESTQ CX, CX
	JLE ltdone

ltloop:
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VCMPPD $0x11, Y1, Y0, Y0
	VCMPPD $0x11, Y1, Y2, Y2
	VMOVMSKPD Y0, AX
	VMOVMSKPD Y2, R8
	SHLQ $4, R8
	ORQ R8, AX
	POPCNTQ AX, AX
	ADDQ AX, DX
	ADDQ $8, BX
	CMPQ BX, CX
	JLT ltloop

ltdone:
	MOVQ DX, ret+24(FP)
	VZEROUPPER
	RET

// func countLEAVX2(a *float64, n int, r float64) int
TEXT ·countLEAVX2(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD r+16(FP), Y1
	XORQ DX, DX
	XORQ BX, BX
	TESTQ CX, CX
	JLE ledone

leloop:
	VMOVUPD (SI)(BX*8), Y0
	VMOVUPD 32(SI)(BX*8), Y2
	VCMPPD $0x12, Y1, Y0, Y0
	VCMPPD $0x12, Y1, Y2, Y2
	VMOVMSKPD Y0, AX
	VMOVMSKPD Y2, R8
	SHLQ $4, R8
	ORQ R8, AX
	POPCNTQ AX, AX
	ADDQ AX, DX
	ADDQ $8, BX
	CMPQ BX, CX
	JLT leloop

ledone:
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
