package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/spatial/kdtree"
)

type dataset struct {
	name string
	n, d int
	pts  []float64
}

func makeData(rng *rand.Rand, n, d int, tied bool) []float64 {
	pts := make([]float64, n*d)
	for i := range pts {
		if tied {
			// few distinct values: many exact duplicates and distance ties
			pts[i] = float64(rng.IntN(4)) * 0.5
		} else {
			pts[i] = rng.NormFloat64()
		}
	}
	return pts
}

func datasets() []dataset {
	rng := rand.New(rand.NewPCG(1, 2))
	var out []dataset
	for _, d := range []int{1, 2, 3, 5, 10} {
		for _, n := range []int{1, 2, 7, 100, 1000} {
			out = append(out, dataset{fmt.Sprintf("random/d%d/n%d", d, n), n, d, makeData(rng, n, d, false)})
		}
		out = append(out, dataset{fmt.Sprintf("tied/d%d/n500", d), 500, d, makeData(rng, 500, d, true)})
	}
	return out
}

func TestTreeKNNMatchesBrute(t *testing.T) {
	for _, ds := range datasets() {
		for _, nm := range []Norm{Max, Euclidean} {
			for _, leaf := range []int{2, 0} {
				t.Run(fmt.Sprintf("%s/%v/leaf%d", ds.name, nm, leaf), func(t *testing.T) {
					tr := Build(ds.pts, ds.n, ds.d, nm, leaf, 2)
					br := NewBrute(ds.pts, ds.n, ds.d, nm)
					for _, k := range []int{1, 3, 8} {
						want := make([]float64, ds.n*k)
						got := make([]float64, ds.n*k)
						br.AllKNN(k, want, nil, 1)
						tr.AllKNN(k, got, nil, 2)
						require.Equal(t, want, got, "k=%d", k)
						// a query that is not a data point, no self exclusion
						q := make([]float64, ds.d)
						for c := range q {
							q[c] = 0.25
						}
						w, g := make([]float64, k), make([]float64, k)
						br.KNN(q, -1, w, nil)
						tr.KNN(q, -1, g, nil)
						require.Equal(t, w, g)
					}
				})
			}
		}
	}
}

func TestTreeNeighboursAreTrueNeighbours(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, d, k := 800, 4, 5
	pts := makeData(rng, n, d, false)
	tr := Build(pts, n, d, Max, 0, 2)
	dist := make([]float64, n*k)
	nbr := make([]int32, n*k)
	tr.AllKNN(k, dist, nbr, 2)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			o := int(nbr[i*k+j])
			require.NotEqual(t, i, o)
			require.Equal(t, dist[i*k+j], maxDist(pts[o*d:o*d+d], pts[i*d:i*d+d]))
		}
	}
}

func TestCountMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, ds := range datasets() {
		for _, nm := range []Norm{Max, Euclidean} {
			t.Run(fmt.Sprintf("%s/%v", ds.name, nm), func(t *testing.T) {
				tr := Build(ds.pts, ds.n, ds.d, nm, 0, 2)
				br := NewBrute(ds.pts, ds.n, ds.d, nm)
				var srt *Sorted
				if ds.d == 1 {
					srt = NewSorted(ds.pts)
				}
				for i := 0; i < ds.n; i += 1 + ds.n/200 { // ≤ 200 queries per set
					q := ds.pts[i*ds.d : i*ds.d+ds.d]
					// radii: zero, an exact inter-point distance (tie on the boundary), random
					j := rng.IntN(ds.n)
					radii := []float64{0, dist(nm, q, ds.pts[j*ds.d:j*ds.d+ds.d]), rng.Float64() * 2, 0.5}
					for _, r := range radii {
						for _, inc := range []bool{false, true} {
							want := br.Count(q, r, inc)
							require.Equal(t, want, tr.Count(q, r, inc), "i=%d r=%v inc=%v", i, r, inc)
							if srt != nil {
								require.Equal(t, want, srt.Count(q, r, inc), "sorted i=%d r=%v inc=%v", i, r, inc)
							}
						}
					}
				}
			})
		}
	}
}

func TestSortedKNNMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tied := range []bool{false, true} {
		t.Run(fmt.Sprintf("tied=%v", tied), func(t *testing.T) {
			n := 600
			x := makeData(rng, n, 1, tied)
			s := NewSorted(x)
			br := NewBrute(x, n, 1, Max)
			for _, k := range []int{1, 4} {
				want := make([]float64, n*k)
				got := make([]float64, n*k)
				nb := make([]int32, n*k)
				br.AllKNN(k, want, nil, 1)
				s.AllKNN(k, got, nb, 2)
				require.Equal(t, want, got)
				for i := 0; i < n; i++ {
					for j := 0; j < k; j++ {
						require.Equal(t, got[i*k+j], math.Abs(x[nb[i*k+j]]-x[i]))
					}
				}
			}
		})
	}
}

func TestDeterministicAcrossWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	n, d, k := 5000, 3, 4
	pts := makeData(rng, n, d, false)
	t1 := Build(pts, n, d, Max, 0, 1)
	t2 := Build(pts, n, d, Max, 0, 4)
	assert.Equal(t, t1.idx, t2.idx)
	assert.Equal(t, t1.pts, t2.pts)
	a, b := make([]float64, n*k), make([]float64, n*k)
	na, nb := make([]int32, n*k), make([]int32, n*k)
	t1.AllKNN(k, a, na, 1)
	t2.AllKNN(k, b, nb, 3)
	assert.Equal(t, a, b)
	assert.Equal(t, na, nb)
}

// chebPoint is a gonum kdtree point under the max norm; Distance returns the
// squared max distance so that gonum's pruning (which compares squared
// per-dimension gaps) stays valid.
type chebPoint []float64

func (p chebPoint) Compare(c kdtree.Comparable, d kdtree.Dim) float64 {
	return p[d] - c.(chebPoint)[d]
}
func (p chebPoint) Dims() int { return len(p) }
func (p chebPoint) Distance(c kdtree.Comparable) float64 {
	m := maxDist(p, c.(chebPoint))
	return m * m
}

type chebPoints []chebPoint

func (p chebPoints) Index(i int) kdtree.Comparable { return p[i] }
func (p chebPoints) Len() int                      { return len(p) }
func (p chebPoints) Pivot(d kdtree.Dim) int {
	sort.Slice(p, func(i, j int) bool { return p[i][d] < p[j][d] })
	return len(p) / 2
}
func (p chebPoints) Slice(start, end int) kdtree.Interface { return p[start:end] }
func (p chebPoints) Swap(i, j int)                         { p[i], p[j] = p[j], p[i] }

func TestAgainstGonumKDTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	n, d, k := 2000, 3, 4
	pts := makeData(rng, n, d, false)
	cp := make(chebPoints, n)
	for i := range cp {
		cp[i] = chebPoint(pts[i*d : i*d+d])
	}
	gt := kdtree.New(append(chebPoints(nil), cp...), false)
	tr := Build(pts, n, d, Max, 0, 2)
	got := make([]float64, k)
	for i := 0; i < n; i += 7 {
		keep := kdtree.NewNKeeper(k + 1) // +1: the query itself is in the set
		gt.NearestSet(keep, cp[i])
		tr.KNN(pts[i*d:i*d+d], i, got, nil)
		for j := 0; j < k; j++ {
			require.Equal(t, math.Sqrt(keep.Heap[j+1].Dist), got[j], "i=%d j=%d", i, j)
		}
	}
}

// TestNeighbourIdentityUnderTies: with exact distance ties at the k-th place
// the neighbour set is ambiguous; Tree, Brute and SplitScan all break ties by
// row index, so they return the same rows (KSG algorithm 2 depends on them).
func TestNeighbourIdentityUnderTies(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, d := range []int{2, 3, 6} {
		t.Run(fmt.Sprintf("d%d", d), func(t *testing.T) {
			n, k := 700, 4
			pts := makeData(rng, n, d, true)
			want, got := make([]int32, n*k), make([]int32, n*k)
			wd, gd := make([]float64, n*k), make([]float64, n*k)
			NewBrute(pts, n, d, Max).AllKNN(k, wd, want, 1)
			Build(pts, n, d, Max, 0, 2).AllKNN(k, gd, got, 2)
			require.Equal(t, wd, gd)
			require.Equal(t, want, got)
			// EachKNN (own-leaf seeding) agrees too
			tr := Build(pts, n, d, Max, 3, 1)
			tr.EachKNN(k, true, 64, 2, func(_, i int, dist []float64, nbr []int32) {
				require.Equal(t, want[i*k:i*k+k], nbr, "row %d", i)
			})
			if d >= 2 {
				a := make([]float64, n)
				b := make([]float64, n*(d-1))
				for i := 0; i < n; i++ {
					a[i] = pts[i*d]
					copy(b[i*(d-1):], pts[i*d+1:i*d+d])
				}
				sc := NewSplitScan(a, 1, b, d-1, n, nil).NewScanner()
				dist, nbr := make([]float64, k), make([]int32, k)
				for i := 0; i < n; i++ {
					sc.KNN(i, dist, nbr)
					require.Equal(t, want[i*k:i*k+k], nbr, "scan row %d", i)
				}
			}
		})
	}
}

// TestRadixArgsort compares the radix sort with a stable comparison sort on
// random, tied, signed-zero, extreme and constant data.
func TestRadixArgsort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cases := map[string][]float64{
		"empty":    {},
		"one":      {3},
		"random":   makeData(rng, 5000, 1, false),
		"tied":     makeData(rng, 5000, 1, true),
		"zeros":    {0, math.Copysign(0, -1), 1, -1, 0, math.Copysign(0, -1), -math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64},
		"extreme":  {math.MaxFloat64, -math.MaxFloat64, 1e-300, -1e-300, 1e300, -1e300, 0.5, -0.5},
		"constant": {2, 2, 2, 2, 2, 2},
	}
	for name, x := range cases {
		t.Run(name, func(t *testing.T) {
			v, idx := radixArgsort(x)
			want := make([]int32, len(x))
			for i := range want {
				want[i] = int32(i)
			}
			sort.SliceStable(want, func(a, b int) bool { return x[want[a]] < x[want[b]] })
			require.Equal(t, want, idx)
			for p, i := range idx {
				require.Equal(t, math.Float64bits(x[i]), math.Float64bits(v[p]))
			}
		})
	}
}

// TestCountSelfMatchesBrute: every SelfCounter gives the brute-force counts
// around its own points for per-point radii (zero, tied and random), strict
// and inclusive, at any worker count.
func TestCountSelfMatchesBrute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range []int{1, 2, 4} {
		for _, tied := range []bool{false, true} {
			t.Run(fmt.Sprintf("d%d/tied=%v", d, tied), func(t *testing.T) {
				n := 1500
				pts := makeData(rng, n, d, tied)
				r := make([]float64, n)
				for i := range r {
					switch i % 3 {
					case 0:
						r[i] = 0
					case 1:
						r[i] = 0.5 // equal to many distances when tied
					default:
						r[i] = rng.Float64()
					}
				}
				br := NewBrute(pts, n, d, Max)
				counters := map[string]SelfCounter{"tree": Build(pts, n, d, Max, 0, 2)}
				if d == 1 {
					counters["sorted"] = NewSorted(pts)
					counters["sortedvalues"] = NewSortedValues(pts)
				}
				for _, inc := range []bool{false, true} {
					want := make([]int32, n)
					br.CountSelf(r, inc, want, 1)
					for name, c := range counters {
						for _, w := range []int{1, 3} {
							got := make([]int32, n)
							c.CountSelf(r, inc, got, w)
							require.Equal(t, want, got, "%s inclusive=%v workers=%d", name, inc, w)
						}
					}
				}
			})
		}
	}
}

// dataGen names a way to draw n points (n×d row-major) for the searchers'
// tests.
type dataGen struct {
	name string
	f    func(n int) []float64
}

// testGenerators returns the data shapes every searcher must handle in d
// dimensions: normal, tied, duplicated points, all points equal (these four
// first) and signed zeros (last), each drawing from rng.
func testGenerators(rng *rand.Rand, d int) []dataGen {
	return []dataGen{
		{"normal", func(n int) []float64 { return makeData(rng, n, d, false) }},
		{"tied", func(n int) []float64 { return makeData(rng, n, d, true) }},
		{"duplicates", func(n int) []float64 {
			p := makeData(rng, (n+2)/3, d, false)
			out := make([]float64, d*n)
			for i := 0; i < n; i++ {
				copy(out[d*i:d*i+d], p[d*(i/3):d*(i/3)+d])
			}
			return out
		}},
		{"constant", func(n int) []float64 { return make([]float64, d*n) }},
		{"signed-zeros", func(n int) []float64 {
			out := make([]float64, d*n)
			for i := range out {
				out[i] = []float64{0, math.Copysign(0, -1), 1, -1}[rng.IntN(4)]
			}
			return out
		}},
	}
}
