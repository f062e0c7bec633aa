package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShufflePCG: shufflePCG gives the permutation rand.Shuffle gives with
// the same PCG state, and leaves the generator in the same state, for
// lengths around powers of two (the masked draws) and others, several seeds
// and successive shuffles of one slice (as successive epochs do).
func TestShufflePCG(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 512, 3277, 4096} {
		for seed := uint64(0); seed < 3; seed++ {
			t.Run(fmt.Sprintf("n=%d/seed=%d", n, seed), func(t *testing.T) {
				a, b := rand.NewPCG(seed, 0x5407), rand.NewPCG(seed, 0x5407)
				ra := rand.New(a)
				pa, pb := make([]int, n), make([]int, n)
				for i := range pa {
					pa[i], pb[i] = i, i
				}
				for e := 0; e < 3; e++ {
					ra.Shuffle(n, func(i, j int) { pa[i], pa[j] = pa[j], pa[i] })
					shufflePCG(b, pb)
					require.Equal(t, pa, pb, "epoch %d", e)
				}
				require.Equal(t, a.Uint64(), b.Uint64(), "generator state after the shuffles")
			})
		}
	}
}

// sameBits reports whether a and b are the same float64, NaNs of any
// payload counting as equal.
func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (math.IsNaN(a) && math.IsNaN(b))
}

// TestFmaRowsEpi: the fused epilogues (tanh of the sums; the sums times
// 1 − y²) give the same bits as fmaRows followed by the separate tanhSlice
// or tanhBack pass, for every row count 0…9 (row pairs and the odd last
// row), several inner dimensions and column counts (32- and 16-column
// passes), with and without bias, with NaN, ±Inf and saturating values in
// the lanes. Columns past nc and rows past m stay untouched.
func TestFmaRowsEpi(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 25, -25, 0, math.Copysign(0, -1), 1e-300}
	const sentinel = 12345.5
	for _, epi := range []epilogue{epiTanh, epiTanhBack} {
		for _, withBias := range []bool{false, true} {
			t.Run(fmt.Sprintf("epi=%d/bias=%v", epi, withBias), func(t *testing.T) {
				for m := 0; m < 10; m++ {
					for _, k := range []int{0, 1, 3, 12} {
						for _, nc := range []int{16, 32, 48, 80, 208} {
							ldb, ldc := nc+5, nc+7
							a := randSlice(rng, max(m, 1)*(k+1))
							b := randSlice(rng, max(k, 1)*ldb)
							for i := range b {
								b[i] *= 3
								if rng.IntN(50) == 0 {
									b[i] = special[rng.IntN(len(special))]
								}
							}
							var bias []float64
							if withBias {
								bias = randSlice(rng, m)
							}
							y := randSlice(rng, max(m, 1)*ldc)
							for i := range y {
								y[i] = math.Tanh(y[i])
								if rng.IntN(50) == 0 {
									y[i] = special[rng.IntN(len(special))]
								}
							}
							want := make([]float64, m*ldc+1)
							for i := range want {
								want[i] = sentinel
							}
							got := append([]float64(nil), want...)
							fmaRows(m, k, a, k+1, 1, b, ldb, want, ldc, nc, bias)
							epilogueRows(m, want, ldc, nc, epi, y)
							fmaRowsEpi(m, k, a, k+1, 1, b, ldb, got, ldc, nc, bias, epi, y)
							for i := range got {
								if !sameBits(want[i], got[i]) {
									t.Fatalf("m=%d k=%d nc=%d: entry %d (row %d, column %d) is %v, unfused %v", m, k, nc, i, i/ldc, i%ldc, got[i], want[i])
								}
							}
						}
					}
				}
			})
		}
	}
	require.Panics(t, func() {
		fmaRowsEpi(2, 1, make([]float64, 4), 2, 1, make([]float64, 16), 16, make([]float64, 32), 16, 16, nil, epiTanhBack, make([]float64, 20))
	}, "Y too short")
}

// TestSoftmaxXent: the softmax with the fused cross-entropy gradient gives
// the same probabilities as softmaxColsGo and the same gradient as
// backward's separate loops ((p − onehot)/rows, 0 in the padding columns),
// bit for bit, for 1…5 outputs, batches that fill or leave padding in the
// last 16 columns, and columns with NaN, ±Inf and values past exp's clamp.
// softmaxCols (the dispatching kernel) must match softmaxColsGo as well.
func TestSoftmaxXent(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 800, -800, 0}
	for k := 1; k <= 5; k++ {
		for _, rows := range []int{1, 5, 16, 37, 205, 512} {
			t.Run(fmt.Sprintf("k=%d/rows=%d", k, rows), func(t *testing.T) {
				nc := roundUp16(rows)
				ld := nc + 8
				z := randSlice(rng, k*ld)
				for i := range z {
					z[i] *= 5
					if rng.IntN(40) == 0 {
						z[i] = special[rng.IntN(len(special))]
					}
				}
				labels := make([]int, ld)
				for q := range labels[:rows] {
					labels[q] = rng.IntN(k)
				}
				want := append([]float64(nil), z...)
				softmaxColsGo(want, k, ld, nc, make([]float64, nc))
				wantD := make([]float64, k*ld)
				inv := 1 / float64(rows)
				for j := 0; j < k; j++ {
					for q := 0; q < rows; q++ {
						wantD[j*ld+q] = want[j*ld+q] * inv
					}
				}
				for q, y := range labels[:rows] {
					wantD[y*ld+q] -= inv
				}

				got := append([]float64(nil), z...)
				softmaxCols(got, k, ld, nc, make([]float64, nc))
				for i := range got {
					require.True(t, sameBits(want[i], got[i]), "softmaxCols: entry %d is %v, want %v", i, got[i], want[i])
				}
				got = append([]float64(nil), z...)
				gotD := make([]float64, k*ld)
				for i := range gotD {
					gotD[i] = math.NaN() // must be overwritten up to nc
				}
				lab := append([]int(nil), labels...)
				if !softmaxXent(got, gotD, k, ld, nc, lab, rows) {
					t.Skip("no fused kernel on this CPU or build")
				}
				require.Equal(t, labels[:rows], lab[:rows], "labels changed")
				for i := range got {
					require.True(t, sameBits(want[i], got[i]), "softmaxXent: probability %d is %v, want %v", i, got[i], want[i])
					if i%ld < nc {
						require.True(t, sameBits(wantD[i], gotD[i]), "softmaxXent: gradient %d (column %d) is %v, want %v", i, i%ld, gotD[i], wantD[i])
					}
				}
			})
		}
	}
}

// TestGatherRows: the gather of a batch into the feature-major input puts
// x[idx[r]·in + f] at dst[f·ld + r] for every input width 1…13 (whole 4×4
// blocks and the scalar edges) and batch 0…9, 37 and 512, with repeated
// and NaN-payload values copied bit for bit, and writes nothing else.
func TestGatherRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const sentinel = -7.25
	for in := 1; in <= 13; in++ {
		for _, rows := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 37, 512} {
			t.Run(fmt.Sprintf("in=%d/rows=%d", in, rows), func(t *testing.T) {
				n := 50 + rows
				x := randSlice(rng, n*in)
				x[rng.IntN(len(x))] = math.Float64frombits(0x7ff8000000000123) // a NaN payload
				idx := make([]int, rows)
				for r := range idx {
					idx[r] = rng.IntN(n)
				}
				ld := roundUp16(rows) + 8
				dst := make([]float64, in*ld)
				for i := range dst {
					dst[i] = sentinel
				}
				if !gatherRows(dst, ld, x, in, idx) {
					t.Skip("no vector kernel on this CPU or build")
				}
				for f := 0; f < in; f++ {
					for r := 0; r < ld; r++ {
						got := dst[f*ld+r]
						want := sentinel
						if r < rows {
							want = x[idx[r]*in+f]
						}
						require.Equal(t, math.Float64bits(want), math.Float64bits(got), "feature %d, sample %d", f, r)
					}
				}
			})
		}
	}
}

// TestAdamStep: the dispatching Adam step gives adamStepGo's bits for
// lengths 0…13 (whole vectors and the scalar tail) and the reference
// network's 361 parameters, over several steps, with gradients over many
// orders of magnitude (and exact zeros).
func TestAdamStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 361} {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			p := randSlice(rng, n)
			m, v := make([]float64, n), make([]float64, n)
			p2, m2, v2 := append([]float64(nil), p...), make([]float64, n), make([]float64, n)
			for step := 1; step <= 5; step++ {
				g := randSlice(rng, n)
				for i := range g {
					g[i] *= math.Pow(10, float64(rng.IntN(17)-8))
					if rng.IntN(10) == 0 {
						g[i] = 0
					}
				}
				lr := 4e-4 * math.Sqrt(1-math.Pow(0.999, float64(step))) / (1 - math.Pow(0.9, float64(step)))
				adamStep(p, g, m, v, 0.9, 0.999, lr, 1e-8)
				adamStepGo(p2, g, m2, v2, 0.9, 0.999, lr, 1e-8)
				for i := range p {
					require.True(t, sameBits(p2[i], p[i]) && sameBits(m2[i], m[i]) && sameBits(v2[i], v[i]),
						"step %d, parameter %d: (%v, %v, %v), want (%v, %v, %v)", step, i, p[i], m[i], v[i], p2[i], m2[i], v2[i])
				}
			}
		})
	}
}
