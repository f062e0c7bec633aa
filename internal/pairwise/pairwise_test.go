package pairwise

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/itlab/itlab/internal/check"
)

// naiveSums is the straightforward double loop with math.Exp: the reference.
func naiveSums(x []float64, m int, y []float64, n, d int, group []int, ng int, scale float64) []float64 {
	out := make([]float64, ng*m)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			h := 0
			if group != nil {
				h = group[j]
			}
			out[h*m+i] += math.Exp(-scale * sqDist(x[i*d:i*d+d], y[j*d:j*d+d]))
		}
	}
	return out
}

func randData(r *rand.Rand, n, d int, spread float64) []float64 {
	x := make([]float64, n*d)
	for i := range x {
		x[i] = spread * math.Tanh(r.NormFloat64())
	}
	return x
}

func randGroups(r *rand.Rand, n, ng int) []int {
	g := make([]int, n)
	for i := range g {
		g[i] = r.IntN(ng)
	}
	return g
}

// kernels runs f once per available kernel (the pure-Go kernel always,
// the assembly kernels when the CPU has them), forcing the choice.
func kernels(t *testing.T, f func(t *testing.T)) {
	saved := kernel
	defer func() { kernel = saved }()
	for _, k := range available {
		kernel = k
		t.Run(kernelNames[k], f)
	}
}

func maxRel(t *testing.T, got, want []float64) float64 {
	require.Len(t, got, len(want))
	var w float64
	for i := range got {
		den := math.Abs(want[i])
		if den == 0 {
			require.Zero(t, got[i], "entry %d", i)
			continue
		}
		w = max(w, math.Abs(got[i]-want[i])/den)
	}
	return w
}

func TestSymSumsMatchesDoubleLoop(t *testing.T) {
	cases := []struct {
		name          string
		n, d, ng      int
		spread, scale float64
	}{
		{"n1", 1, 3, 1, 1, 5},
		{"n7_d1", 7, 1, 2, 1, 5},
		{"n100_d10_2cls", 100, 10, 2, 1, 5},
		{"n333_d3_5cls", 333, 3, 5, 1, 0.5},
		{"n600_d17_3cls", 600, 17, 3, 1, 5},
		{"n1000_d2_1grp_sharp", 1000, 2, 1, 1, 500},
		{"n2100_d10_2cls_colblocks", 2100, 10, 2, 1, 5},
		{"n700_d60_3cls", 700, 60, 3, 1, 0.2},
		{"n300_d130_1grp_colblocks", 300, 130, 1, 1, 0.05},
	}
	kernels(t, func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := rand.New(rand.NewPCG(1, uint64(tc.n)))
				x := randData(r, tc.n, tc.d, tc.spread)
				g := randGroups(r, tc.n, tc.ng)
				want := naiveSums(x, tc.n, x, tc.n, tc.d, g, tc.ng, tc.scale)
				got := SymSums(nil, x, tc.n, tc.d, g, tc.ng, tc.scale, 0)
				// 1e-12: the exponential is within a few ulp and the
				// expansion of the distance loses ≈‖x‖²·scale·1e-16 in the
				// exponent; sums of positive terms do not amplify that.
				require.Less(t, maxRel(t, got, want), 1e-12)
				gotX := CrossSums(nil, x, tc.n, x, tc.n, tc.d, g, tc.ng, tc.scale, 0)
				require.Less(t, maxRel(t, gotX, want), 1e-12)
			})
		}
	})
}

func TestCrossSumsMatchesDoubleLoop(t *testing.T) {
	kernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(2, 2))
		m, n, d, ng := 301, 517, 6, 3
		x := randData(r, m, d, 1)
		y := randData(r, n, d, 1)
		for i := range y {
			y[i] += 0.3
		}
		g := randGroups(r, n, ng)
		want := naiveSums(x, m, y, n, d, g, ng, 2)
		got := CrossSums(nil, x, m, y, n, d, g, ng, 2, 0)
		require.Less(t, maxRel(t, got, want), 1e-12)
	})
}

func TestLogSumsUnderflow(t *testing.T) {
	// Two clusters 40 apart with scale 1: cross-cluster terms are e^−1600,
	// far below the smallest double; the log variants must still be exact.
	kernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 3))
		n, d := 200, 2
		x := randData(r, n, d, 0.5)
		g := make([]int, n)
		for i := n / 2; i < n; i++ {
			x[i*d] += 40
			g[i] = 1
		}
		plain := SymSums(nil, x, n, d, g, 2, 1, 0)
		lg := SymLogSums(nil, x, n, d, g, 2, 1, 0)
		for i := 0; i < n; i++ {
			for h := 0; h < 2; h++ {
				want := logSumExact(x[i*d:i*d+d], x, d, groupIdx(g, h), 1)
				require.InDelta(t, want, lg[h*n+i], 1e-12*math.Abs(want)+1e-13)
				if h == g[i] {
					require.GreaterOrEqual(t, plain[h*n+i], 1.0)
				} else {
					require.Zero(t, plain[h*n+i])
					require.Less(t, lg[h*n+i], -1000.0)
				}
			}
		}
		// cross form against the same truth, with an empty group
		cl := CrossLogSums(nil, x, n, x, n, d, g, 3, 1, 0)
		for i := 0; i < n; i++ {
			require.InDelta(t, lg[i], cl[i], 1e-12*math.Abs(lg[i])+1e-13)
			require.True(t, math.IsInf(cl[2*n+i], -1))
		}
	})
}

func groupIdx(g []int, h int) []int {
	var idx []int
	for j, v := range g {
		if v == h {
			idx = append(idx, j)
		}
	}
	return idx
}

func TestDeterministicAnyWorkers(t *testing.T) {
	kernels(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(4, 4))
		for _, d := range []int{5, 50} {
			n, ng := 1500, 3
			x := randData(r, n, d, 1)
			g := randGroups(r, n, ng)
			ref := SymSums(nil, x, n, d, g, ng, 3, 1)
			refX := CrossSums(nil, x, n, x[:300*d], 300, d, g[:300], ng, 3, 1)
			for _, w := range []int{2, 3, 8} {
				prev := runtime.GOMAXPROCS(w)
				require.Equal(t, ref, SymSums(nil, x, n, d, g, ng, 3, w))
				require.Equal(t, ref, SymSums(nil, x, n, d, g, ng, 3, 0))
				require.Equal(t, refX, CrossSums(nil, x, n, x[:300*d], 300, d, g[:300], ng, 3, w))
				runtime.GOMAXPROCS(prev)
			}
		}
	})
}

func TestExp2Ref(t *testing.T) {
	// The error bound of the assembly kernels' exponential, proved in two
	// parts. (1) The polynomial: p(f) = 1 + f·q(f) against 2^f on
	// |f| ≤ 1/2, evaluated in float64 (Horner, 9 roundings of relative
	// size ≤ 2^−53 each on values in [0.7, 1.5]) next to the exact
	// interpolation error 3.7e-14 (gen_amd64.py/cheb): ≤ 3.7e-14 + 10·2^−53
	// < 4.9e-14. (2) The reduction k = round(y), f = y − k is exact
	// (Sterbenz), and adding k to the exponent bits is exact, so the total
	// relative error for −1021.5 ≤ y ≤ 1 is that of p: < 5e-14. A term of a
	// sum therefore carries at most 5e-14 relative error from the
	// exponential, and so does a sum of such positive terms; with the
	// rounding of the exponent itself (≈ |y|·2^−52) the sums agree with the
	// double loop to 1e-12 (TestSymSumsMatchesDoubleLoop). The two-row AVX2
	// kernel evaluates the same polynomial as E(f²) + f·O(f²)
	// (exp2RefEO): the extra rounding of u = f² moves only the terms of
	// degree ≥ 2 (< 0.12 of p) and the bound is the same.
	for name, ref := range map[string]func(float64) float64{"horner": exp2Ref, "evenodd": exp2RefEO} {
		t.Run(name, func(t *testing.T) {
			var worst float64
			for y := -1021.5; y <= 1; y += 0.000731 {
				got, want := ref(y), math.Exp2(y)
				worst = max(worst, math.Abs(got-want)/want)
			}
			// dense in the reduced argument too
			for f := -0.5; f <= 0.5; f += 1.0 / (1 << 16) {
				got, want := ref(f-3), math.Exp2(f-3)
				worst = max(worst, math.Abs(got-want)/want)
			}
			require.Less(t, worst, 5e-14)
			require.Greater(t, worst, 1e-15, "the bound is not vacuous: the polynomial is short")
			// below −1021.5 the result is in [0, 2^−1021); at and below the
			// clamp it is exactly +0
			for _, y := range []float64{-1021.6, -1022, -1022.5, -1022.9, -1023} {
				v := ref(y)
				require.GreaterOrEqual(t, v, 0.0, "y=%v", y)
				require.Less(t, v, 0x1p-1021, "y=%v", y)
			}
			for _, y := range []float64{-1023, -1024, -5000, -1e300, math.Inf(-1)} {
				require.Equal(t, uint64(0), math.Float64bits(ref(y)), "y=%v", y)
			}
		})
	}
}

func TestLogSumExp(t *testing.T) {
	require.InDelta(t, math.Log(6), LogSumExp([]float64{0, math.Log(2), math.Log(3)}), 1e-15)
	require.InDelta(t, -1000+math.Log(2), LogSumExp([]float64{-1000, -1000}), 1e-12)
	require.True(t, math.IsInf(LogSumExp(nil), -1))
}

func TestExp2InPlace(t *testing.T) {
	// within 4e-14 relative of math.Exp2 (the degree-3 polynomial on
	// |f| ≤ 1/512 interpolates (2^f − 1)/f with relative error 3.5e-14,
	// computed in high precision with mpmath.chebyfit; plus a few
	// roundings), and 0 below −1022
	var xs []float64
	for y := -1022.0; y <= 1; y += 0.000731 {
		xs = append(xs, y)
	}
	xs = append(xs, -1022.0000001, -1500, -1e300, math.Inf(-1))
	v := append([]float64(nil), xs...)
	exp2InPlace(v)
	var worst float64
	for i, y := range xs {
		if y < -1022 {
			require.Zero(t, v[i], "y=%v", y)
			continue
		}
		worst = max(worst, math.Abs(v[i]-math.Exp2(y))/math.Exp2(y))
	}
	require.Less(t, worst, 4e-14)
	require.Greater(t, worst, 3e-15, "the bound is not vacuous")
}

func TestSelfCheckRejectsWrongKernel(t *testing.T) {
	// the gate of the assembly kernels: a kernel that is off in the last
	// column of a tail, or ignores col, must be rejected
	bad := func(c *float64, d int, a float64, yt *float64, ld int, b *float64, col *float64, cnt int) float64 {
		cs := unsafe.Slice(c, d)
		ys := unsafe.Slice(yt, d*ld)
		bs := unsafe.Slice(b, ld)
		tmp := make([]float64, ld)
		if cnt%16 == 5 {
			cnt--
		}
		return rowSumGo(cs, a, ys, ld, bs, nil, cnt, tmp)
	}
	require.False(t, selfCheckFor(bad))
	good := func(c *float64, d int, a float64, yt *float64, ld int, b *float64, col *float64, cnt int) float64 {
		var cs []float64
		if col != nil {
			cs = unsafe.Slice(col, ld)
		}
		return rowSumGo(unsafe.Slice(c, d), a, unsafe.Slice(yt, d*ld), ld, unsafe.Slice(b, ld), cs, cnt, make([]float64, ld))
	}
	require.True(t, selfCheckFor(good))
}

func TestLogTotals(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	m, n, d := 70, 90, 3
	x := randData(r, m, d, 1)
	y := randData(r, n, d, 1)
	for i := range y {
		y[i] += 0.5
	}
	var sxx, sxy float64
	for _, v := range naiveSums(x, m, x, m, d, nil, 1, 2) {
		sxx += v
	}
	for _, v := range naiveSums(x, m, y, n, d, nil, 1, 2) {
		sxy += v
	}
	require.InDelta(t, math.Log(sxx), SymLogTotal(x, m, d, 2, 0), 1e-12)
	require.InDelta(t, math.Log(sxy), CrossLogTotal(x, m, y, n, d, 2, 0), 1e-12)
	// far apart: every cross term underflows, the log total is still exact
	for i := range y {
		y[i] += 100
	}
	want := LogSumExp(func() []float64 {
		var v []float64
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				v = append(v, -2*sqDist(x[i*d:i*d+d], y[j*d:j*d+d]))
			}
		}
		return v
	}())
	require.InDelta(t, want, CrossLogTotal(x, m, y, n, d, 2, 0), 1e-12*math.Abs(want))
	require.True(t, math.IsInf(CrossLogTotal(x, 0, y, n, d, 2, 0), -1))
}

func TestMemoryIsLinear(t *testing.T) {
	// n = 8000: an n×n matrix would be 512 MB; the sums, layout and
	// column accumulators are O(n·(d + G·slots)) ≈ 2 MB here.
	r := rand.New(rand.NewPCG(15, 15))
	n, d, ng := 8000, 4, 2
	x := randData(r, n, d, 1)
	g := randGroups(r, n, ng)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	SymSums(nil, x, n, d, g, ng, 3, 1)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	require.Less(t, alloc, uint64(4<<20), "allocated %d bytes", alloc)
}

func TestCheckScale(t *testing.T) {
	require.NoError(t, CheckScale([]float64{0, 1, 2, 3}, 2, 2, 1e3))
	err := CheckScale([]float64{0, 1e160, 2, -1e160}, 2, 2, 1)
	require.ErrorIs(t, err, check.ErrParam)
}

func TestExp2ColMatchesExp2InPlace(t *testing.T) {
	// exp2Col (the fused exponential of the two-row Go kernel) gives the
	// bits of exp2InPlace for every term, sums them and adds both rows'
	// terms to col; exp2ColNC, its form without the flush test, gives the
	// same bits for exponents ≥ −1022
	r := rand.New(rand.NewPCG(31, 31))
	for _, lo := range []float64{-1022, -1500} {
		n := 999
		e0 := make([]float64, n)
		e1 := make([]float64, n)
		for j := range e0 {
			e0[j] = lo + r.Float64()*(1-lo)
			e1[j] = -r.Float64() * 60
		}
		e0[0], e0[1], e1[2] = -1022, 0, 1
		want0 := append([]float64(nil), e0...)
		want1 := append([]float64(nil), e1...)
		exp2InPlace(want0)
		exp2InPlace(want1)
		col := make([]float64, n)
		for j := range col {
			col[j] = float64(j)
		}
		colNC := append([]float64(nil), col...)
		s0, s1 := exp2Col(e0, e1, col)
		var w0, w1 float64
		for j := range want0 {
			w0 += want0[j]
			w1 += want1[j]
			require.Equal(t, float64(j)+(want0[j]+want1[j]), col[j], "col %d", j)
		}
		require.InEpsilon(t, w0, s0, 1e-15)
		require.InEpsilon(t, w1, s1, 1e-15)
		if lo >= expMinY {
			n0, n1 := exp2ColNC(e0, e1, colNC)
			require.Equal(t, s0, n0)
			require.Equal(t, s1, n1)
			require.Equal(t, col, colNC)
		}
	}
}

func TestExp2ColTailMatchesPasses(t *testing.T) {
	// the last one to three coordinates fused into the exponential's pass
	// give the bits of dist2Add1/2/3 followed by exp2Col (exp2ColNC for
	// exponents ≥ −1022)
	r := rand.New(rand.NewPCG(32, 32))
	n, ld := 333, 333+pad
	yt := make([]float64, 3*ld)
	for i := range yt {
		yt[i] = r.NormFloat64()
	}
	c := []float64{3.1, -2.2, 0.7, 5.5, -1.3, 0.4}
	for _, k := range []int{1, 2, 3} {
		for _, lo := range []float64{40, 1400} {
			e0 := make([]float64, n)
			e1 := make([]float64, n)
			for j := range e0 {
				e0[j] = -r.Float64() * lo
				e1[j] = -r.Float64() * 40
			}
			f0 := append([]float64(nil), e0...)
			f1 := append([]float64(nil), e1...)
			col := make([]float64, n)
			colF := make([]float64, n)
			switch k {
			case 1:
				dist2Add1(e0, e1, c[0], c[1], yt)
			case 2:
				dist2Add2(e0, e1, c[:4], yt, ld)
			case 3:
				dist2Add3(e0, e1, c[:6], yt, ld)
			}
			s0, s1 := exp2Col(e0, e1, col)
			var u0, u1 float64
			switch {
			case k == 2 && lo > 1000:
				u0, u1 = exp2Col2(f0, f1, colF, c[:4], yt, ld)
			case lo > 1000:
				continue // no fused form with the flush test
			case k == 1:
				u0, u1 = exp2Col1NC(f0, f1, colF, c[0], c[1], yt)
			case k == 2:
				u0, u1 = exp2Col2NC(f0, f1, colF, c[:4], yt, ld)
			case k == 3:
				u0, u1 = exp2Col3NC(f0, f1, colF, c[:6], yt, ld)
			}
			require.Equal(t, s0, u0, "k=%d lo=%v", k, lo)
			require.Equal(t, s1, u1, "k=%d lo=%v", k, lo)
			require.Equal(t, col, colF, "k=%d lo=%v", k, lo)
		}
	}
}
