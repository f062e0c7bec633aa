package knn

import (
	"math/bits"
	"math/rand/v2"
	"runtime"
	"sync"
)

// Normals starts drawing count standard normal variates from the PCG
// generator (seed, stream) on another goroutine and returns a function that
// waits for them and returns them, in draw order. The k-NN estimators use it
// for their tie-breaking jitter, so that the serial generator overlaps with
// copying, checking and standardising the data; calling the result at once
// is the synchronous form. count ≤ 0 draws nothing (the result returns nil).
//
// The variates are those of rand.New(rand.NewPCG(seed, stream)).NormFloat64,
// bit for bit, drawn by normalGen: the same generator and ziggurat with the
// common case inlined. From normalsSplit variates on, with GOMAXPROCS > 1
// (NormalsOn: workers > 1), the second half is drawn at the same time by a second generator jumped
// ahead in the stream (drawNormals); the values are the same.
func Normals(seed, stream uint64, count int) (wait func() []float64) {
	return NormalsOn(seed, stream, count, 0)
}

// NormalsOn is Normals that splits the draw only when workers (0:
// GOMAXPROCS) allows two goroutines besides the caller's.
func NormalsOn(seed, stream uint64, count, workers int) (wait func() []float64) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if count <= 0 {
		return func() []float64 { return nil }
	}
	var z []float64
	done := make(chan struct{})
	go func() {
		defer close(done)
		if count >= normalsSplit && workers > 1 {
			z = drawNormals(seed, stream, count, count/2, count/2)
			return
		}
		z = make([]float64, count)
		newNormalGen(seed, stream).fill(z, nil)
	}()
	return func() []float64 {
		<-done
		return z
	}
}

// normalGen draws the variates of rand.New(rand.NewPCG(seed, stream))'s
// NormFloat64 without the calls through rand.Rand and its Source interface:
// the PCG step and DXSM output of math/rand/v2's PCG, and the ziggurat's
// first test (taken by about 99 % of the variates) with the layer tables
// read off NormFloat64 itself (zigguratTables). A variate that fails the
// first test is drawn by NormFloat64 proper from the same generator state,
// and the state then moves on by the outputs it took.
type normalGen struct {
	hi, lo uint64
	tab    *zigTables
	std    *rand.Rand // over src, for the rare rest of the ziggurat
	src    *countedPCG
}

func newNormalGen(seed, stream uint64) *normalGen {
	src := &countedPCG{}
	return &normalGen{hi: seed, lo: stream, tab: zigguratTables(), std: rand.New(src), src: src}
}

// pcgStep advances math/rand/v2's PCG state (hi, lo) by one output
// (state ← state·mul + inc, 128-bit) and returns the output (DXSM), as
// PCG.Uint64 does.
func pcgStep(hi, lo uint64) (nhi, nlo, out uint64) {
	const (
		mulHi    = 2549297995355413924
		mulLo    = 4865540595714422341
		incHi    = 6364136223846793005
		incLo    = 1442695040888963407
		cheapMul = 0xda942042e4dd58b5
	)
	h, l := bits.Mul64(lo, mulLo)
	h += hi*mulLo + lo*mulHi
	l, c := bits.Add64(l, incLo, 0)
	h, _ = bits.Add64(h, incHi, c)
	out = h
	out ^= out >> 32
	out *= cheapMul
	out ^= out >> 48
	out *= l | 1
	return h, l, out
}

// normalStart records that variate t starts at output o (both counted
// from a generator's start).
type normalStart struct{ t, o uint64 }

// fill sets z to the next len(z) variates and returns the number of outputs
// they took. With ev, it appends where every variate after one that took
// more than one output starts (relative to this call).
func (g *normalGen) fill(z []float64, ev *[]normalStart) (outputs uint64) {
	hi, lo := g.hi, g.lo
	tab := g.tab
	if tab == nil { // the tables could not be read: NormFloat64 throughout
		g.src.pcg.Seed(hi, lo)
		for i := range z {
			g.src.n = 0
			z[i] = g.std.NormFloat64()
			outputs += uint64(g.src.n)
			if ev != nil && g.src.n != 1 {
				*ev = append(*ev, normalStart{uint64(i + 1), outputs})
			}
		}
		g.hi, g.lo = pcgState(&g.src.pcg)
		return outputs
	}
	var extra uint64 // outputs beyond one per variate
	for t := range z {
		nhi, nlo, u := pcgStep(hi, lo)
		j := int32(u)
		i := u >> 32 & 0x7F
		x := float64(j) * tab.wn[i]
		aj := uint32(j)
		if j < 0 {
			aj = uint32(-j)
		}
		if aj < tab.kn[i] {
			z[t] = x
			hi, lo = nhi, nlo
			continue
		}
		// the rest of the ziggurat: NormFloat64 from the state before
		// this variate, then the state after the outputs it took
		g.src.pcg.Seed(hi, lo)
		g.src.n = 0
		z[t] = g.std.NormFloat64()
		for range g.src.n {
			hi, lo, _ = pcgStep(hi, lo)
		}
		if g.src.n != 1 {
			extra += uint64(g.src.n - 1)
			if ev != nil {
				*ev = append(*ev, normalStart{uint64(t + 1), uint64(t+1) + extra})
			}
		}
	}
	g.hi, g.lo = hi, lo
	return uint64(len(z)) + extra
}

// normalsSplit is the smallest count Normals draws in two halves.
const normalsSplit = 1 << 15

// pcgJump returns math/rand/v2's PCG state seeded (seed, stream) after t
// outputs: its 128-bit LCG step state ← state·mul + inc composed t times
// in O(log t) (Brown, "Random number generation with arbitrary strides",
// 1994).
func pcgJump(seed, stream, t uint64) (hi, lo uint64) {
	const (
		mulHi = 2549297995355413924
		mulLo = 4865540595714422341
		incHi = 6364136223846793005
		incLo = 1442695040888963407
	)
	mul := func(ah, al, bh, bl uint64) (uint64, uint64) {
		h, l := bits.Mul64(al, bl)
		return h + ah*bl + al*bh, l
	}
	add := func(ah, al, bh, bl uint64) (uint64, uint64) {
		l, c := bits.Add64(al, bl, 0)
		h, _ := bits.Add64(ah, bh, c)
		return h, l
	}
	// (accMul, accAdd): the steps composed so far; (curMul, curAdd): 2^i steps
	accMulH, accMulL, accAddH, accAddL := uint64(0), uint64(1), uint64(0), uint64(0)
	curMulH, curMulL, curAddH, curAddL := uint64(mulHi), uint64(mulLo), uint64(incHi), uint64(incLo)
	for ; t > 0; t >>= 1 {
		if t&1 != 0 {
			accMulH, accMulL = mul(accMulH, accMulL, curMulH, curMulL)
			accAddH, accAddL = mul(accAddH, accAddL, curMulH, curMulL)
			accAddH, accAddL = add(accAddH, accAddL, curAddH, curAddL)
		}
		// cur ← cur∘cur: add·(mul+1), mul²
		mh, ml := add(curMulH, curMulL, 0, 1)
		curAddH, curAddL = mul(curAddH, curAddL, mh, ml)
		curMulH, curMulL = mul(curMulH, curMulL, curMulH, curMulL)
	}
	hi, lo = mul(accMulH, accMulL, seed, stream)
	return add(hi, lo, accAddH, accAddL)
}

// drawNormals returns the first count variates of the stream (seed,
// stream), as one generator draws them: the first h by one generator, the
// rest at the same time by a second one started at the stream's output
// number p ≤ h (p = h in Normals). A variate takes one output, rarely more
// (the ziggurat's later tests), so the first generator ends a few dozen
// outputs per thousand beyond h, where it is not known until it finishes:
// the second draws that many more and records where each variate after a
// multi-output one starts, and its variates from the one that starts where
// the first generator stopped are the serial ones. Should none start there
// (its parse of the stream has not met the first's, or p lies beyond), the
// first generator draws the rest.
func drawNormals(seed, stream uint64, count, h, p int) []float64 {
	rest := count - h
	slack := h/32 + 64
	z := make([]float64, count, count+slack)
	var events []normalStart
	hi, lo := pcgJump(seed, stream, uint64(p))
	gB := newNormalGen(hi, lo)
	done := make(chan struct{})
	go func() {
		defer close(done)
		gB.fill(z[h:h+rest+slack], &events)
	}()
	gA := newNormalGen(seed, stream)
	end := gA.fill(z[:h], nil)
	<-done
	// the variate of the second generator that starts at output end
	t0, ok := uint64(0), false
	if end >= uint64(p) {
		target := end - uint64(p)
		seg := normalStart{0, 0}
		for e := 0; e <= len(events); e++ {
			next := ^uint64(0)
			if e < len(events) {
				next = events[e].t
			}
			if target >= seg.o {
				if t := seg.t + (target - seg.o); t < next {
					t0, ok = t, true
					break
				}
			}
			if e < len(events) {
				seg = events[e]
			}
		}
	}
	drawn := uint64(rest + slack)
	if !ok || t0 > drawn {
		gA.fill(z[h:], nil)
		return z
	}
	have := min(int(drawn-t0), rest)
	copy(z[h:count], z[h+int(t0):h+int(t0)+have])
	gB.fill(z[h+have:count], nil)
	return z
}

// pcgState returns a PCG's state (hi, lo).
func pcgState(p *rand.PCG) (hi, lo uint64) {
	b, _ := p.MarshalBinary() // "pcg:" hi lo, big-endian
	for _, c := range b[4:12] {
		hi = hi<<8 | uint64(c)
	}
	for _, c := range b[12:20] {
		lo = lo<<8 | uint64(c)
	}
	return hi, lo
}

// countedPCG is a PCG source that counts its outputs.
type countedPCG struct {
	pcg rand.PCG
	n   int
}

func (c *countedPCG) Uint64() uint64 {
	c.n++
	return c.pcg.Uint64()
}

// zigTables are the ziggurat's first-test tables of rand.Rand.NormFloat64:
// for layer i, a variate with 32-bit integer j is float64(j)·wn[i] when
// |j| < kn[i].
type zigTables struct {
	kn [128]uint32
	wn [128]float64
}

// zigguratTables reads the tables off NormFloat64 once, by feeding it
// chosen outputs (zigProbe): wn[i] is the variate for j = 1 in layer i, and
// kn[i] the smallest |j| that NormFloat64 does not accept at once (it then
// asks for more outputs), found by bisection (a layer may accept none). nil if NormFloat64 does not
// behave as this expects (then normalGen calls it for every variate).
var zigguratTables = sync.OnceValue(func() *zigTables {
	var t zigTables
	p := &zigProbe{}
	r := rand.New(p)
	// accepted reports whether NormFloat64 takes the output for layer i
	// and |j| = a alone, and the variate it returns
	accepted := func(i int, a uint64) (bool, float64) {
		j := int32(a) // a = 2^31 gives −2^31, whose |j| is 2^31
		p.first, p.calls = uint64(i)<<32|uint64(uint32(j)), 0
		x := r.NormFloat64()
		return p.calls == 1, x
	}
	for i := range t.kn {
		if ok, _ := accepted(i, 0); !ok {
			continue // kn[i] = 0: the layer never accepts at once
		}
		ok, w := accepted(i, 1)
		if !ok {
			t.kn[i] = 1 // only j = 0, whose variate is 0 for any wn[i]
			continue
		}
		t.wn[i] = w
		// kn[i]: the smallest a in [2, 2^31+1] not accepted (2^31+1: all are)
		lo, hi := uint64(2), uint64(1<<31+1)
		for lo < hi {
			m := lo + (hi-lo)/2
			if ok, x := accepted(i, m); ok {
				if x != float64(int32(m))*w && m < 1<<31 {
					return nil
				}
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo > 1<<31 {
			return nil // every |j| accepted: not a table this code expects
		}
		t.kn[i] = uint32(lo)
	}
	return &t
})

// zigProbe is the source zigguratTables feeds NormFloat64 with: first the
// chosen output, then zeros (which end any rejection loop at once).
type zigProbe struct {
	first uint64
	calls int
}

func (p *zigProbe) Uint64() uint64 {
	p.calls++
	if p.calls == 1 {
		return p.first
	}
	return 0
}
