// AVX2+FMA kernel of rowSum (see kernel_go.go for the same algorithm in Go).

//go:build gc && !purego

#include "textflag.h"

DATA expmin<>+0(SB)/8, $0xc086200000000000
DATA expmin<>+8(SB)/8, $0xc086200000000000
DATA expmin<>+16(SB)/8, $0xc086200000000000
DATA expmin<>+24(SB)/8, $0xc086200000000000
GLOBL expmin<>(SB), RODATA|NOPTR, $32

DATA log2e<>+0(SB)/8, $0x3ff71547652b82fe
DATA log2e<>+8(SB)/8, $0x3ff71547652b82fe
DATA log2e<>+16(SB)/8, $0x3ff71547652b82fe
DATA log2e<>+24(SB)/8, $0x3ff71547652b82fe
GLOBL log2e<>(SB), RODATA|NOPTR, $32

DATA magic<>+0(SB)/8, $0x4338000000000000
DATA magic<>+8(SB)/8, $0x4338000000000000
DATA magic<>+16(SB)/8, $0x4338000000000000
DATA magic<>+24(SB)/8, $0x4338000000000000
GLOBL magic<>(SB), RODATA|NOPTR, $32

DATA ln2hi<>+0(SB)/8, $0x3fe62e42fee00000
DATA ln2hi<>+8(SB)/8, $0x3fe62e42fee00000
DATA ln2hi<>+16(SB)/8, $0x3fe62e42fee00000
DATA ln2hi<>+24(SB)/8, $0x3fe62e42fee00000
GLOBL ln2hi<>(SB), RODATA|NOPTR, $32

DATA ln2lo<>+0(SB)/8, $0x3dea39ef35793c76
DATA ln2lo<>+8(SB)/8, $0x3dea39ef35793c76
DATA ln2lo<>+16(SB)/8, $0x3dea39ef35793c76
DATA ln2lo<>+24(SB)/8, $0x3dea39ef35793c76
GLOBL ln2lo<>(SB), RODATA|NOPTR, $32

DATA c10<>+0(SB)/8, $0x3e928a2c0a7209fb
DATA c10<>+8(SB)/8, $0x3e928a2c0a7209fb
DATA c10<>+16(SB)/8, $0x3e928a2c0a7209fb
DATA c10<>+24(SB)/8, $0x3e928a2c0a7209fb
GLOBL c10<>(SB), RODATA|NOPTR, $32

DATA c9<>+0(SB)/8, $0x3ec72faf024b693b
DATA c9<>+8(SB)/8, $0x3ec72faf024b693b
DATA c9<>+16(SB)/8, $0x3ec72faf024b693b
DATA c9<>+24(SB)/8, $0x3ec72faf024b693b
GLOBL c9<>(SB), RODATA|NOPTR, $32

DATA c8<>+0(SB)/8, $0x3efa019a66a75dd4
DATA c8<>+8(SB)/8, $0x3efa019a66a75dd4
DATA c8<>+16(SB)/8, $0x3efa019a66a75dd4
DATA c8<>+24(SB)/8, $0x3efa019a66a75dd4
GLOBL c8<>(SB), RODATA|NOPTR, $32

DATA c7<>+0(SB)/8, $0x3f2a01978c6baf81
DATA c7<>+8(SB)/8, $0x3f2a01978c6baf81
DATA c7<>+16(SB)/8, $0x3f2a01978c6baf81
DATA c7<>+24(SB)/8, $0x3f2a01978c6baf81
GLOBL c7<>(SB), RODATA|NOPTR, $32

DATA c6<>+0(SB)/8, $0x3f56c16c17f43a58
DATA c6<>+8(SB)/8, $0x3f56c16c17f43a58
DATA c6<>+16(SB)/8, $0x3f56c16c17f43a58
DATA c6<>+24(SB)/8, $0x3f56c16c17f43a58
GLOBL c6<>(SB), RODATA|NOPTR, $32

DATA c5<>+0(SB)/8, $0x3f81111112dd67c5
DATA c5<>+8(SB)/8, $0x3f81111112dd67c5
DATA c5<>+16(SB)/8, $0x3f81111112dd67c5
DATA c5<>+24(SB)/8, $0x3f81111112dd67c5
GLOBL c5<>(SB), RODATA|NOPTR, $32

DATA c4<>+0(SB)/8, $0x3fa55555555520af
DATA c4<>+8(SB)/8, $0x3fa55555555520af
DATA c4<>+16(SB)/8, $0x3fa55555555520af
DATA c4<>+24(SB)/8, $0x3fa55555555520af
GLOBL c4<>(SB), RODATA|NOPTR, $32

DATA c3<>+0(SB)/8, $0x3fc555555554b757
DATA c3<>+8(SB)/8, $0x3fc555555554b757
DATA c3<>+16(SB)/8, $0x3fc555555554b757
DATA c3<>+24(SB)/8, $0x3fc555555554b757
GLOBL c3<>(SB), RODATA|NOPTR, $32

DATA c2<>+0(SB)/8, $0x3fe0000000000005
DATA c2<>+8(SB)/8, $0x3fe0000000000005
DATA c2<>+16(SB)/8, $0x3fe0000000000005
DATA c2<>+24(SB)/8, $0x3fe0000000000005
GLOBL c2<>(SB), RODATA|NOPTR, $32

DATA c1<>+0(SB)/8, $0x3ff000000000001e
DATA c1<>+8(SB)/8, $0x3ff000000000001e
DATA c1<>+16(SB)/8, $0x3ff000000000001e
DATA c1<>+24(SB)/8, $0x3ff000000000001e
GLOBL c1<>(SB), RODATA|NOPTR, $32

DATA c0<>+0(SB)/8, $0x3ff0000000000000
DATA c0<>+8(SB)/8, $0x3ff0000000000000
DATA c0<>+16(SB)/8, $0x3ff0000000000000
DATA c0<>+24(SB)/8, $0x3ff0000000000000
GLOBL c0<>(SB), RODATA|NOPTR, $32

DATA tailmask<>+0(SB)/8, $0xffffffffffffffff
DATA tailmask<>+8(SB)/8, $0xffffffffffffffff
DATA tailmask<>+16(SB)/8, $0xffffffffffffffff
DATA tailmask<>+24(SB)/8, $0xffffffffffffffff
DATA tailmask<>+32(SB)/8, $0xffffffffffffffff
DATA tailmask<>+40(SB)/8, $0xffffffffffffffff
DATA tailmask<>+48(SB)/8, $0xffffffffffffffff
DATA tailmask<>+56(SB)/8, $0xffffffffffffffff
DATA tailmask<>+64(SB)/8, $0x0000000000000000
DATA tailmask<>+72(SB)/8, $0x0000000000000000
DATA tailmask<>+80(SB)/8, $0x0000000000000000
DATA tailmask<>+88(SB)/8, $0x0000000000000000
DATA tailmask<>+96(SB)/8, $0x0000000000000000
DATA tailmask<>+104(SB)/8, $0x0000000000000000
DATA tailmask<>+112(SB)/8, $0x0000000000000000
DATA tailmask<>+120(SB)/8, $0x0000000000000000
GLOBL tailmask<>(SB), RODATA|NOPTR, $128

// func rowSumAVX2(c *float64, d int, a float64, yt *float64, ld int, b *float64, col *float64, cnt int) float64
//
// Returns Σ_{j<cnt} exp(a + b[j] + Σ_{k<d} c[k]·yt[k*ld+j]) and, if col is
// not nil, adds every term to col[j]. Columns go 8 at a time; the last step
// reads up to 7 columns past cnt (the caller pads yt, b and col) and masks
// them to 0, so col[j] for j ≥ cnt receives +0.
TEXT ·rowSumAVX2(SB), NOSPLIT, $0-72
	MOVQ         c+0(FP), AX
	MOVQ         d+8(FP), BX
	VBROADCASTSD a+16(FP), Y15
	MOVQ         yt+24(FP), CX
	MOVQ         ld+32(FP), DX
	SHLQ         $3, DX
	MOVQ         b+40(FP), SI
	MOVQ         col+48(FP), DI
	MOVQ         cnt+56(FP), R8
	VXORPD       Y14, Y14, Y14
	VXORPD       Y13, Y13, Y13

loop:
	CMPQ    R8, $0
	JLE     done
	VADDPD  (SI), Y15, Y0
	VADDPD  32(SI), Y15, Y1
	MOVQ    CX, R10
	MOVQ    AX, R11
	MOVQ    BX, R9

kloop:
	VBROADCASTSD (R11), Y2
	VFMADD231PD  (R10), Y2, Y0
	VFMADD231PD  32(R10), Y2, Y1
	ADDQ         $8, R11
	ADDQ         DX, R10
	DECQ         R9
	JNZ          kloop

	// exp of Y0 and Y1 (two interleaved chains), lanes < -708 give 0
	VCMPPD $0x1d, expmin<>(SB), Y0, Y4
	VCMPPD $0x1d, expmin<>(SB), Y1, Y7
	VMAXPD expmin<>(SB), Y0, Y0
	VMAXPD expmin<>(SB), Y1, Y1
	VMOVUPD magic<>(SB), Y2
	VMOVUPD magic<>(SB), Y5
	VFMADD231PD log2e<>(SB), Y0, Y2
	VFMADD231PD log2e<>(SB), Y1, Y5
	VSUBPD magic<>(SB), Y2, Y3
	VSUBPD magic<>(SB), Y5, Y6
	VFNMADD231PD ln2hi<>(SB), Y3, Y0
	VFNMADD231PD ln2hi<>(SB), Y6, Y1
	VFNMADD231PD ln2lo<>(SB), Y3, Y0
	VFNMADD231PD ln2lo<>(SB), Y6, Y1
	VMOVUPD c10<>(SB), Y3
	VMOVUPD c10<>(SB), Y6
	VFMADD213PD c9<>(SB), Y0, Y3
	VFMADD213PD c9<>(SB), Y1, Y6
	VFMADD213PD c8<>(SB), Y0, Y3
	VFMADD213PD c8<>(SB), Y1, Y6
	VFMADD213PD c7<>(SB), Y0, Y3
	VFMADD213PD c7<>(SB), Y1, Y6
	VFMADD213PD c6<>(SB), Y0, Y3
	VFMADD213PD c6<>(SB), Y1, Y6
	VFMADD213PD c5<>(SB), Y0, Y3
	VFMADD213PD c5<>(SB), Y1, Y6
	VFMADD213PD c4<>(SB), Y0, Y3
	VFMADD213PD c4<>(SB), Y1, Y6
	VFMADD213PD c3<>(SB), Y0, Y3
	VFMADD213PD c3<>(SB), Y1, Y6
	VFMADD213PD c2<>(SB), Y0, Y3
	VFMADD213PD c2<>(SB), Y1, Y6
	VFMADD213PD c1<>(SB), Y0, Y3
	VFMADD213PD c1<>(SB), Y1, Y6
	VFMADD213PD c0<>(SB), Y0, Y3
	VFMADD213PD c0<>(SB), Y1, Y6
	VPSLLQ $52, Y2, Y2
	VPSLLQ $52, Y5, Y5
	VPADDQ Y2, Y3, Y0
	VPADDQ Y5, Y6, Y1
	VANDPD Y4, Y0, Y0
	VANDPD Y7, Y1, Y1

	CMPQ R8, $8
	JGE  full
	LEAQ tailmask<>(SB), R12
	MOVQ $8, R13
	SUBQ R8, R13
	SHLQ $3, R13
	ADDQ R13, R12
	VANDPD (R12), Y0, Y0
	VANDPD 32(R12), Y1, Y1

full:
	VADDPD Y0, Y14, Y14
	VADDPD Y1, Y13, Y13
	TESTQ  DI, DI
	JZ     nocol
	VADDPD (DI), Y0, Y0
	VADDPD 32(DI), Y1, Y1
	VMOVUPD Y0, (DI)
	VMOVUPD Y1, 32(DI)
	ADDQ   $64, DI

nocol:
	ADDQ $64, CX
	ADDQ $64, SI
	SUBQ $8, R8
	JMP  loop

done:
	VADDPD       Y13, Y14, Y14
	VEXTRACTF128 $1, Y14, X13
	VADDPD       X13, X14, X14
	VPERMILPD    $1, X14, X13
	VADDSD       X13, X14, X14
	VMOVSD       X14, ret+64(FP)
	VZEROUPPER
	RET
