//go:build gc && !purego

#include "textflag.h"

// The constants of math.Log's amd64 assembly (archLog), as doubles.
DATA logc<>+0(SB)/8, $0x000FFFFFFFFFFFFF  // mantissa mask
DATA logc<>+8(SB)/8, $0x3FE0000000000000  // 0.5
DATA logc<>+16(SB)/8, $0x00000000000007FF // exponent mask (after the shift)
DATA logc<>+24(SB)/8, $0x4330000000000000 // 2^52
DATA logc<>+32(SB)/8, $0x43300000000003FE // 2^52 + 1022
DATA logc<>+40(SB)/8, $0x3FE6A09E667F3BCD // HSqrt2 = 7.07106781186547524401e-01
DATA logc<>+48(SB)/8, $0x3FF0000000000000 // 1.0
DATA logc<>+56(SB)/8, $0x4000000000000000 // 2.0
DATA logc<>+64(SB)/8, $0x3FE5555555555593 // L1
DATA logc<>+72(SB)/8, $0x3FD999999997FA04 // L2
DATA logc<>+80(SB)/8, $0x3FD2492494229359 // L3
DATA logc<>+88(SB)/8, $0x3FCC71C51D8E78AF // L4
DATA logc<>+96(SB)/8, $0x3FC7466496CB03DE // L5
DATA logc<>+104(SB)/8, $0x3FC39A09D078C69F // L6
DATA logc<>+112(SB)/8, $0x3FC2F112DF3E5244 // L7
DATA logc<>+120(SB)/8, $0x3FE62E42FEE00000 // Ln2Hi
DATA logc<>+128(SB)/8, $0x3DEA39EF35793C76 // Ln2Lo
GLOBL logc<>(SB), RODATA|NOPTR, $136

// func logsAVX2(x, out *float64, n int)
// out[j] = math.Log(x[j]) for j < n (n a multiple of 4, every x[j]
// positive and finite): math.Log's amd64 algorithm (archLog) four lanes at
// a time, the same operations in the same order with the same constants
// (no fused multiply-add), so every lane has archLog's bits.
TEXT ·logsAVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ out+8(FP), DI
	MOVQ n+16(FP), CX
	XORQ AX, AX
	TESTQ CX, CX
	JEQ done

loop:
	VMOVUPD (SI)(AX*8), Y0
	// f1: the mantissa with the exponent of 0.5
	VBROADCASTSD logc<>+0(SB), Y8
	VANDPD Y8, Y0, Y2
	VBROADCASTSD logc<>+8(SB), Y8
	VORPD Y8, Y2, Y2
	// k = exponent field − 1022, as a double: (2^52 + field) − (2^52 + 1022)
	VPSRLQ $52, Y0, Y1
	VBROADCASTSD logc<>+16(SB), Y8
	VPAND Y8, Y1, Y1
	VBROADCASTSD logc<>+24(SB), Y8
	VPOR Y8, Y1, Y1
	VBROADCASTSD logc<>+32(SB), Y8
	VSUBPD Y8, Y1, Y1
	// if !(HSqrt2 < f1) { k -= 1; f1 *= 2 }
	VBROADCASTSD logc<>+40(SB), Y8
	VCMPPD $5, Y2, Y8, Y0
	VBROADCASTSD logc<>+48(SB), Y9 // 1.0
	VANDPD Y9, Y0, Y3
	VSUBPD Y3, Y1, Y1
	VADDPD Y9, Y3, Y3
	VMULPD Y3, Y2, Y2
	// f = f1 − 1
	VSUBPD Y9, Y2, Y2
	// s = f / (2 + f)
	VBROADCASTSD logc<>+56(SB), Y0
	VADDPD Y2, Y0, Y0
	VDIVPD Y0, Y2, Y3
	// s2, s4
	VMULPD Y3, Y3, Y4
	VMULPD Y4, Y4, Y5
	// t1 = s2·(L1 + s4·(L3 + s4·(L5 + s4·L7)))
	VBROADCASTSD logc<>+112(SB), Y6
	VMULPD Y5, Y6, Y6
	VBROADCASTSD logc<>+96(SB), Y8
	VADDPD Y8, Y6, Y6
	VMULPD Y5, Y6, Y6
	VBROADCASTSD logc<>+80(SB), Y8
	VADDPD Y8, Y6, Y6
	VMULPD Y5, Y6, Y6
	VBROADCASTSD logc<>+64(SB), Y8
	VADDPD Y8, Y6, Y6
	VMULPD Y6, Y4, Y4
	// t2 = s4·(L2 + s4·(L4 + s4·L6))
	VBROADCASTSD logc<>+104(SB), Y6
	VMULPD Y5, Y6, Y6
	VBROADCASTSD logc<>+88(SB), Y8
	VADDPD Y8, Y6, Y6
	VMULPD Y5, Y6, Y6
	VBROADCASTSD logc<>+72(SB), Y8
	VADDPD Y8, Y6, Y6
	VMULPD Y6, Y5, Y5
	// R = t1 + t2
	VADDPD Y5, Y4, Y4
	// hfsq = 0.5·f·f
	VBROADCASTSD logc<>+8(SB), Y0
	VMULPD Y2, Y0, Y0
	VMULPD Y2, Y0, Y0
	// k·Ln2Hi − ((hfsq − (s·(hfsq+R) + k·Ln2Lo)) − f)
	VADDPD Y0, Y4, Y4
	VMULPD Y4, Y3, Y3
	VBROADCASTSD logc<>+128(SB), Y4
	VMULPD Y1, Y4, Y4
	VADDPD Y4, Y3, Y3
	VSUBPD Y3, Y0, Y0
	VSUBPD Y2, Y0, Y0
	VBROADCASTSD logc<>+120(SB), Y8
	VMULPD Y8, Y1, Y1
	VSUBPD Y0, Y1, Y1
	VMOVUPD Y1, (DI)(AX*8)
	ADDQ $4, AX
	CMPQ AX, CX
	JLT loop

done:
	VZEROUPPER
	RET
