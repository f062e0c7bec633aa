package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestStripsMatchesBrute checks the 2-D strip search against the exhaustive
// scan: identical k-th distances and (with rows tracked) identical neighbour
// rows, ties included, for strip sizes from 1 point to all of them, random,
// tied, duplicated, constant, correlated and widely scaled data, with and
// without the sort orders given, at several worker counts.
func TestStripsMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	common := testGenerators(rng, 2)
	gens := append(common[:4:4],
		dataGen{"correlated", func(n int) []float64 {
			out := make([]float64, 2*n)
			for i := 0; i < n; i++ {
				a := rng.NormFloat64()
				out[2*i], out[2*i+1] = a, 0.95*a+0.3*rng.NormFloat64()
			}
			return out
		}},
		dataGen{"scaled-x-tied", func(n int) []float64 {
			// x nearly constant (ties broken at 1e-8), y spread: many strips in reach
			out := make([]float64, 2*n)
			for i := 0; i < n; i++ {
				out[2*i], out[2*i+1] = float64(rng.IntN(2))+1e-8*rng.NormFloat64(), 1e3*rng.NormFloat64()
			}
			return out
		}},
		common[4],
	)
	for _, g := range gens {
		for _, n := range []int{2, 3, 5, 17, 130, 1001} {
			pts := g.f(n)
			x, y := make([]float64, n), make([]float64, n)
			for i := 0; i < n; i++ {
				x[i], y[i] = pts[2*i], pts[2*i+1]
			}
			br := NewBrute(pts, n, 2, Max)
			for _, k := range []int{1, 3, 5} {
				wd, wn := make([]float64, n*k), make([]int32, n*k)
				br.AllKNN(k, wd, wn, 1)
				for _, size := range []int{1, 2, 7, 0, n} {
					t.Run(fmt.Sprintf("%s/n%d/k%d/size%d", g.name, n, k, size), func(t *testing.T) {
						var s *Strips
						if size == 7 {
							s = NewStrips(x, y, nil, nil, k, size)
						} else {
							_, xo := radixArgsort(x)
							_, yo := radixArgsort(y)
							s = NewStrips(x, y, xo, yo, k, size)
						}
						require.Equal(t, n, s.N())
						for _, withNbr := range []bool{false, true} {
							for _, workers := range []int{1, 3} {
								gd := make([]float64, n*k)
								gn := make([]int32, n*k)
								seen := make([]int, n)
								s.EachKNN(k, withNbr, 16, workers, func(_, i int, d []float64, nb []int32) {
									seen[i]++
									copy(gd[i*k:i*k+k], d)
									if withNbr {
										copy(gn[i*k:i*k+k], nb)
									}
								})
								for i, c := range seen {
									require.Equal(t, 1, c, "row %d visited %d times", i, c)
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

// newStripsSerial is the serial scatter NewStripsOn replaced (the reference
// of TestNewStripsOnMatches).
func newStripsSerial(x, y []float64, k int) *Strips {
	n := len(x)
	_, xOrder := argsort(x)
	_, yOrder := argsort(y)
	size := StripSize(n, k)
	ns := (n + size - 1) / size
	s := &Strips{n: n, size: size, ns: ns,
		xs: make([]float64, n), ys: make([]float64, n), id: make([]int32, n),
		xlo: make([]float64, ns), xhi: make([]float64, ns)}
	strip := make([]int32, n)
	cur := make([]int, ns)
	for t := 0; t < ns; t++ {
		lo, hi := t*size, min((t+1)*size, n)
		cur[t] = lo
		s.xlo[t] = x[xOrder[lo]]
		s.xhi[t] = x[xOrder[hi-1]]
		for _, i := range xOrder[lo:hi] {
			strip[i] = int32(t)
		}
	}
	for _, i := range yOrder {
		t := strip[i]
		p := cur[t]
		cur[t] = p + 1
		s.xs[p], s.ys[p], s.id[p] = x[i], y[i], i
	}
	return s
}

// TestNewStripsOnMatches: the blocked build gives the serial build's
// structure bit for bit at any worker count (one and two row blocks), also
// into a caller's buffer holding other values (NewStripsInto).
func TestNewStripsOnMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	for _, g := range testGenerators(rng, 2) {
		for _, n := range []int{10, 1000, 40000} {
			pts := g.f(n)
			x, y := make([]float64, n), make([]float64, n)
			for i := 0; i < n; i++ {
				x[i], y[i] = pts[2*i], pts[2*i+1]
			}
			want := newStripsSerial(x, y, 3)
			yv, yo := argsort(y)
			for _, w := range []int{1, 3} {
				buf := make([]float64, 2*n+5)
				for i := range buf {
					buf[i] = math.NaN()
				}
				for _, c := range []struct {
					name string
					s    func() *Strips
				}{
					{"on", func() *Strips { return NewStripsOn(x, y, nil, nil, 3, 0, w) }},
					// into a buffer holding other values
					{"into-buf", func() *Strips { return NewStripsInto(buf, x, y, nil, nil, nil, 3, 0, w) }},
					// the y values given in y order, as KSG has them
					{"y-sorted", func() *Strips { return NewStripsInto(nil, x, y, nil, yo, yv, 3, 0, w) }},
				} {
					t.Run(fmt.Sprintf("%s/n%d/w%d/%s", g.name, n, w, c.name), func(t *testing.T) {
						got := c.s()
						if c.name == "into-buf" {
							require.Equal(t, &buf[0], &got.xs[0], "the coordinates live in buf")
						}
						require.Equal(t, want.id, got.id)
						for _, p := range [][2][]float64{{want.xs, got.xs}, {want.ys, got.ys}, {want.xlo, got.xlo}, {want.xhi, got.xhi}} {
							require.Equal(t, len(p[0]), len(p[1]))
							for i := range p[0] {
								require.Equal(t, math.Float64bits(p[0][i]), math.Float64bits(p[1][i]))
							}
						}
					})
				}
			}
		}
	}
}
