package mi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// knnStandardizeColumns is the column-at-a-time standardisation that
// knnStandardize replaced (the reference of TestKNNStandardizeMatches).
func knnStandardizeColumns(a []float64, n, d int) {
	for c := 0; c < d; c++ {
		var m float64
		for i := 0; i < n; i++ {
			if v := math.Abs(a[i*d+c]); v > m {
				m = v
			}
		}
		if m > 0 {
			for i := 0; i < n; i++ {
				a[i*d+c] /= m
			}
		}
		var mean float64
		for i := 0; i < n; i++ {
			mean += a[i*d+c]
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			v := a[i*d+c] - mean
			ss += v * v
		}
		sd := 1.0
		if n > 1 && ss > 0 {
			sd = math.Sqrt(ss / float64(n-1))
		}
		for i := 0; i < n; i++ {
			a[i*d+c] = (a[i*d+c] - mean) / sd
		}
	}
}

// knnJitterEntries is the entry-at-a-time jitter that knnJitterOn replaced.
func knnJitterEntries(level float64, z []float64, arrays ...knnArray) {
	o := 0
	for _, a := range arrays {
		for i := 0; i < a.n; i++ {
			for c := 0; c < a.d; c++ {
				s := level
				if a.scale != nil {
					s *= a.scale[c]
				}
				a.v[i*a.d+c] += s * z[o]
				o++
			}
		}
	}
}

// fmaFused reports whether this build fuses x*y+z into one FMA (GOAMD64=v3
// and up, arm64): the reference and the fast standardisation then round
// differently in the last bits (the means and variances round apart, and
// standardising carries that into every value), and the tests allow 8 ulps.
var fmaFused = func() bool {
	x, y, z := 1+0x1p-30, 1-0x1p-30, -1.0
	return fmaProbe(x, y, z) != (x*y)+z || fmaProbe(x, y, z) != 0
}()

//go:noinline
func fmaProbe(x, y, z float64) float64 { return x*y + z }

// requireSameBits requires want and got equal bit for bit
// (8 ulps when the build fuses multiply-adds), reporting only the first
// difference.
func requireSameBits(t *testing.T, want, got []float64, msg ...any) {
	t.Helper()
	require.Equal(t, len(want), len(got), msg...)
	for i := range want {
		a, b := math.Float64bits(want[i]), math.Float64bits(got[i])
		if a == b || (fmaFused && math.Abs(want[i]-got[i]) <= 8*math.Abs(math.Nextafter(want[i], math.Inf(1))-want[i])) {
			continue
		}
		require.Failf(t, "not the same bits", "[%d]: want %v (%#x), got %v (%#x) %v", i, want[i], a, got[i], b, fmt.Sprint(msg...))
	}
}

func bitsOf(v []float64) []uint64 {
	out := make([]uint64, len(v))
	for i, a := range v {
		out[i] = math.Float64bits(a)
	}
	return out
}

// TestKNNStandardizeMatches: the row-by-row standardisation and the
// blocked jitter give the values of the column-at-a-time loops bit for bit
// (1 to 5 columns, tiny and huge scales, constant and zero columns, and
// n = 1), the jitter at several worker counts.
func TestKNNStandardizeMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 2, 5} {
		for _, n := range []int{1, 7, 1000, 70000} {
			t.Run(fmt.Sprintf("d%d/n%d", d, n), func(t *testing.T) {
				a := make([]float64, n*d)
				for i := 0; i < n; i++ {
					for c := 0; c < d; c++ {
						var v float64
						switch c % 5 {
						case 0:
							v = rng.NormFloat64()
						case 1:
							v = 1e-300 * rng.NormFloat64()
						case 2:
							v = 1e300 * (rng.Float64() + 0.5)
						case 3:
							v = 42 // constant
						}
						a[i*d+c] = v
					}
				}
				want := append([]float64(nil), a...)
				knnStandardizeColumns(want, n, d)
				got := append([]float64(nil), a...)
				knnStandardize(got, n, d)
				requireSameBits(t, want, got)

				z := make([]float64, 2*n*d)
				for i := range z {
					z[i] = rng.NormFloat64()
				}
				scale := make([]float64, d)
				for c := range scale {
					scale[c] = rng.Float64() + 0.5
				}
				wantJ := [2][]float64{append([]float64(nil), got...), append([]float64(nil), a...)}
				knnJitterEntries(1e-8, z, knnArray{wantJ[0], n, d, nil}, knnArray{wantJ[1], n, d, scale})
				for _, w := range []int{1, 2, 3} {
					gotJ := [2][]float64{append([]float64(nil), got...), append([]float64(nil), a...)}
					knnJitterOn(1e-8, z, w, knnArray{gotJ[0], n, d, nil}, knnArray{gotJ[1], n, d, scale})
					requireSameBits(t, wantJ[0], gotJ[0], "workers ", w)
					requireSameBits(t, wantJ[1], gotJ[1], "workers ", w)
				}
			})
		}
	}
}

// TestKNNRanks: each column independently becomes its ranks 1…n, ties
// their mean rank; ±0 tie, and the order of rows is kept.
func TestKNNRanks(t *testing.T) {
	a := []float64{
		3.5, 0,
		-1, 7,
		3.5, math.Copysign(0, -1),
		2, 1e300,
		3.5, -5,
	}
	knnRanks(a, 5, 2)
	require.Equal(t, []float64{
		4, 2.5,
		1, 4,
		4, 2.5,
		2, 5,
		4, 1,
	}, a)
}
