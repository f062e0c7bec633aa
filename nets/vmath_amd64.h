// Vector tanh and exp bodies shared by the kernels of vmath_amd64.s and
// kernels_amd64.s, so that the standalone passes and the fused epilogues do
// the same arithmetic. The constants are ·tanhc (vmath_amd64.s).

// TANH8(ptr) overwrites the 8 values at 0(ptr) with their tanh: two
// independent chains of 4 lanes (see tanhAVX2). It clobbers Y0–Y15.
#define TANH8(ptr) \
	VMOVUPD 0(ptr), Y0; \
	VMOVUPD 32(ptr), Y8; \
	VANDPD ·tanhc+0(SB), Y0, Y1; \
	VANDPD ·tanhc+0(SB), Y8, Y9; \
	VMINPD ·tanhc+64(SB), Y1, Y1; \
	VMINPD ·tanhc+64(SB), Y9, Y9; \
	VADDPD Y1, Y1, Y1; \
	VADDPD Y9, Y9, Y9; \
	VMOVUPD ·tanhc+128(SB), Y2; \
	VMOVUPD ·tanhc+128(SB), Y10; \
	VFMADD231PD ·tanhc+96(SB), Y1, Y2; \
	VFMADD231PD ·tanhc+96(SB), Y9, Y10; \
	VROUNDPD $3, Y2, Y2; \
	VROUNDPD $3, Y10, Y10; \
	VMOVAPD Y1, Y3; \
	VMOVAPD Y9, Y11; \
	VFNMADD231PD ·tanhc+160(SB), Y2, Y3; \
	VFNMADD231PD ·tanhc+160(SB), Y10, Y11; \
	VFNMADD231PD ·tanhc+192(SB), Y2, Y3; \
	VFNMADD231PD ·tanhc+192(SB), Y10, Y11; \
	VMULPD Y3, Y3, Y4; \
	VMULPD Y11, Y11, Y12; \
	VMULPD Y4, Y4, Y5; \
	VMULPD Y12, Y12, Y13; \
	VMOVUPD ·tanhc+576(SB), Y6; \
	VMOVUPD ·tanhc+576(SB), Y14; \
	VFMADD231PD ·tanhc+608(SB), Y3, Y6; \
	VFMADD231PD ·tanhc+608(SB), Y11, Y14; \
	VMOVUPD ·tanhc+640(SB), Y7; \
	VMOVUPD ·tanhc+640(SB), Y15; \
	VFMADD231PD ·tanhc+672(SB), Y3, Y7; \
	VFMADD231PD ·tanhc+672(SB), Y11, Y15; \
	VFMADD231PD Y7, Y4, Y6; \
	VFMADD231PD Y15, Y12, Y14; \
	VMOVUPD ·tanhc+448(SB), Y7; \
	VMOVUPD ·tanhc+448(SB), Y15; \
	VFMADD231PD ·tanhc+480(SB), Y3, Y7; \
	VFMADD231PD ·tanhc+480(SB), Y11, Y15; \
	VMOVUPD ·tanhc+512(SB), Y1; \
	VMOVUPD ·tanhc+512(SB), Y9; \
	VFMADD231PD ·tanhc+544(SB), Y3, Y1; \
	VFMADD231PD ·tanhc+544(SB), Y11, Y9; \
	VFMADD231PD Y1, Y4, Y7; \
	VFMADD231PD Y9, Y12, Y15; \
	VFMADD213PD Y7, Y5, Y6; \
	VFMADD213PD Y15, Y13, Y14; \
	VMOVUPD ·tanhc+320(SB), Y7; \
	VMOVUPD ·tanhc+320(SB), Y15; \
	VFMADD231PD ·tanhc+352(SB), Y3, Y7; \
	VFMADD231PD ·tanhc+352(SB), Y11, Y15; \
	VMOVUPD ·tanhc+384(SB), Y1; \
	VMOVUPD ·tanhc+384(SB), Y9; \
	VFMADD231PD ·tanhc+416(SB), Y3, Y1; \
	VFMADD231PD ·tanhc+416(SB), Y11, Y9; \
	VFMADD231PD Y1, Y4, Y7; \
	VFMADD231PD Y9, Y12, Y15; \
	VFMADD213PD Y7, Y5, Y6; \
	VFMADD213PD Y15, Y13, Y14; \
	VFMADD213PD Y3, Y4, Y6; \
	VFMADD213PD Y11, Y12, Y14; \
	VADDPD ·tanhc+224(SB), Y2, Y2; \
	VADDPD ·tanhc+224(SB), Y10, Y10; \
	VPSLLQ $52, Y2, Y2; \
	VPSLLQ $52, Y10, Y10; \
	VSUBPD ·tanhc+256(SB), Y2, Y1; \
	VSUBPD ·tanhc+256(SB), Y10, Y9; \
	VFMADD231PD Y6, Y2, Y1; \
	VFMADD231PD Y14, Y10, Y9; \
	VADDPD ·tanhc+288(SB), Y1, Y7; \
	VADDPD ·tanhc+288(SB), Y9, Y15; \
	VDIVPD Y7, Y1, Y1; \
	VDIVPD Y15, Y9, Y9; \
	VANDPD ·tanhc+32(SB), Y0, Y7; \
	VANDPD ·tanhc+32(SB), Y8, Y15; \
	VORPD Y7, Y1, Y1; \
	VORPD Y15, Y9, Y9; \
	VCMPPD $3, Y0, Y0, Y7; \
	VCMPPD $3, Y8, Y8, Y15; \
	VBLENDVPD Y7, Y0, Y1, Y1; \
	VBLENDVPD Y15, Y8, Y9, Y9; \
	VMOVUPD Y1, 0(ptr); \
	VMOVUPD Y9, 32(ptr)

// EXP4 sets Y8 to e^Y0 (Y0 clamped to [−708, 709]; see expAVX2). It
// clobbers Y0 and Y2–Y9.
#define EXP4 \
	VMAXPD ·tanhc+704(SB), Y0, Y0; \
	VMINPD ·tanhc+736(SB), Y0, Y0; \
	VMULPD ·tanhc+96(SB), Y0, Y2; \
	VROUNDPD $0, Y2, Y2; \
	VMOVAPD Y0, Y3; \
	VFNMADD231PD ·tanhc+160(SB), Y2, Y3; \
	VFNMADD231PD ·tanhc+192(SB), Y2, Y3; \
	VMULPD Y3, Y3, Y4; \
	VMULPD Y4, Y4, Y5; \
	VMOVUPD ·tanhc+320(SB), Y6; \
	VFMADD231PD ·tanhc+352(SB), Y3, Y6; \
	VMOVUPD ·tanhc+384(SB), Y7; \
	VFMADD231PD ·tanhc+416(SB), Y3, Y7; \
	VFMADD231PD Y7, Y4, Y6; \
	VMOVUPD ·tanhc+448(SB), Y7; \
	VFMADD231PD ·tanhc+480(SB), Y3, Y7; \
	VMOVUPD ·tanhc+512(SB), Y8; \
	VFMADD231PD ·tanhc+544(SB), Y3, Y8; \
	VFMADD231PD Y8, Y4, Y7; \
	VMOVUPD ·tanhc+576(SB), Y8; \
	VFMADD231PD ·tanhc+608(SB), Y3, Y8; \
	VMOVUPD ·tanhc+640(SB), Y9; \
	VFMADD231PD ·tanhc+672(SB), Y3, Y9; \
	VFMADD231PD Y9, Y4, Y8; \
	VFMADD213PD Y7, Y5, Y8; \
	VFMADD213PD Y6, Y5, Y8; \
	VFMADD213PD Y3, Y4, Y8; \
	VADDPD ·tanhc+224(SB), Y2, Y2; \
	VPSLLQ $52, Y2, Y2; \
	VFMADD213PD Y2, Y2, Y8

// BACK1(off, acc) multiplies acc by 1 − y² for the 4 values y at
// off(BX)(DX*1), with Y8 holding 1 (the arithmetic of tanhBackAVX2: one
// fused 1 − y·y, then (1 − y²)·acc). It clobbers Y9 and Y10.
#define BACK1(off, acc) \
	VMOVUPD off(BX)(DX*1), Y9; \
	VMOVAPD Y8, Y10; \
	VFNMADD231PD Y9, Y9, Y10; \
	VMULPD acc, Y10, acc
