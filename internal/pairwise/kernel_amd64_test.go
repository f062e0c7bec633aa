//go:build gc && !purego

package pairwise

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"
)

func TestSelfCheckAcceptsAssembly(t *testing.T) {
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		t.Skip("no AVX2+FMA")
	}
	require.True(t, selfCheckFor(rowSumAVX2))
	if cpu.X86.HasAVX512F {
		// on AVX-512 machines the kernel must pass its gate (and is then
		// run by every test through kernels())
		require.True(t, selfCheckFor(rowSumAVX512))
		require.Contains(t, available, kAVX512)
	}
}

func TestRowSum2AVX2MatchesGo(t *testing.T) {
	// the two-row kernel against the pure-Go one: every tail length up to
	// two chunks (192 columns each) plus a bit, d = 1…13 (odd and even
	// coordinate counts), with and without column sums, exponents down to
	// −1400 (past the flush). Columns past cnt must be left as they were.
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		t.Skip("no AVX2+FMA")
	}
	const n = 400
	ld := n + pad
	for d := 1; d <= 13; d++ {
		yt := make([]float64, d*ld)
		for i := range yt {
			yt[i] = math.Sin(float64(i)*0.37) * 2
		}
		b := make([]float64, ld)
		for j := range b {
			b[j] = -float64(j%15) * 100
		}
		c := make([]float64, 2*d)
		for k := range c {
			c[k] = math.Cos(float64(k)) * 3
		}
		tmp := make([]float64, 2*ld)
		for cnt := 1; cnt <= n; cnt += 1 + cnt/40 {
			colA := make([]float64, ld)
			colG := make([]float64, ld)
			for j := range colA {
				colA[j], colG[j] = 1, 1
			}
			w0, w1 := rowSum2Go(c, -0.5, -1.5, yt, ld, b, colG, cnt, tmp, false)
			g0, g1 := rowSum2AVX2(&c[0], d, -0.5, -1.5, &yt[0], ld, &b[0], &colA[0], cnt)
			require.InEpsilon(t, w0, g0, 1e-13, "d=%d cnt=%d", d, cnt)
			require.InEpsilon(t, w1, g1, 1e-13, "d=%d cnt=%d", d, cnt)
			for j := range colA {
				require.InEpsilon(t, colG[j], colA[j], 1e-13, "d=%d cnt=%d col %d", d, cnt, j)
				if j >= cnt {
					require.Equal(t, 1.0, colA[j], "d=%d cnt=%d col %d past the end", d, cnt, j)
				}
			}
			n0, n1 := rowSum2AVX2(&c[0], d, -0.5, -1.5, &yt[0], ld, &b[0], nil, cnt)
			require.Equal(t, g0, n0)
			require.Equal(t, g1, n1)
		}
	}
}

func TestRowSum2AVX2NoClampMatchesGo(t *testing.T) {
	// the kernel without the clamp, for exponents ≥ −1022 (here ≥ −700):
	// every tail length up to two chunks plus a bit, d = 1…13, with and
	// without column sums, and the same bits as the clamping kernel
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		t.Skip("no AVX2+FMA")
	}
	const n = 400
	ld := n + pad
	for d := 1; d <= 13; d++ {
		yt := make([]float64, d*ld)
		for i := range yt {
			yt[i] = math.Sin(float64(i)*0.37) * 2
		}
		b := make([]float64, ld)
		for j := range b {
			b[j] = -float64(j%15) * 40
		}
		c := make([]float64, 2*d)
		for k := range c {
			c[k] = math.Cos(float64(k)) * 3
		}
		tmp := make([]float64, 2*ld)
		for cnt := 1; cnt <= n; cnt += 1 + cnt/40 {
			colA := make([]float64, ld)
			colG := make([]float64, ld)
			colC := make([]float64, ld)
			for j := range colA {
				colA[j], colG[j], colC[j] = 1, 1, 1
			}
			w0, w1 := rowSum2Go(c, -0.5, -1.5, yt, ld, b, colG, cnt, tmp, false)
			g0, g1 := rowSum2AVX2nc(&c[0], d, -0.5, -1.5, &yt[0], ld, &b[0], &colA[0], cnt)
			require.InEpsilon(t, w0, g0, 1e-13, "d=%d cnt=%d", d, cnt)
			require.InEpsilon(t, w1, g1, 1e-13, "d=%d cnt=%d", d, cnt)
			c0, c1 := rowSum2AVX2(&c[0], d, -0.5, -1.5, &yt[0], ld, &b[0], &colC[0], cnt)
			require.Equal(t, c0, g0)
			require.Equal(t, c1, g1)
			require.Equal(t, colC, colA)
			for j := range colA {
				require.InEpsilon(t, colG[j], colA[j], 1e-13, "d=%d cnt=%d col %d", d, cnt, j)
				if j >= cnt {
					require.Equal(t, 1.0, colA[j], "d=%d cnt=%d col %d past the end", d, cnt, j)
				}
			}
			n0, n1 := rowSum2AVX2nc(&c[0], d, -0.5, -1.5, &yt[0], ld, &b[0], nil, cnt)
			require.Equal(t, g0, n0)
			require.Equal(t, g1, n1)
		}
	}
}

func TestPairTermMatchesRowSum2AVX2(t *testing.T) {
	// pairTerm (the driver's single pair (i, i+1)) gives the two-row
	// kernel's bits for one column, including exponents past the clamp
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		t.Skip("no AVX2+FMA")
	}
	r := rand.New(rand.NewPCG(21, 21))
	for _, d := range []int{1, 2, 3, 10, 17} {
		ld := 1 + pad
		for rep := 0; rep < 200; rep++ {
			yt := make([]float64, d*ld)
			for k := 0; k < d; k++ {
				yt[k*ld] = r.NormFloat64()
			}
			b := make([]float64, ld)
			b[0] = -r.Float64() * 30
			if rep%10 == 0 {
				b[0] = -1100 + r.Float64()*100 // near and past the clamp
			}
			c := make([]float64, 2*d)
			c0 := make([]float64, d)
			for k := 0; k < d; k++ {
				c[2*k] = r.NormFloat64() * 4
				c0[k] = c[2*k]
			}
			a := -r.Float64() * 20
			want, _ := rowSum2AVX2(&c[0], d, a, 0, &yt[0], ld, &b[0], nil, 1)
			got := pairTerm(c0, a, yt, ld, b[0])
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), "d=%d rep=%d", d, rep)
		}
	}
}
