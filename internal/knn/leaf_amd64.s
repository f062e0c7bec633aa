//go:build gc && !purego

#include "textflag.h"

DATA leafabs<>+0(SB)/8, $0x7fffffffffffffff
GLOBL leafabs<>(SB), RODATA|NOPTR, $8

// func leafMax2AVX2(blk *float64, s int, q *float64, n int, thr float64, out *float64) uint64
// out[j] = max_c |blk[c·s+j] − q[c]| (c < 2) for j < n, and bit j of the
// result is set when out[j] ≤ thr; n a multiple of 4, 4 ≤ n ≤ s ≤ 64.
TEXT ·leafMax2AVX2(SB), NOSPLIT, $0-56
	MOVQ blk+0(FP), SI
	MOVQ s+8(FP), R10
	MOVQ n+16(FP), R11
	MOVQ q+24(FP), DX
	VBROADCASTSD 0(DX), Y10
	VBROADCASTSD 8(DX), Y11
	VBROADCASTSD thr+32(FP), Y13
	VBROADCASTSD leafabs<>(SB), Y15
	LEAQ (SI)(R10*8), DI
	MOVQ out+40(FP), BX
	XORQ AX, AX
	XORQ CX, CX

loop2:
	VSUBPD (SI)(CX*8), Y10, Y0
	VSUBPD (DI)(CX*8), Y11, Y1
	VANDPD Y15, Y0, Y0
	VANDPD Y15, Y1, Y1
	VMAXPD Y1, Y0, Y0
	VMOVUPD Y0, (BX)(CX*8)
	VCMPPD $0x12, Y13, Y0, Y0
	VMOVMSKPD Y0, R9
	SHLQ CX, R9
	ORQ R9, AX
	ADDQ $4, CX
	CMPQ CX, R11
	JLT loop2

	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET

// func leafMax3AVX2(blk *float64, s int, q *float64, n int, thr float64, out *float64) uint64
// leafMax2AVX2 for 3 coordinates.
TEXT ·leafMax3AVX2(SB), NOSPLIT, $0-56
	MOVQ blk+0(FP), SI
	MOVQ s+8(FP), R10
	MOVQ n+16(FP), R11
	MOVQ q+24(FP), DX
	VBROADCASTSD 0(DX), Y10
	VBROADCASTSD 8(DX), Y11
	VBROADCASTSD 16(DX), Y12
	VBROADCASTSD thr+32(FP), Y13
	VBROADCASTSD leafabs<>(SB), Y15
	LEAQ (SI)(R10*8), DI
	LEAQ (DI)(R10*8), R8
	MOVQ out+40(FP), BX
	XORQ AX, AX
	XORQ CX, CX

loop3:
	VSUBPD (SI)(CX*8), Y10, Y0
	VSUBPD (DI)(CX*8), Y11, Y1
	VSUBPD (R8)(CX*8), Y12, Y2
	VANDPD Y15, Y0, Y0
	VANDPD Y15, Y1, Y1
	VANDPD Y15, Y2, Y2
	VMAXPD Y1, Y0, Y0
	VMAXPD Y2, Y0, Y0
	VMOVUPD Y0, (BX)(CX*8)
	VCMPPD $0x12, Y13, Y0, Y0
	VMOVMSKPD Y0, R9
	SHLQ CX, R9
	ORQ R9, AX
	ADDQ $4, CX
	CMPQ CX, R11
	JLT loop3

	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET

// func leafSq2AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64
// out[j] = (blk[j] − q[0])² + (blk[s+j] − q[1])², products and sum rounded
// separately (no fused multiply-add, as sqDist), for j < n; bit j of the
// result is set when out[j] ≤ thr; n a multiple of 4, 4 ≤ n ≤ s ≤ 64.
TEXT ·leafSq2AVX2(SB), NOSPLIT, $0-56
	MOVQ blk+0(FP), SI
	MOVQ s+8(FP), R10
	MOVQ n+16(FP), R11
	MOVQ q+24(FP), DX
	VBROADCASTSD 0(DX), Y10
	VBROADCASTSD 8(DX), Y11
	VBROADCASTSD thr+32(FP), Y13
	LEAQ (SI)(R10*8), DI
	MOVQ out+40(FP), BX
	XORQ AX, AX
	XORQ CX, CX

sq2:
	VSUBPD (SI)(CX*8), Y10, Y0
	VSUBPD (DI)(CX*8), Y11, Y1
	VMULPD Y0, Y0, Y0
	VMULPD Y1, Y1, Y1
	VADDPD Y1, Y0, Y0
	VMOVUPD Y0, (BX)(CX*8)
	VCMPPD $0x12, Y13, Y0, Y0
	VMOVMSKPD Y0, R9
	SHLQ CX, R9
	ORQ R9, AX
	ADDQ $4, CX
	CMPQ CX, R11
	JLT sq2

	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET

// func leafSq3AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64
// leafSq2AVX2 for 3 coordinates, summed in coordinate order.
TEXT ·leafSq3AVX2(SB), NOSPLIT, $0-56
	MOVQ blk+0(FP), SI
	MOVQ s+8(FP), R10
	MOVQ n+16(FP), R11
	MOVQ q+24(FP), DX
	VBROADCASTSD 0(DX), Y10
	VBROADCASTSD 8(DX), Y11
	VBROADCASTSD 16(DX), Y12
	VBROADCASTSD thr+32(FP), Y13
	LEAQ (SI)(R10*8), DI
	LEAQ (DI)(R10*8), R8
	MOVQ out+40(FP), BX
	XORQ AX, AX
	XORQ CX, CX

sq3:
	VSUBPD (SI)(CX*8), Y10, Y0
	VSUBPD (DI)(CX*8), Y11, Y1
	VSUBPD (R8)(CX*8), Y12, Y2
	VMULPD Y0, Y0, Y0
	VMULPD Y1, Y1, Y1
	VMULPD Y2, Y2, Y2
	VADDPD Y1, Y0, Y0
	VADDPD Y2, Y0, Y0
	VMOVUPD Y0, (BX)(CX*8)
	VCMPPD $0x12, Y13, Y0, Y0
	VMOVMSKPD Y0, R9
	SHLQ CX, R9
	ORQ R9, AX
	ADDQ $4, CX
	CMPQ CX, R11
	JLT sq3

	MOVQ AX, ret+48(FP)
	VZEROUPPER
	RET
