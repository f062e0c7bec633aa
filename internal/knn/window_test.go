package knn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// scanCounts is the oracle of TestSplitWindowsMatchesScan: SplitScan's
// four-query pass, k-NN selection and counts, point by point.
func scanCounts(s *SplitScan, k int, inclusive bool) (eps []float64, na, nb []int32) {
	n := s.N()
	eps, na, nb = make([]float64, n), make([]int32, n), make([]int32, n)
	pc := s.NewPairScanner()
	dist := make([]float64, k)
	var nbr []int32
	if inclusive {
		nbr = make([]int32, k)
	}
	for i := 0; i < n; i++ {
		pc.Scan4(i, i, i, i)
		pc.KNN(0, dist, nbr)
		ra, rb := dist[k-1], dist[k-1]
		if inclusive {
			ra, rb = 0, 0
			for _, j := range nbr {
				ra = max(ra, pc.DistA(0, int(j)))
				rb = max(rb, pc.DistB(0, int(j)))
			}
		}
		a, b := pc.CountAB(0, ra, rb, inclusive)
		eps[i], na[i], nb[i] = dist[k-1], int32(a), int32(b)
	}
	return
}

// TestSplitWindowsMatchesScan: the windowed search gives every point the
// same k-th joint distance and the same strict (algorithm 1) and inclusive
// (algorithm 2, radii from the neighbours, so the neighbour sets must match,
// ties included) counts in both groups as the exhaustive SplitScan, for
// groups of 1…6 coordinates either way round, n from 5 to 3001 (slabs of
// a few points up to several hundred), heavily tied data (few distinct
// values: distance ties at the k-th place and zero distances), columns
// with a constant, k = 1…8, with and without a permutation of group B, at
// 1 and 2 workers (under -tags purego: the scalar paths, n ≤ 520).
func TestSplitWindowsMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	type shape struct{ da, db, n int }
	shapes := []shape{{1, 1, 5}, {5, 5, 3001}, {2, 3, 700}, {3, 2, 700}, {1, 4, 513}, {4, 1, 257}, {6, 6, 400}, {3, 3, 1200}}
	for _, sh := range shapes {
		for _, data := range []string{"normal", "tied", "const"} {
			for _, permute := range []bool{false, true} {
				name := fmt.Sprintf("%dx%d/n%d/%s/perm=%v", sh.da, sh.db, sh.n, data, permute)
				t.Run(name, func(t *testing.T) {
					n := sh.n
					a := makeData(rng, n, sh.da, data == "tied")
					b := makeData(rng, n, sh.db, data == "tied")
					if data == "const" { // a constant column in each group, and a few duplicate rows
						for i := 0; i < n; i++ {
							a[i*sh.da+sh.da-1] = 1.5
							b[i*sh.db] = -2
						}
						for i := 1; i < n; i += 9 {
							copy(a[i*sh.da:i*sh.da+sh.da], a[(i-1)*sh.da:i*sh.da])
							copy(b[i*sh.db:i*sh.db+sh.db], b[(i-1)*sh.db:i*sh.db])
						}
					}
					var perm []int32
					if permute {
						perm = make([]int32, n)
						for i, p := range rng.Perm(n) {
							perm[i] = int32(p)
						}
					}
					s := NewSplitScan(a, sh.da, b, sh.db, n, perm)
					w := NewSplitWindows(a, sh.da, b, sh.db, n, perm)
					for _, k := range []int{1, 3, 8} {
						if k >= n || (n > 1000 && k != 3) || (!haveAVX2 && n > 520) {
							continue // the scalar oracle is slow
						}
						for _, inc := range []bool{false, true} {
							we, wa, wb := scanCounts(s, k, inc)
							for _, workers := range []int{1, 2} {
								eps, na, nb := make([]float64, n), make([]int32, n), make([]int32, n)
								w.Counts(k, inc, workers, eps, na, nb)
								require.Equal(t, we, eps, "k=%d inc=%v workers=%d", k, inc, workers)
								require.Equal(t, wa, na, "k=%d inc=%v workers=%d", k, inc, workers)
								require.Equal(t, wb, nb, "k=%d inc=%v workers=%d", k, inc, workers)
							}
						}
					}
				})
			}
		}
	}
}

// TestSplitWindowsSlabSizes: slabs of 1 to 1024 points (one slab for the
// largest) give the same results; the padding and the first chunk of 64
// positions then fall in every relation to the slab bounds.
func TestSplitWindowsSlabSizes(t *testing.T) {
	defer func(v int) { winSlabFixed = v }(winSlabFixed)
	rng := rand.New(rand.NewPCG(33, 34))
	n := 1001
	a, b := makeData(rng, n, 3, false), makeData(rng, n, 4, false)
	for i := range a {
		a[i] = math.Round(a[i]*8) / 8 // ties on the keys
	}
	s := NewSplitScan(a, 3, b, 4, n, nil)
	for _, inc := range []bool{false, true} {
		we, wa, wb := scanCounts(s, 4, inc)
		for _, size := range []int{1, 8, 13, 64, 100, 1024} {
			winSlabFixed = size
			w := NewSplitWindows(a, 3, b, 4, n, nil)
			eps, na, nb := make([]float64, n), make([]int32, n), make([]int32, n)
			w.Counts(4, inc, runtime.GOMAXPROCS(0), eps, na, nb)
			require.Equal(t, we, eps, "slab %d", size)
			require.Equal(t, wa, na, "slab %d", size)
			require.Equal(t, wb, nb, "slab %d", size)
		}
	}
}

// TestSplitWindowsSmall: the smallest sets (2, 3 and 9 points, one slab
// shorter than the first chunk) with every k up to n−1, where every other
// point is a neighbour and the bound stays unset for most of the walk.
func TestSplitWindowsSmall(t *testing.T) {
	rng := rand.New(rand.NewPCG(35, 36))
	for _, n := range []int{2, 3, 9} {
		for _, tied := range []bool{false, true} {
			a, b := makeData(rng, n, 2, tied), makeData(rng, n, 3, tied)
			s := NewSplitScan(a, 2, b, 3, n, nil)
			w := NewSplitWindows(a, 2, b, 3, n, nil)
			for k := 1; k < n; k++ {
				for _, inc := range []bool{false, true} {
					t.Run(fmt.Sprintf("n%d/tied=%v/k%d/inc=%v", n, tied, k, inc), func(t *testing.T) {
						we, wa, wb := scanCounts(s, k, inc)
						eps, na, nb := make([]float64, n), make([]int32, n), make([]int32, n)
						w.Counts(k, inc, 2, eps, na, nb)
						require.Equal(t, we, eps)
						require.Equal(t, wa, na)
						require.Equal(t, wb, nb)
					})
				}
			}
		}
	}
}
