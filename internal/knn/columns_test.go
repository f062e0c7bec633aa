package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestColumnsMatchesBrute checks the 3-D column search against the
// exhaustive scan: identical k-th distances and (with rows tracked)
// identical neighbour rows, ties included, for 1 to many columns per axis,
// random, tied, duplicated, constant, correlated, badly scaled and
// signed-zero data, at several worker counts.
func TestColumnsMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	common := testGenerators(rng, 3)
	gens := append(common[:4:4],
		dataGen{"correlated", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				out[3*i], out[3*i+1], out[3*i+2] = a, 0.9*a+0.4*rng.NormFloat64(), -0.5*a+rng.NormFloat64()
			}
			return out
		}},
		dataGen{"scaled", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := 0; i < n; i++ {
				out[3*i], out[3*i+1], out[3*i+2] = float64(rng.IntN(2))+1e-8*rng.NormFloat64(), 1e3*rng.NormFloat64(), rng.Float64()
			}
			return out
		}},
		common[4],
	)
	for _, g := range gens {
		for _, n := range []int{2, 3, 5, 17, 130, 1001} {
			pts := g.f(n)
			br := NewBrute(pts, n, 3, Max)
			for _, k := range []int{1, 3, 5} {
				wd, wn := make([]float64, n*k), make([]int32, n*k)
				br.AllKNN(k, wd, wn, 1)
				for _, m := range []int{1, 2, 5, 0, 40} {
					t.Run(fmt.Sprintf("%s/n%d/k%d/m%d", g.name, n, k, m), func(t *testing.T) {
						c := NewColumns(pts, n, k, m, 2)
						require.Equal(t, n, c.N())
						for _, withNbr := range []bool{false, true} {
							for _, workers := range []int{1, 3} {
								gd := make([]float64, n*k)
								gn := make([]int32, n*k)
								seen := make([]int, n)
								c.EachKNN(k, withNbr, 16, workers, func(_, i int, d []float64, nb []int32) {
									seen[i]++
									copy(gd[i*k:i*k+k], d)
									if withNbr {
										copy(gn[i*k:i*k+k], nb)
									}
								})
								for i, v := range seen {
									require.Equal(t, 1, v, "row %d visited %d times", i, v)
								}
								require.Equal(t, wd, gd, "nbr=%v workers=%d", withNbr, workers)
								if withNbr {
									require.Equal(t, wn, gn, "workers=%d", workers)
								}
							}
						}
					})
				}
			}
		}
	}
}

// TestColumnsBuildMatchesSorts: NewColumns (x histogram, per-slab sorts)
// builds exactly the structure of the three global argsorts
// (newColumnsSorted): the same storage order, rows, slab and column
// bounds, bit for bit (signed zeros included), on the test generators,
// clustered data (the fallbacks) and several slab counts and worker counts.
func TestColumnsBuildMatchesSorts(t *testing.T) {
	rng := rand.New(rand.NewPCG(53, 54))
	gens := append(testGenerators(rng, 3),
		dataGen{"clustered-x", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := 0; i < n; i++ {
				out[3*i], out[3*i+1], out[3*i+2] = float64(rng.IntN(3))+1e-9*rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
			}
			return out
		}},
		dataGen{"heavy-tail", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := range out {
				out[i] = rng.NormFloat64() / (rng.Float64() + 1e-3)
			}
			return out
		}},
		dataGen{"extreme", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := range out {
				out[i] = (2*rng.Float64() - 1) * 1.7e308 // the range overflows
			}
			return out
		}},
		dataGen{"grid-zeros", func(n int) []float64 {
			out := make([]float64, 3*n)
			for i := range out {
				out[i] = float64(rng.IntN(40)-20) * 0.25
				if out[i] == 0 && rng.IntN(2) == 0 {
					out[i] = math.Copysign(0, -1)
				}
			}
			return out
		}},
	)
	bitsOf := func(v []float64) []uint64 {
		out := make([]uint64, len(v))
		for i, a := range v {
			out[i] = math.Float64bits(a)
		}
		return out
	}
	for _, g := range gens {
		for _, n := range []int{1, 2, 5, 63, 64, 130, 1001, 20000} {
			pts := g.f(n)
			for _, m := range []int{1, 2, 5, 0, 40} {
				want := newColumnsSorted(pts, n, 3, m, 1)
				for _, workers := range []int{1, 3} {
					t.Run(fmt.Sprintf("%s/n%d/m%d/w%d", g.name, n, m, workers), func(t *testing.T) {
						got := NewColumns(pts, n, 3, m, workers)
						require.Equal(t, want.id, got.id)
						require.Equal(t, want.slabCol, got.slabCol)
						require.Equal(t, want.colLo, got.colLo)
						require.Equal(t, want.stride, got.stride)
						require.Equal(t, bitsOf(want.all), bitsOf(got.all))
						require.Equal(t, bitsOf(want.xlo), bitsOf(got.xlo))
						require.Equal(t, bitsOf(want.xhi), bitsOf(got.xhi))
						require.Equal(t, bitsOf(want.ylo), bitsOf(got.ylo))
						require.Equal(t, bitsOf(want.yhi), bitsOf(got.yhi))
					})
				}
			}
		}
	}
}

// TestNextUpBits: nextUpBits is math.Nextafter(x, +Inf) on the bounds the
// column search takes (zeros of either sign, subnormals, normals, the
// largest finite value, +Inf).
func TestNextUpBits(t *testing.T) {
	for _, x := range []float64{0, math.Copysign(0, -1), 5e-324, 1e-310, 0x1p-1022, 0.1, 1, 3.5e10, math.MaxFloat64, math.Inf(1)} {
		require.Equal(t, math.Float64bits(math.Nextafter(x, math.Inf(1))), nextUpBits(x), "x = %v", x)
	}
}

// TestSlabsByRank: the histogram path (its straddling buckets sorted on
// their own) gives every row the slab of its rank in the stable x order, as
// a full argsort does, at one and three workers, for slab sizes that leave
// many rows in straddling buckets and few.
func TestSlabsByRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(55, 56))
	for _, g := range testGenerators(rng, 3) {
		for _, n := range []int{100, 5000, 40000} {
			pts := g.f(n)
			x := make([]float64, n)
			for i := range x {
				x[i] = pts[3*i]
			}
			_, xo := radixArgsort(x)
			for _, size := range []int{7, n / 16, n/3 + 1} {
				want := make([]int32, n)
				for p, i := range xo {
					want[i] = int32(p / size)
				}
				for _, w := range []int{1, 3} {
					t.Run(fmt.Sprintf("%s/n%d/size%d/w%d", g.name, n, size, w), func(t *testing.T) {
						got := make([]int32, n)
						for i := range got {
							got[i] = -7 // the builder's scratch holds anything
						}
						slabsByRank(pts, n, size, got, w)
						require.Equal(t, want, got)
					})
				}
			}
		}
	}
}
