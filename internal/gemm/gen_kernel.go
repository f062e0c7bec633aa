//go:build ignore

// gen_kernel writes kernel_amd64.s, the register-blocked GEMM micro-kernels.
//
//	go run gen_kernel.go -out kernel_amd64.s
//
// Every kernel has the Go declaration
//
//	func kernNAME(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64)
//
// and computes, for r < MR and j < NR,
//
//	acc[r][j] = Σ_{p<k} a[r*rsA + p*csA] · b[p*NR + j]
//	c[r*ldc + j] = acc[r][j]                         if beta == ±0
//	c[r*ldc + j] = fma(beta, c[r*ldc + j], acc[r][j]) otherwise
//
// A is read through two strides, so the same kernel serves a packed A panel
// (rsA = 1, csA = MR) and an unpacked A in either orientation (the direct
// path). B is always a packed, zero-padded NR-wide panel. Accumulators stay in
// vector registers; each k step loads NR/W vectors of B, broadcasts MR values
// of A (alternating two registers) and issues MR·NR/W fused multiply-adds.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
)

type spec struct {
	name   string // Go name suffix
	reg    string // "Y" (256-bit) or "Z" (512-bit)
	w      int    // float64 lanes per vector
	mr, nv int    // rows, vectors per row (NR = nv*w)
	unroll int    // k-loop unroll factor
	nt     int    // broadcast registers (1 or 2, used in turn)
	edge   bool   // also generate a masked edge variant (AVX2 only)
	bw     int    // width of the packed B panel if wider than nv*w (narrow variants)
	pfA    bool   // rows kernel with the strided prefetch stream
	zero   string // instruction that zeroes a register
	isa    string // comment
}

var specs = []spec{
	// 4×12 measured faster than 6×8 on Zen 3 (fewer broadcasts per FMA).
	{name: "AVX2", reg: "Y", w: 4, mr: 4, nv: 3, unroll: 4, nt: 1, edge: true, zero: "VXORPD", isa: "AVX2+FMA3, 4×12 tile, 12 ymm accumulators"},
	// Test-only: an AVX2 kernel with 8 rows, so that the addressing of rows
	// 4–7 and the two broadcast registers the AVX-512 8×24 kernel relies on
	// run in the conformance suite on machines without AVX-512.
	{name: "AVX2x8x4", reg: "Y", w: 4, mr: 8, nv: 1, unroll: 4, nt: 2, zero: "VXORPD", isa: "AVX2+FMA3, 8×4 tile (tests only)"},
	{name: "AVX512", reg: "Z", w: 8, mr: 8, nv: 3, unroll: 4, nt: 2, zero: "VPXORQ", isa: "AVX-512F, 8×24 tile, 24 zmm accumulators"},
}

// rowAddr returns the addressing mode of A's row r (0..8) relative to SI,
// using R8 = rs, R9 = 3rs, R10 = 5rs, R11 = 7rs (bytes).
func rowAddr(r int) string {
	switch r {
	case 0:
		return "(SI)"
	case 1:
		return "(SI)(R8*1)"
	case 2:
		return "(SI)(R8*2)"
	case 3:
		return "(SI)(R9*1)"
	case 4:
		return "(SI)(R8*4)"
	case 5:
		return "(SI)(R10*1)"
	case 6:
		return "(SI)(R9*2)"
	case 7:
		return "(SI)(R11*1)"
	case 8:
		return "(SI)(R8*8)"
	}
	panic("row out of range")
}

// gen writes one kernel. mode "" is the full-tile kernel; "Edge" stores
// only mb rows and nb columns; "Rows" runs ntiles full-height tiles down the
// rows of A and C (each as "Edge" with mb = mr), amortising the call.
func gen(out *bytes.Buffer, s spec, mode string) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	s.name += mode
	if mode == "Rows" && s.mr != 4 {
		log.Fatalf("%s: the Rows kernel advances by 4 rows", s.name)
	}
	nr := s.nv * s.w // columns computed
	bw := nr         // columns of a packed B panel row
	if s.bw > 0 {
		bw = s.bw
	}
	acc := func(r, v int) string { return fmt.Sprintf("%s%d", s.reg, r*s.nv+v) }
	breg := func(v int) string { return fmt.Sprintf("%s%d", s.reg, s.mr*s.nv+v) }
	treg := func(i int) string { return fmt.Sprintf("%s%d", s.reg, s.mr*s.nv+s.nv+i%s.nt) }
	if s.mr*s.nv+s.nv+s.nt > map[string]int{"Y": 16, "Z": 32}[s.reg] {
		log.Fatalf("%s: too many registers", s.name)
	}
	// The Rows kernel prefetches the next B micro-panel (it follows this one
	// in the packed B) while it runs the column of tiles, R15 walking from
	// its start to its last line
	// (R14) across the tiles and then staying there. Without it the first
	// tiles of every column wait for their B panel from L3 when the packed
	// B block outgrows L2 (2 MiB at n = 1024): +6 % at 1024³, +1–2 % on
	// the other large shapes (interleaved runs, median ratio).
	//
	// The stream advances half a line per unrolled k iteration (a new line
	// every other one), so that it covers the next panel over the first
	// half of a column of 24 tiles (mc = 96), not in a burst over its first
	// quarter: +1–3 % at 512³ and 1024³ against a line per iteration
	// (paired runs; 16 and 24 bytes per iteration measured alike, 8 was
	// 3–4 % slower; the 256-wide shapes within ±0.5 %). Likely cause: Zen 3
	// fills L1 on PREFETCHT1 too (Zen 4 is documented as the first to keep
	// T1/T2 in L2), and the burst evicted the current panel from L1.
	pfB := mode == "Rows"
	step := func(boff int) {
		if pfB && boff == 0 {
			p("\tPREFETCHT1 (R15)")
			p("\tADDQ $32, R15")
			p("\tCMPQ R15, R14")
			p("\tCMOVQGT R14, R15")
		}
		if pfB && s.pfA && boff == 2*bw*8 {
			// Second stream: rows of a strided region (the next A block's
			// source), R10 walking a row in lines up to its end R11.
			p("\tPREFETCHT1 (R10)")
			p("\tADDQ R13, R10")
			p("\tCMPQ R10, R11")
			p("\tJAE %s_pfrow", s.name)
			p("%s_pfcont:", s.name)
		}
		for v := 0; v < s.nv; v++ {
			p("\tVMOVUPD %d(DX), %s", boff+v*s.w*8, breg(v))
		}
		for r := 0; r < s.mr; r++ {
			p("\tVBROADCASTSD %s, %s", rowAddr(r), treg(r))
			for v := 0; v < s.nv; v++ {
				p("\tVFMADD231PD %s, %s, %s", breg(v), treg(r), acc(r, v))
			}
		}
		p("\tADDQ R12, SI")
	}
	switch mode {
	case "Edge":
		p("// func kern%s(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64, mb, nb int)", s.name)
		p("// %s; reads and writes only the first mb rows and nb columns of C.", s.isa)
		p("TEXT ·kern%s(SB), NOSPLIT, $0-80", s.name)
	case "Rows":
		if s.pfA {
			p("// func kern%s(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64, nb, ntiles, aStep int, pf *float64, pfRowBytes, pfSkip, pfStride, pfRows, pfInc int)", s.name)
			p("// %s; ntiles tiles of %d rows and nb columns, tile t at a+t·aStep and c+%d·t·ldc;", s.isa, s.mr, s.mr)
			p("// prefetches pfRows rows of pfRowBytes bytes, pfStride apart, from pf into L2.")
			p("TEXT ·kern%s(SB), NOSPLIT, $0-136", s.name)
		} else {
			p("// func kern%s(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64, nb, ntiles, aStep int)", s.name)
			p("// %s; ntiles tiles of %d rows and nb columns, tile t at a+t·aStep and c+%d·t·ldc.", s.isa, s.mr, s.mr)
			p("TEXT ·kern%s(SB), NOSPLIT, $0-88", s.name)
		}
	default:
		p("// func kern%s(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64)", s.name)
		p("// %s.", s.isa)
		p("TEXT ·kern%s(SB), NOSPLIT, $0-64", s.name)
	}
	p("\tMOVQ rsA+16(FP), R8")
	p("\tSHLQ $3, R8")
	p("\tLEAQ (R8)(R8*2), R9")
	p("\tLEAQ (R8)(R8*4), R10")
	p("\tLEAQ (R9)(R8*4), R11")
	p("\tMOVQ csA+24(FP), R12")
	p("\tSHLQ $3, R12")
	p("\tMOVQ ldc+48(FP), BX")
	p("\tSHLQ $3, BX")
	if mode == "Rows" {
		// R15 = b + k·NR·8 (the next panel), R14 = its last line.
		if s.pfA {
			// A stream: R10 = line, R11 = end of its row; R13 = pfInc
			// (64, or 0 once the stream is done), reloaded per tile (the
			// store uses R13). Rows 5 and 7 (R10, R11) do not exist here.
			p("\tMOVQ pf+88(FP), R10")
			p("\tMOVQ pfRowBytes+96(FP), R11")
			p("\tADDQ R10, R11")
			p("\tCMPQ pfRows+120(FP), $0")
			p("\tJGT %s_pfok", s.name)
			p("\tMOVQ b+32(FP), R10")
			p("\tMOVQ $-1, R11")
			p("\tMOVQ $0, pfInc+128(FP)")
			p("%s_pfok:", s.name)
		}
		p("\tMOVQ k+0(FP), R15")
		p("\tIMULQ $%d, R15", bw*8)
		p("\tLEAQ -64(R15), R14")
		p("\tMOVQ b+32(FP), AX")
		p("\tADDQ AX, R15")
		p("\tADDQ R15, R14")
		p("%s_tile:", s.name)
		if s.pfA {
			p("\tMOVQ pfInc+128(FP), R13")
		}
	}
	p("\tMOVQ k+0(FP), CX")
	p("\tMOVQ a+8(FP), SI")
	p("\tMOVQ b+32(FP), DX")
	p("\tMOVQ c+40(FP), DI")
	// Prefetch the C tile: its lines arrive while the k loop runs, instead of
	// stalling the stores at the end (prefetches never fault).
	p("\tMOVQ DI, AX")
	for r := 0; r < s.mr; r++ {
		for off := 0; off < nr*8; off += 64 {
			p("\tPREFETCHT0 %d(AX)", off)
		}
		p("\tPREFETCHT0 %d(AX)", nr*8-1)
		if r < s.mr-1 {
			p("\tADDQ BX, AX")
		}
	}
	for r := 0; r < s.mr; r++ {
		for v := 0; v < s.nv; v++ {
			p("\t%s %s, %s, %s", s.zero, acc(r, v), acc(r, v), acc(r, v))
		}
	}
	// Unrolled main loop over k/unroll, then a remainder loop.
	p("\tMOVQ CX, AX")
	p("\tSHRQ $%d, AX", log2(s.unroll))
	p("\tJZ %s_tail", s.name)
	p("%s_loop:", s.name)
	for u := 0; u < s.unroll; u++ {
		step(u * bw * 8)
	}
	p("\tADDQ $%d, DX", s.unroll*bw*8)
	p("\tDECQ AX")
	p("\tJNZ %s_loop", s.name)
	p("%s_tail:", s.name)
	p("\tANDQ $%d, CX", s.unroll-1)
	p("\tJZ %s_store", s.name)
	p("%s_tailloop:", s.name)
	step(0)
	p("\tADDQ $%d, DX", bw*8)
	p("\tDECQ CX")
	p("\tJNZ %s_tailloop", s.name)
	p("%s_store:", s.name)
	switch mode {
	case "Edge":
		genEdgeStore(p, s, acc, breg, treg, []string{"MOVQ mb+64(FP), CX", "MOVQ nb+72(FP), R13"}, []string{"VZEROUPPER", "RET"})
		return
	case "Rows":
		genEdgeStore(p, s, acc, breg, treg, []string{fmt.Sprintf("MOVQ $%d, CX", s.mr), "MOVQ nb+64(FP), R13"}, []string{"JMP " + s.name + "_next"})
		// Next tile: advance a by aStep and c by 4 rows of C in the argument
		// slots (not past the end: only when a tile follows).
		p("%s_next:", s.name)
		p("\tDECQ ntiles+72(FP)")
		p("\tJZ %s_ret", s.name)
		p("\tMOVQ aStep+80(FP), AX")
		p("\tSHLQ $3, AX")
		p("\tADDQ AX, a+8(FP)")
		p("\tMOVQ c+40(FP), AX")
		p("\tLEAQ (AX)(BX*4), AX")
		p("\tMOVQ AX, c+40(FP)")
		p("\tJMP %s_tile", s.name)
		p("%s_ret:", s.name)
		p("\tVZEROUPPER")
		p("\tRET")
		if !s.pfA {
			p("")
			return
		}
		// End of a row of the A stream: next row, or stop on the last.
		p("%s_pfrow:", s.name)
		p("\tADDQ pfSkip+104(FP), R10")
		p("\tADDQ pfStride+112(FP), R11")
		p("\tDECQ pfRows+120(FP)")
		p("\tJGT %s_pfcont", s.name)
		p("\tMOVQ b+32(FP), R10")
		p("\tMOVQ $-1, R11")
		p("\tXORQ R13, R13")
		p("\tMOVQ R13, pfInc+128(FP)")
		p("\tJMP %s_pfcont", s.name)
		p("")
		return
	}
	// beta == ±0: overwrite C without reading it.
	p("\tMOVQ beta+56(FP), AX")
	p("\tSHLQ $1, AX")
	p("\tJNZ %s_beta", s.name)
	for r := 0; r < s.mr; r++ {
		for v := 0; v < s.nv; v++ {
			p("\tVMOVUPD %s, %d(DI)", acc(r, v), v*s.w*8)
		}
		if r < s.mr-1 {
			p("\tADDQ BX, DI")
		}
	}
	p("\tVZEROUPPER")
	p("\tRET")
	p("%s_beta:", s.name)
	bb := breg(0)
	p("\tVBROADCASTSD beta+56(FP), %s", bb)
	for r := 0; r < s.mr; r++ {
		for v := 0; v < s.nv; v++ {
			p("\tVFMADD231PD %d(DI), %s, %s", v*s.w*8, bb, acc(r, v))
			p("\tVMOVUPD %s, %d(DI)", acc(r, v), v*s.w*8)
		}
		if r < s.mr-1 {
			p("\tADDQ BX, DI")
		}
	}
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

// genEdgeStore writes the epilogue of an edge kernel: for each of the first
// mb rows, whole vectors below nb are stored as usual, the vector that
// straddles nb is stored lane by lane (1–3 lanes; masked moves are slow on
// Zen), and nothing is read or written at or beyond column nb.
func genEdgeStore(p func(string, ...any), s spec, acc func(r, v int) string, breg, treg func(int) string, argLoads, doneAction []string) {
	if s.reg != "Y" {
		log.Fatalf("%s: edge kernels are AVX2 only", s.name)
	}
	x := func(y string) string { return "X" + y[1:] }
	tmp, tmp2, beta := breg(0), breg(1), treg(0)
	if s.nv < 2 {
		// breg(1) is a broadcast register here: take the first unused one.
		tmp2 = fmt.Sprintf("%s%d", s.reg, s.mr*s.nv+s.nv+s.nt)
	}
	for _, l := range argLoads {
		p("\t%s", l)
	}
	p("\tMOVQ beta+56(FP), DX")
	p("\tSHLQ $1, DX")
	p("\tJNZ %s_beta", s.name)
	for _, withBeta := range []bool{false, true} {
		mode := "z"
		if withBeta {
			mode = "b"
			p("%s_beta:", s.name)
			p("\tVBROADCASTSD beta+56(FP), %s", beta)
		}
		for r := 0; r < s.mr; r++ {
			lbl := func(what string, v int) string { return fmt.Sprintf("%s_%s_r%d_%s%d", s.name, mode, r, what, v) }
			end := fmt.Sprintf("%s_%s_r%d_end", s.name, mode, r)
			for v := 0; v < s.nv; v++ {
				off := v * 32
				p("\tCMPQ R13, $%d", 4*(v+1))
				p("\tJLT %s", lbl("part", v))
				if withBeta {
					p("\tVFMADD231PD %d(DI), %s, %s", off, beta, acc(r, v))
				}
				p("\tVMOVUPD %s, %d(DI)", acc(r, v), off)
			}
			p("\tJMP %s", end)
			for v := 0; v < s.nv; v++ {
				off := v * 32
				a := acc(r, v)
				p("%s:", lbl("part", v))
				p("\tMOVQ R13, AX")
				p("\tSUBQ $%d, AX", 4*v)
				p("\tJLE %s", end)
				p("\tCMPQ AX, $2")
				p("\tJLT %s", lbl("one", v))
				p("\tJEQ %s", lbl("two", v))
				// three lanes
				if withBeta {
					p("\tVMOVUPD %d(DI), %s", off, x(tmp))
					p("\tVMOVSD %d(DI), %s", off+16, x(tmp2))
					p("\tVINSERTF128 $1, %s, %s, %s", x(tmp2), tmp, tmp)
					p("\tVFMADD231PD %s, %s, %s", tmp, beta, a)
				}
				p("\tVMOVUPD %s, %d(DI)", x(a), off)
				p("\tVEXTRACTF128 $1, %s, %s", a, x(tmp))
				p("\tVMOVSD %s, %d(DI)", x(tmp), off+16)
				p("\tJMP %s", end)
				p("%s:", lbl("one", v))
				if withBeta {
					p("\tVMOVSD %d(DI), %s", off, x(tmp))
					p("\tVFMADD231PD %s, %s, %s", tmp, beta, a)
				}
				p("\tVMOVSD %s, %d(DI)", x(a), off)
				p("\tJMP %s", end)
				p("%s:", lbl("two", v))
				if withBeta {
					p("\tVMOVUPD %d(DI), %s", off, x(tmp))
					p("\tVFMADD231PD %s, %s, %s", tmp, beta, a)
				}
				p("\tVMOVUPD %s, %d(DI)", x(a), off)
				if v < s.nv-1 {
					p("\tJMP %s", end)
				}
			}
			p("%s:", end)
			if r < s.mr-1 {
				p("\tDECQ CX")
				p("\tJZ %s_done", s.name)
				p("\tADDQ BX, DI")
			}
		}
		if !withBeta {
			p("%s_done:", s.name)
			for _, l := range doneAction {
				p("\t%s", l)
			}
		}
	}
	p("\tJMP %s_done", s.name)
	p("")
}

// packWidths are the panel widths (kernel mr and nr values) that get
// vectorised packing routines.
var packWidths = []int{4, 8, 12, 24}

// genPackN writes packN<W>(k int, src *float64, ld int, dst *float64, alpha float64):
// for p < k, dst[p*W+j] = alpha·src[p*ld+j], j < W. It packs B (no
// transpose) and Aᵀ panels, whose rows are already contiguous.
func genPackN(out *bytes.Buffer, w int) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	nv := w / 4
	p("// func packN%d(k int, src *float64, ld int, dst *float64, alpha float64)", w)
	p("TEXT ·packN%d(SB), NOSPLIT, $0-40", w)
	p("\tMOVQ k+0(FP), CX")
	p("\tMOVQ src+8(FP), SI")
	p("\tMOVQ ld+16(FP), R8")
	p("\tSHLQ $3, R8")
	p("\tMOVQ dst+24(FP), DI")
	p("\tVBROADCASTSD alpha+32(FP), Y15")
	p("\tTESTQ CX, CX")
	p("\tJZ packN%d_done", w)
	p("packN%d_loop:", w)
	for v := 0; v < nv; v++ {
		p("\tVMULPD %d(SI), Y15, Y%d", v*32, v)
	}
	for v := 0; v < nv; v++ {
		p("\tVMOVUPD Y%d, %d(DI)", v, v*32)
	}
	p("\tADDQ R8, SI")
	p("\tADDQ $%d, DI", w*8)
	p("\tDECQ CX")
	p("\tJNZ packN%d_loop", w)
	p("packN%d_done:", w)
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

// genPackNP writes packNP<W>(k int, src *float64, ld int, dst *float64, np, ps int, alpha float64):
// np panels of packN<W> side by side (panel q from src+q*W into dst+q*ps).
// It walks the rows in strips of packStrip: for each strip, panel by
// panel, the strip's rows of that panel. Reads stay sequential (packStrip
// row streams, each moving along its row), and each panel's strip is
// written as whole consecutive lines. Row by row across all panels (the
// previous order) wrote one piece of a line per panel, ps apart; with ps a
// multiple of 4 KiB every piece fell in the same L1 set and the lines were
// evicted between their pieces (1.3× slower at n = 512 and 1024).
func genPackNP(out *bytes.Buffer, w int) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	nv := w / 4
	name := fmt.Sprintf("packNP%d", w)
	p("// func packNP%d(k int, src *float64, ld int, dst *float64, np, ps int, alpha float64)", w)
	p("TEXT ·%s(SB), NOSPLIT, $0-56", name)
	p("\tMOVQ k+0(FP), CX")
	p("\tMOVQ src+8(FP), SI")
	p("\tMOVQ ld+16(FP), R8")
	p("\tSHLQ $3, R8")
	p("\tMOVQ dst+24(FP), DI")
	p("\tMOVQ np+32(FP), R9")
	p("\tVBROADCASTSD alpha+48(FP), Y15")
	p("\tMOVQ ps+40(FP), R12")
	p("\tSHLQ $3, R12")
	p("\tTESTQ CX, CX")
	p("\tJZ %s_done", name)
	p("\tTESTQ R9, R9")
	p("\tJZ %s_done", name)
	p("%s_strip:", name)
	// R13 = rows in this strip = min(packStrip, CX)
	p("\tMOVQ $%d, R13", packStrip)
	p("\tCMPQ CX, R13")
	p("\tCMOVQLT CX, R13")
	p("\tMOVQ SI, R10")
	p("\tMOVQ DI, R11")
	p("\tMOVQ R9, BX")
	p("%s_panel:", name)
	p("\tMOVQ R10, AX")
	p("\tMOVQ R11, DX")
	p("\tMOVQ R13, R14")
	p("%s_row:", name)
	for v := 0; v < nv; v++ {
		p("\tVMULPD %d(AX), Y15, Y%d", v*32, v)
	}
	for v := 0; v < nv; v++ {
		p("\tVMOVUPD Y%d, %d(DX)", v, v*32)
	}
	p("\tADDQ R8, AX")
	p("\tADDQ $%d, DX", w*8)
	p("\tDECQ R14")
	p("\tJNZ %s_row", name)
	p("\tADDQ $%d, R10", w*8)
	p("\tADDQ R12, R11")
	p("\tDECQ BX")
	p("\tJNZ %s_panel", name)
	// Next strip: SI += R13·ld, DI += R13·W·8, CX -= R13.
	p("\tMOVQ R13, AX")
	p("\tIMULQ R8, AX")
	p("\tADDQ AX, SI")
	p("\tMOVQ R13, AX")
	p("\tIMULQ $%d, AX", w*8)
	p("\tADDQ AX, DI")
	p("\tSUBQ R13, CX")
	p("\tJNZ %s_strip", name)
	p("%s_done:", name)
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

// packStrip is the number of rows packNP packs panel by panel.
const packStrip = 8

// genPackT writes packT<W>(k4 int, src *float64, ld int, dst *float64, alpha float64):
// for p < 4·k4 and i < W, dst[p*W+i] = alpha·src[i*ld+p]. It packs A (no
// transpose) and Bᵀ panels by 4×4 in-register transposes (unpack + permute).
func genPackT(out *bytes.Buffer, w int) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	ng := w / 4
	bases := []string{"SI", "AX", "BX", "DX", "R10", "R11"}[:ng]
	p("// func packT%d(k4 int, src *float64, ld int, dst *float64, alpha float64)", w)
	p("TEXT ·packT%d(SB), NOSPLIT, $0-40", w)
	p("\tMOVQ k4+0(FP), CX")
	p("\tMOVQ src+8(FP), SI")
	p("\tMOVQ ld+16(FP), R8")
	p("\tSHLQ $3, R8")
	p("\tLEAQ (R8)(R8*2), R9")
	p("\tMOVQ R8, R13")
	p("\tIMULQ $%d, R13", w)
	p("\tMOVQ dst+24(FP), DI")
	p("\tVBROADCASTSD alpha+32(FP), Y15")
	for g := 1; g < ng; g++ {
		p("\tLEAQ (%s)(R8*4), %s", bases[g-1], bases[g])
	}
	p("\tTESTQ CX, CX")
	p("\tJZ packT%d_done", w)
	p("packT%d_loop:", w)
	for g, b := range bases {
		rows := []string{"(" + b + ")", "(" + b + ")(R8*1)", "(" + b + ")(R8*2)", "(" + b + ")(R9*1)"}
		for r := 0; r < 4; r++ {
			p("\tVMULPD %s, Y15, Y%d", rows[r], r)
		}
		// Prefetch the same columns of the next panel's rows (W rows down,
		// R13 = W·ld): the next call packs them, and in the first column
		// of tiles a kernel call runs in between, so their misses overlap
		// it. (Each row is a short stream, 2 KiB at kc = 256, which the
		// hardware prefetcher hardly picks up: 8 lines ahead on the same row
		// missed the start of every row.)
		p("\tLEAQ (%s)(R13*1), R12", b)
		for _, r := range []string{"(R12)", "(R12)(R8*1)", "(R12)(R8*2)", "(R12)(R9*1)"} {
			p("\tPREFETCHT0 %s", r)
		}
		p("\tVUNPCKLPD Y1, Y0, Y4")
		p("\tVUNPCKHPD Y1, Y0, Y5")
		p("\tVUNPCKLPD Y3, Y2, Y6")
		p("\tVUNPCKHPD Y3, Y2, Y7")
		p("\tVPERM2F128 $0x20, Y6, Y4, Y0")
		p("\tVPERM2F128 $0x20, Y7, Y5, Y1")
		p("\tVPERM2F128 $0x31, Y6, Y4, Y2")
		p("\tVPERM2F128 $0x31, Y7, Y5, Y3")
		for j := 0; j < 4; j++ {
			p("\tVMOVUPD Y%d, %d(DI)", j, j*w*8+g*32)
		}
		p("\tADDQ $32, %s", b)
	}
	p("\tADDQ $%d, DI", 4*w*8)
	p("\tDECQ CX")
	p("\tJNZ packT%d_loop", w)
	p("packT%d_done:", w)
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

// genT4Rows writes kernAVX2T4Rows, the narrow rows kernel for a ragged last
// column of 1–4 columns over a packed A (rsA = 1, csA = 4):
//
//	func kernAVX2T4Rows(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64, nb, ngroups, aStep int)
//
// It runs ngroups groups of three 4-row tiles (tile t of the call at
// a+t·aStep, C rows 4t…4t+3) with the roles of A and B swapped: per k step
// it loads each tile's 4 A values as one vector and broadcasts the 4 B
// values, so the 12 accumulators hold columns of C (7 loads per 12 FMAs,
// as in the 4×12 kernel, where kernAVX2N4Rows needs 5 per 4). The
// accumulators are transposed (4×4, unpack + permute) before the store.
// Each element of C still gets the same FMAs in the same order, so the bits
// are those of the other kernels.
func genT4Rows(out *bytes.Buffer) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	const name = "AVX2T4Rows"
	acc := func(v, j int) string { return fmt.Sprintf("Y%d", 4*v+j) }
	p("// func kern%s(k int, a *float64, rsA, csA int, b, c *float64, ldc int, beta float64, nb, ngroups, aStep int)", name)
	p("// AVX2+FMA3, ngroups groups of three 4-row tiles, nb ≤ 4 columns, packed A.")
	p("TEXT ·kern%s(SB), NOSPLIT, $0-88", name)
	p("\tMOVQ aStep+80(FP), R8")
	p("\tSHLQ $3, R8")
	p("\tMOVQ ldc+48(FP), BX")
	p("\tSHLQ $3, BX")
	p("%s_group:", name)
	p("\tMOVQ k+0(FP), CX")
	p("\tMOVQ a+8(FP), SI")
	p("\tMOVQ b+32(FP), DX")
	p("\tMOVQ c+40(FP), DI")
	p("\tMOVQ DI, AX")
	for r := 0; r < 12; r++ {
		p("\tPREFETCHT0 (AX)")
		p("\tPREFETCHT0 31(AX)")
		if r < 11 {
			p("\tADDQ BX, AX")
		}
	}
	for r := 0; r < 12; r++ {
		p("\tVXORPD Y%d, Y%d, Y%d", r, r, r)
	}
	step := func(u int) {
		aoff, boff := u*32, u*96
		p("\tVMOVUPD %d(SI), Y12", aoff)
		p("\tVMOVUPD %d(SI)(R8*1), Y13", aoff)
		p("\tVMOVUPD %d(SI)(R8*2), Y14", aoff)
		for j := 0; j < 4; j++ {
			p("\tVBROADCASTSD %d(DX), Y15", boff+8*j)
			for v := 0; v < 3; v++ {
				p("\tVFMADD231PD Y%d, Y15, %s", 12+v, acc(v, j))
			}
		}
	}
	p("\tMOVQ CX, AX")
	p("\tSHRQ $2, AX")
	p("\tJZ %s_tail", name)
	p("%s_loop:", name)
	for u := 0; u < 4; u++ {
		step(u)
	}
	p("\tADDQ $128, SI")
	p("\tADDQ $384, DX")
	p("\tDECQ AX")
	p("\tJNZ %s_loop", name)
	p("%s_tail:", name)
	p("\tANDQ $3, CX")
	p("\tJZ %s_store", name)
	p("%s_tailloop:", name)
	step(0)
	p("\tADDQ $32, SI")
	p("\tADDQ $96, DX")
	p("\tDECQ CX")
	p("\tJNZ %s_tailloop", name)
	p("%s_store:", name)
	// Transpose each tile's 4 column vectors into its 4 rows, in place.
	for v := 0; v < 3; v++ {
		c0, c1, c2, c3 := acc(v, 0), acc(v, 1), acc(v, 2), acc(v, 3)
		p("\tVUNPCKLPD %s, %s, Y12", c1, c0)
		p("\tVUNPCKHPD %s, %s, Y13", c1, c0)
		p("\tVUNPCKLPD %s, %s, Y14", c3, c2)
		p("\tVUNPCKHPD %s, %s, Y15", c3, c2)
		p("\tVPERM2F128 $0x20, Y14, Y12, %s", c0)
		p("\tVPERM2F128 $0x20, Y15, Y13, %s", c1)
		p("\tVPERM2F128 $0x31, Y14, Y12, %s", c2)
		p("\tVPERM2F128 $0x31, Y15, Y13, %s", c3)
	}
	// Row R of the group is now in Y<R>. Store nb lanes of each, as the
	// edge kernels do: overwrite (beta == ±0) or fma(beta, C, row).
	x := func(r int) string { return fmt.Sprintf("X%d", r) }
	y := func(r int) string { return fmt.Sprintf("Y%d", r) }
	p("\tMOVQ nb+64(FP), R13")
	p("\tMOVQ beta+56(FP), AX")
	p("\tSHLQ $1, AX")
	p("\tJNZ %s_b", name)
	for _, withBeta := range []bool{false, true} {
		mode := "z"
		if withBeta {
			mode = "b"
			p("%s_b:", name)
			p("\tVBROADCASTSD beta+56(FP), Y15")
		}
		p("\tCMPQ R13, $3")
		p("\tJGT %s_%s4", name, mode)
		p("\tJEQ %s_%s3", name, mode)
		p("\tCMPQ R13, $2")
		p("\tJEQ %s_%s2", name, mode)
		for _, w := range []int{1, 2, 3, 4} {
			p("%s_%s%d:", name, mode, w)
			for r := 0; r < 12; r++ {
				switch w {
				case 4:
					if withBeta {
						p("\tVFMADD231PD (DI), Y15, %s", y(r))
					}
					p("\tVMOVUPD %s, (DI)", y(r))
				case 3:
					if withBeta {
						p("\tVMOVUPD (DI), X12")
						p("\tVMOVSD 16(DI), X13")
						p("\tVINSERTF128 $1, X13, Y12, Y12")
						p("\tVFMADD231PD Y12, Y15, %s", y(r))
					}
					p("\tVMOVUPD %s, (DI)", x(r))
					p("\tVEXTRACTF128 $1, %s, X12", y(r))
					p("\tVMOVSD X12, 16(DI)")
				case 2:
					if withBeta {
						p("\tVMOVUPD (DI), X12")
						p("\tVFMADD231PD Y12, Y15, %s", y(r))
					}
					p("\tVMOVUPD %s, (DI)", x(r))
				case 1:
					if withBeta {
						p("\tVMOVSD (DI), X12")
						p("\tVFMADD231PD Y12, Y15, %s", y(r))
					}
					p("\tVMOVSD %s, (DI)", x(r))
				}
				if r < 11 {
					p("\tADDQ BX, DI")
				}
			}
			p("\tJMP %s_next", name)
		}
	}
	p("%s_next:", name)
	p("\tDECQ ngroups+72(FP)")
	p("\tJZ %s_ret", name)
	p("\tLEAQ (R8)(R8*2), AX")
	p("\tADDQ AX, a+8(FP)")
	p("\tMOVQ BX, AX")
	p("\tIMULQ $12, AX")
	p("\tADDQ AX, c+40(FP)")
	p("\tJMP %s_group", name)
	p("%s_ret:", name)
	p("\tVZEROUPPER")
	p("\tRET")
	p("")
}

// genPeak writes fmaPeakAVX2(n int): n iterations of 10 independent 256-bit
// FMAs (80 flops), the machine's f64 FMA ceiling for the benchmarks.
func genPeak(out *bytes.Buffer) {
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	p("// func fmaPeakAVX2(n int)")
	p("// n iterations of 10 independent ymm FMAs (80 flops): the FMA ceiling.")
	p("TEXT ·fmaPeakAVX2(SB), NOSPLIT, $0-8")
	p("\tMOVQ n+0(FP), CX")
	for r := 0; r < 12; r++ {
		p("\tVXORPD Y%d, Y%d, Y%d", r, r, r)
	}
	p("\tTESTQ CX, CX")
	p("\tJZ peak_done")
	p("peak_loop:")
	for r := 0; r < 10; r++ {
		p("\tVFMADD231PD Y10, Y11, Y%d", r)
	}
	p("\tDECQ CX")
	p("\tJNZ peak_loop")
	p("peak_done:")
	p("\tVZEROUPPER")
	p("\tRET")
}

func log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	if 1<<l != n {
		log.Fatalf("unroll %d is not a power of two", n)
	}
	return l
}

func main() {
	outPath := flag.String("out", "kernel_amd64.s", "output file")
	flag.Parse()
	var out bytes.Buffer
	out.WriteString("// Code generated by gen_kernel.go; DO NOT EDIT.\n\n")
	out.WriteString("//go:build gc && !purego\n\n")
	out.WriteString("#include \"textflag.h\"\n\n")
	for _, s := range specs {
		gen(&out, s, "")
		if s.edge {
			gen(&out, s, "Edge")
			gen(&out, s, "Rows")
			// Narrow rows kernels for a ragged last column of 1–4 and 5–8
			// columns: they read the same 12-wide B panels but compute
			// one or two vectors, not three (each lane's sum is the same
			// sequence of FMAs, so the results are the same bits).
			// The same with the strided prefetch stream (the plain one
			// lacks it: its four instructions per iteration cost ~1 %).
			x := s
			x.name += "PF"
			x.pfA = true
			gen(&out, x, "Rows")
			for nv := 1; nv < s.nv; nv++ {
				n := s
				n.name = fmt.Sprintf("%sN%d", s.name, nv*s.w)
				n.bw = s.nv * s.w
				n.nv = nv
				n.isa = fmt.Sprintf("%s, computing %d columns", s.isa, nv*s.w)
				gen(&out, n, "Rows")
			}
		}
	}
	for _, w := range packWidths {
		genPackN(&out, w)
		genPackT(&out, w)
		genPackNP(&out, w)
	}
	genT4Rows(&out)
	genPeak(&out)
	if err := os.WriteFile(*outPath, out.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
