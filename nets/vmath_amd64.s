//go:build gc && !purego

#include "textflag.h"
#include "vmath_amd64.h"

// Constants of the tanh and exp kernels, each replicated over 4 lanes (see vmath.go):
// absmask 0, signmask 32, 20 64, log2e 96, 0.5 128, ln2hi 160, ln2lo 192,
// 2⁵²+1023 224, 1 256, 2 288, 1/k! for k = 2…13 at 320 + 32(k−2), −708 704, 709 736.
DATA ·tanhc+0(SB)/8, $0x7fffffffffffffff
DATA ·tanhc+8(SB)/8, $0x7fffffffffffffff
DATA ·tanhc+16(SB)/8, $0x7fffffffffffffff
DATA ·tanhc+24(SB)/8, $0x7fffffffffffffff
DATA ·tanhc+32(SB)/8, $0x8000000000000000
DATA ·tanhc+40(SB)/8, $0x8000000000000000
DATA ·tanhc+48(SB)/8, $0x8000000000000000
DATA ·tanhc+56(SB)/8, $0x8000000000000000
DATA ·tanhc+64(SB)/8, $0x4034000000000000
DATA ·tanhc+72(SB)/8, $0x4034000000000000
DATA ·tanhc+80(SB)/8, $0x4034000000000000
DATA ·tanhc+88(SB)/8, $0x4034000000000000
DATA ·tanhc+96(SB)/8, $0x3ff71547652b82fe
DATA ·tanhc+104(SB)/8, $0x3ff71547652b82fe
DATA ·tanhc+112(SB)/8, $0x3ff71547652b82fe
DATA ·tanhc+120(SB)/8, $0x3ff71547652b82fe
DATA ·tanhc+128(SB)/8, $0x3fe0000000000000
DATA ·tanhc+136(SB)/8, $0x3fe0000000000000
DATA ·tanhc+144(SB)/8, $0x3fe0000000000000
DATA ·tanhc+152(SB)/8, $0x3fe0000000000000
DATA ·tanhc+160(SB)/8, $0x3fe62e42fee00000
DATA ·tanhc+168(SB)/8, $0x3fe62e42fee00000
DATA ·tanhc+176(SB)/8, $0x3fe62e42fee00000
DATA ·tanhc+184(SB)/8, $0x3fe62e42fee00000
DATA ·tanhc+192(SB)/8, $0x3dea39ef35793c76
DATA ·tanhc+200(SB)/8, $0x3dea39ef35793c76
DATA ·tanhc+208(SB)/8, $0x3dea39ef35793c76
DATA ·tanhc+216(SB)/8, $0x3dea39ef35793c76
DATA ·tanhc+224(SB)/8, $0x43300000000003ff
DATA ·tanhc+232(SB)/8, $0x43300000000003ff
DATA ·tanhc+240(SB)/8, $0x43300000000003ff
DATA ·tanhc+248(SB)/8, $0x43300000000003ff
DATA ·tanhc+256(SB)/8, $0x3ff0000000000000
DATA ·tanhc+264(SB)/8, $0x3ff0000000000000
DATA ·tanhc+272(SB)/8, $0x3ff0000000000000
DATA ·tanhc+280(SB)/8, $0x3ff0000000000000
DATA ·tanhc+288(SB)/8, $0x4000000000000000
DATA ·tanhc+296(SB)/8, $0x4000000000000000
DATA ·tanhc+304(SB)/8, $0x4000000000000000
DATA ·tanhc+312(SB)/8, $0x4000000000000000
DATA ·tanhc+320(SB)/8, $0x3fe0000000000000
DATA ·tanhc+328(SB)/8, $0x3fe0000000000000
DATA ·tanhc+336(SB)/8, $0x3fe0000000000000
DATA ·tanhc+344(SB)/8, $0x3fe0000000000000
DATA ·tanhc+352(SB)/8, $0x3fc5555555555555
DATA ·tanhc+360(SB)/8, $0x3fc5555555555555
DATA ·tanhc+368(SB)/8, $0x3fc5555555555555
DATA ·tanhc+376(SB)/8, $0x3fc5555555555555
DATA ·tanhc+384(SB)/8, $0x3fa5555555555555
DATA ·tanhc+392(SB)/8, $0x3fa5555555555555
DATA ·tanhc+400(SB)/8, $0x3fa5555555555555
DATA ·tanhc+408(SB)/8, $0x3fa5555555555555
DATA ·tanhc+416(SB)/8, $0x3f81111111111111
DATA ·tanhc+424(SB)/8, $0x3f81111111111111
DATA ·tanhc+432(SB)/8, $0x3f81111111111111
DATA ·tanhc+440(SB)/8, $0x3f81111111111111
DATA ·tanhc+448(SB)/8, $0x3f56c16c16c16c17
DATA ·tanhc+456(SB)/8, $0x3f56c16c16c16c17
DATA ·tanhc+464(SB)/8, $0x3f56c16c16c16c17
DATA ·tanhc+472(SB)/8, $0x3f56c16c16c16c17
DATA ·tanhc+480(SB)/8, $0x3f2a01a01a01a01a
DATA ·tanhc+488(SB)/8, $0x3f2a01a01a01a01a
DATA ·tanhc+496(SB)/8, $0x3f2a01a01a01a01a
DATA ·tanhc+504(SB)/8, $0x3f2a01a01a01a01a
DATA ·tanhc+512(SB)/8, $0x3efa01a01a01a01a
DATA ·tanhc+520(SB)/8, $0x3efa01a01a01a01a
DATA ·tanhc+528(SB)/8, $0x3efa01a01a01a01a
DATA ·tanhc+536(SB)/8, $0x3efa01a01a01a01a
DATA ·tanhc+544(SB)/8, $0x3ec71de3a556c734
DATA ·tanhc+552(SB)/8, $0x3ec71de3a556c734
DATA ·tanhc+560(SB)/8, $0x3ec71de3a556c734
DATA ·tanhc+568(SB)/8, $0x3ec71de3a556c734
DATA ·tanhc+576(SB)/8, $0x3e927e4fb7789f5c
DATA ·tanhc+584(SB)/8, $0x3e927e4fb7789f5c
DATA ·tanhc+592(SB)/8, $0x3e927e4fb7789f5c
DATA ·tanhc+600(SB)/8, $0x3e927e4fb7789f5c
DATA ·tanhc+608(SB)/8, $0x3e5ae64567f544e4
DATA ·tanhc+616(SB)/8, $0x3e5ae64567f544e4
DATA ·tanhc+624(SB)/8, $0x3e5ae64567f544e4
DATA ·tanhc+632(SB)/8, $0x3e5ae64567f544e4
DATA ·tanhc+640(SB)/8, $0x3e21eed8eff8d898
DATA ·tanhc+648(SB)/8, $0x3e21eed8eff8d898
DATA ·tanhc+656(SB)/8, $0x3e21eed8eff8d898
DATA ·tanhc+664(SB)/8, $0x3e21eed8eff8d898
DATA ·tanhc+672(SB)/8, $0x3de6124613a86d09
DATA ·tanhc+680(SB)/8, $0x3de6124613a86d09
DATA ·tanhc+688(SB)/8, $0x3de6124613a86d09
DATA ·tanhc+696(SB)/8, $0x3de6124613a86d09
DATA ·tanhc+704(SB)/8, $0xc086200000000000
DATA ·tanhc+712(SB)/8, $0xc086200000000000
DATA ·tanhc+720(SB)/8, $0xc086200000000000
DATA ·tanhc+728(SB)/8, $0xc086200000000000
DATA ·tanhc+736(SB)/8, $0x4086280000000000
DATA ·tanhc+744(SB)/8, $0x4086280000000000
DATA ·tanhc+752(SB)/8, $0x4086280000000000
DATA ·tanhc+760(SB)/8, $0x4086280000000000
GLOBL ·tanhc(SB), RODATA|NOPTR, $768

// func tanhAVX2(x *float64, n int)
// tanh x = sign(x)·e/(e+2), e = expm1(2|x|) = 2ⁿ(1+q) − 1 with 2|x| = n·ln2 + r,
// q = expm1(r) (Taylor to r¹³ in Estrin form), as tanhGo but with FMA.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $2, CX
	JZ   done
	// Eight values per pass, as two independent chains (Y0–Y7, Y8–Y15)
	// with the constants read from memory; the same arithmetic as the
	// four-value loop below, which takes a last group of four.
loop8:
	CMPQ CX, $2
	JLT  tail
	TANH8(SI)

	ADDQ $64, SI
	SUBQ $2, CX
	JMP  loop8
tail:
	TESTQ CX, CX
	JZ   done8
	VMOVUPD ·tanhc+0(SB), Y15
	VMOVUPD ·tanhc+64(SB), Y14
	VMOVUPD ·tanhc+96(SB), Y13
	VMOVUPD ·tanhc+128(SB), Y12
	VMOVUPD ·tanhc+224(SB), Y11
	VMOVUPD ·tanhc+288(SB), Y10
loop:
	VMOVUPD (SI), Y0              // x
	VANDPD  Y15, Y0, Y1           // |x|
	VMINPD  Y14, Y1, Y1           // min(|x|, 20); a NaN becomes 20 and is restored below
	VADDPD  Y1, Y1, Y1            // y = 2|x|
	VMOVAPD Y12, Y2
	VFMADD231PD Y13, Y1, Y2       // y·log2e + 0.5
	VROUNDPD $3, Y2, Y2           // n = trunc(…) = round(y·log2e), y ≥ 0
	VMOVAPD Y1, Y3
	VFNMADD231PD ·tanhc+160(SB), Y2, Y3   // r = y − n·ln2hi
	VFNMADD231PD ·tanhc+192(SB), Y2, Y3   // r −= n·ln2lo
	VMULPD  Y3, Y3, Y4            // r2
	VMULPD  Y4, Y4, Y5            // r4
	// p1 = (1/2 + r/6) + r2·(1/24 + r/120)
	VMOVUPD ·tanhc+320(SB), Y6
	VFMADD231PD ·tanhc+352(SB), Y3, Y6
	VMOVUPD ·tanhc+384(SB), Y7
	VFMADD231PD ·tanhc+416(SB), Y3, Y7
	VFMADD231PD Y7, Y4, Y6        // Y6 = p1
	// p2 = (1/720 + r/5040) + r2·(1/40320 + r/362880)
	VMOVUPD ·tanhc+448(SB), Y7
	VFMADD231PD ·tanhc+480(SB), Y3, Y7
	VMOVUPD ·tanhc+512(SB), Y8
	VFMADD231PD ·tanhc+544(SB), Y3, Y8
	VFMADD231PD Y8, Y4, Y7        // Y7 = p2
	// p3 = (1/10! + r/11!) + r2·(1/12! + r/13!)
	VMOVUPD ·tanhc+576(SB), Y8
	VFMADD231PD ·tanhc+608(SB), Y3, Y8
	VMOVUPD ·tanhc+640(SB), Y9
	VFMADD231PD ·tanhc+672(SB), Y3, Y9
	VFMADD231PD Y9, Y4, Y8        // Y8 = p3
	VFMADD213PD Y7, Y5, Y8        // Y8 = p2 + r4·p3
	VFMADD213PD Y6, Y5, Y8        // Y8 = p1 + r4·(…)
	VFMADD213PD Y3, Y4, Y8        // q = r + r2·(…)
	VADDPD  Y11, Y2, Y2           // n + 2⁵² + 1023: low bits hold n+1023
	VPSLLQ  $52, Y2, Y2           // s = 2ⁿ
	VSUBPD  ·tanhc+256(SB), Y2, Y9    // s − 1
	VFMADD231PD Y8, Y2, Y9        // e = s·q + (s − 1)
	VADDPD  Y10, Y9, Y1           // e + 2
	VDIVPD  Y1, Y9, Y1            // t = e/(e+2)
	VANDNPD Y0, Y15, Y2           // sign bit of x
	VORPD   Y2, Y1, Y1            // copysign(t, x)
	VCMPPD  $3, Y0, Y0, Y2        // NaN lanes
	VBLENDVPD Y2, Y0, Y1, Y1      // keep x where NaN
	VMOVUPD Y1, (SI)
	ADDQ $32, SI
	DECQ CX
	JNZ  loop
	VZEROUPPER
done:
	RET
done8:
	VZEROUPPER
	RET

// func expAVX2(x *float64, n int)
// e^x = 2ⁿ(1+q) with x = n·ln2 + r, |r| ≤ ln2/2, q = expm1(r) as in tanhAVX2;
// x is first clamped to [−708, 709] (so 2ⁿ stays a normal number).
TEXT ·expAVX2(SB), NOSPLIT, $0-16
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $2, CX
	JZ   edone
eloop:
	VMOVUPD (SI), Y0
	EXP4
	VMOVUPD Y8, (SI)
	ADDQ $32, SI
	DECQ CX
	JNZ  eloop
	VZEROUPPER
edone:
	RET

// func tanhBackAVX2(d, y *float64, n int)
// d[i] *= 1 − y[i]², n a multiple of 4.
TEXT ·tanhBackAVX2(SB), NOSPLIT, $0-24
	MOVQ d+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $2, CX
	JZ   bdone
	VMOVUPD ·tanhc+256(SB), Y15
bloop:
	VMOVUPD (SI), Y0
	VMOVAPD Y15, Y1
	VFNMADD231PD Y0, Y0, Y1       // 1 − y²
	VMULPD  (DI), Y1, Y1
	VMOVUPD Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ  bloop
	VZEROUPPER
bdone:
	RET

// func softmaxColsAVX2(z *float64, k, ld, nc int, d *float64, lab *int, inv float64)
// Overwrites each of the first nc columns (nc a multiple of 4) of the
// feature-major k×ld block z with its softmax, 4 columns at a time, with
// softmaxColsGo's arithmetic: the column maximum m (a NaN does not replace
// it), e_j = exp(z_j − m) by EXP4 (expAVX2's arithmetic), s = ((e_0 + e_1) +
// e_2) + …, r = 1/s, p_j = e_j·r. With d non-nil it also writes the
// cross-entropy gradient d_j = p_j·inv − [lab = j]·inv (row stride ld, the
// labels one int per column), as backward computes it.
// Registers: DI z, R8 k, R9 ld bytes, R10 nc bytes, R11 d, R12 lab, AX column
// byte offset, BX z cursor, DX d cursor, CX rows left; Y10 max, Y15 sum then
// 1/sum, Y11 inv, Y12 all ones (−1), Y13 row index j, Y3 labels.
TEXT ·softmaxColsAVX2(SB), NOSPLIT, $0-56
	MOVQ z+0(FP), DI
	MOVQ k+8(FP), R8
	MOVQ ld+16(FP), R9
	SHLQ $3, R9
	MOVQ nc+24(FP), R10
	SHLQ $3, R10
	MOVQ d+32(FP), R11
	MOVQ lab+40(FP), R12
	VBROADCASTSD inv+48(FP), Y11
	VPCMPEQQ Y12, Y12, Y12
	XORQ AX, AX

smcol:
	CMPQ AX, R10
	JGE smdone
	LEAQ (DI)(AX*1), BX
	VMOVUPD (BX), Y10
	MOVQ R8, CX
	DECQ CX
	JZ smexp0

smmax:
	ADDQ R9, BX
	VMOVUPD (BX), Y1
	VMAXPD Y10, Y1, Y10           // v > m ? v : m (m when either is NaN)
	DECQ CX
	JNZ smmax

smexp0:
	LEAQ (DI)(AX*1), BX
	VMOVUPD (BX), Y0
	VSUBPD Y10, Y0, Y0
	EXP4
	VMOVUPD Y8, (BX)
	VMOVAPD Y8, Y15
	MOVQ R8, CX
	DECQ CX
	JZ smrecip

smexp:
	ADDQ R9, BX
	VMOVUPD (BX), Y0
	VSUBPD Y10, Y0, Y0
	EXP4
	VMOVUPD Y8, (BX)
	VADDPD Y8, Y15, Y15
	DECQ CX
	JNZ smexp

smrecip:
	VMOVUPD ·tanhc+256(SB), Y1
	VDIVPD Y15, Y1, Y15           // 1/s
	LEAQ (DI)(AX*1), BX
	MOVQ R8, CX
	TESTQ R11, R11
	JNZ smgrad

smmul:
	VMOVUPD (BX), Y1
	VMULPD Y15, Y1, Y1
	VMOVUPD Y1, (BX)
	ADDQ R9, BX
	DECQ CX
	JNZ smmul
	ADDQ $32, AX
	JMP smcol

smgrad:
	LEAQ (R11)(AX*1), DX
	VMOVDQU (R12)(AX*1), Y3
	VPXOR Y13, Y13, Y13

smg:
	VMOVUPD (BX), Y1
	VMULPD Y15, Y1, Y1            // p
	VMOVUPD Y1, (BX)
	VMULPD Y11, Y1, Y2            // p·inv
	VPCMPEQQ Y13, Y3, Y4
	VANDPD Y11, Y4, Y4            // inv where the label is j, else 0
	VSUBPD Y4, Y2, Y2
	VMOVUPD Y2, (DX)
	VPSUBQ Y12, Y13, Y13          // j++
	ADDQ R9, BX
	ADDQ R9, DX
	DECQ CX
	JNZ smg
	ADDQ $32, AX
	JMP smcol

smdone:
	VZEROUPPER
	RET
