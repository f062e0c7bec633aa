package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAddLogsMatchesMathLog: AddLogs gives the bits of adding math.Log of
// every value in order, and with AVX2 its kernel gives math.Log's bits for
// every lane: random magnitudes over the whole exponent range, subnormals,
// powers of two, values at and beside √2/2·2^e (where the reduction
// switches), 1 and its neighbours, and runs broken by zeros, negatives,
// infinities and NaN (math.Log's own special cases), at every length mod 4.
func TestAddLogsMatchesMathLog(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	var vals []float64
	for range 4000 {
		vals = append(vals, math.Float64frombits(rng.Uint64()&^(1<<63))) // any positive double, NaN/Inf included
		vals = append(vals, rng.ExpFloat64()*math.Ldexp(1, rng.IntN(200)-100))
	}
	hs := 0.70710678118654752440
	for e := -1074; e <= 1023; e += 7 {
		for _, v := range []float64{math.Ldexp(1, e), math.Ldexp(hs, e), math.Ldexp(math.Nextafter(hs, 0), e), math.Ldexp(math.Nextafter(hs, 1), e)} {
			if v > 0 && !math.IsInf(v, 0) {
				vals = append(vals, v)
			}
		}
	}
	vals = append(vals, 1, math.Nextafter(1, 0), math.Nextafter(1, 2), 5e-324, math.SmallestNonzeroFloat64*3, math.MaxFloat64, 0x1p-1022, math.Nextafter(0x1p-1022, 0))
	if haveAVX2 {
		// the kernel alone on the positive finite values
		var pos []float64
		for _, v := range vals {
			if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
				pos = append(pos, v)
			}
		}
		pos = pos[:len(pos)&^3]
		out := make([]float64, len(pos))
		logsAVX2(&pos[0], &out[0], len(pos))
		for i, v := range pos {
			require.Equal(t, math.Float64bits(math.Log(v)), math.Float64bits(out[i]), "log(%v) (bits %#x)", v, math.Float64bits(v))
		}
	}
	specials := []float64{0, math.Copysign(0, -1), -1, math.Inf(1), math.Inf(-1), math.NaN()}
	for _, withSpecial := range []bool{false, true} {
		for _, n := range []int{0, 1, 3, 4, 5, 15, 16, 17, 33, 1000} {
			t.Run(fmt.Sprintf("special=%v/n%d", withSpecial, n), func(t *testing.T) {
				for trial := range 20 {
					x := make([]float64, n)
					for i := range x {
						x[i] = vals[rng.IntN(len(vals))]
						if math.IsNaN(x[i]) || math.IsInf(x[i], 0) {
							x[i] = 1.5
						}
						if withSpecial && rng.IntN(20) == 0 {
							x[i] = specials[rng.IntN(len(specials))]
						}
					}
					sum0 := float64(trial) * 0.37
					want := sum0
					for _, v := range x {
						want += math.Log(v)
					}
					got := AddLogs(sum0, x)
					require.Equal(t, math.Float64bits(want), math.Float64bits(got), "trial %d", trial)
				}
			})
		}
	}
}
