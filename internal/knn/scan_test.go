package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSplitScanMatchesTree checks the scan (AVX2 or scalar, whichever this
// build uses) against the kd-tree and the brute force: identical joint k-NN
// distances and identical strict/inclusive counts in each group, on random
// and on heavily tied data, with and without a permutation of group B.
func TestSplitScanMatchesTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, sh := range [][3]int{{1, 1, 37}, {2, 3, 300}, {5, 5, 1000}, {4, 1, 257}} {
		for _, tied := range []bool{false, true} {
			for _, permute := range []bool{false, true} {
				da, db, n := sh[0], sh[1], sh[2]
				t.Run(fmt.Sprintf("%dx%d/n%d/tied=%v/perm=%v", da, db, n, tied, permute), func(t *testing.T) {
					a := makeData(rng, n, da, tied)
					b := makeData(rng, n, db, tied)
					var perm []int32
					if permute {
						perm = make([]int32, n)
						for i, p := range rng.Perm(n) {
							perm[i] = int32(p)
						}
					}
					d := da + db
					joint := make([]float64, n*d)
					for i := 0; i < n; i++ {
						r := i
						if perm != nil {
							r = int(perm[i])
						}
						copy(joint[i*d:], a[i*da:i*da+da])
						copy(joint[i*d+da:], b[r*db:r*db+db])
					}
					tr := Build(joint, n, d, Max, 0, 1)
					ta := NewBrute(a, n, da, Max)
					bp := make([]float64, n*db)
					for i := 0; i < n; i++ {
						copy(bp[i*db:], joint[i*d+da:i*d+d])
					}
					tb := NewBrute(bp, n, db, Max)
					s := NewSplitScan(a, da, b, db, n, perm)
					sc := s.NewScanner()
					for _, k := range []int{1, 3} {
						want, got := make([]float64, k), make([]float64, k)
						nb := make([]int32, k)
						for i := 0; i < n; i++ {
							tr.KNN(joint[i*d:i*d+d], i, want, nil)
							sc.KNN(i, got, nb)
							require.Equal(t, want, got, "i=%d", i)
							for j, o := range nb {
								require.Equal(t, got[j], maxDist(joint[int(o)*d:int(o)*d+d], joint[i*d:i*d+d]))
								require.Equal(t, sc.DistA(int(o)), maxDist(a[int(o)*da:int(o)*da+da], a[i*da:i*da+da]))
							}
							r := got[k-1]
							for _, inc := range []bool{false, true} {
								require.Equal(t, ta.Count(a[i*da:i*da+da], r, inc), sc.CountA(r, inc))
								require.Equal(t, tb.Count(bp[i*db:i*db+db], r, inc), sc.CountB(r, inc))
							}
						}
					}
				})
			}
		}
	}
}

// TestPairScannerMatchesSplitScanner: the two-query pass gives, for each of
// its queries, the same neighbours, distances and counts as the one-query
// scan, including pairs of equal queries, tied data and permutations.
func TestPairScannerMatchesSplitScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, sh := range [][3]int{{1, 1, 37}, {2, 3, 300}, {5, 5, 1000}, {4, 1, 257}} {
		for _, tied := range []bool{false, true} {
			da, db, n := sh[0], sh[1], sh[2]
			t.Run(fmt.Sprintf("%dx%d/n%d/tied=%v", da, db, n, tied), func(t *testing.T) {
				a := makeData(rng, n, da, tied)
				b := makeData(rng, n, db, tied)
				perm := make([]int32, n)
				for i, p := range rng.Perm(n) {
					perm[i] = int32(p)
				}
				s := NewSplitScan(a, da, b, db, n, perm)
				sc, pc := s.NewScanner(), s.NewPairScanner()
				for _, k := range []int{1, 3} {
					want, got := make([]float64, k), make([]float64, k)
					wn, gn := make([]int32, k), make([]int32, k)
					for i := 0; i < n; i += 2 {
						pair := [2]int{i, min(i+1, n-1)}
						if i == 0 {
							pair[1] = 0
						}
						pc.Scan(pair[0], pair[1])
						for g, q := range pair {
							sc.KNN(q, want, wn)
							pc.KNN(g, got, gn)
							require.Equal(t, want, got, "q=%d", q)
							require.Equal(t, wn, gn, "q=%d", q)
							for _, o := range gn {
								require.Equal(t, sc.DistA(int(o)), pc.DistA(g, int(o)))
								require.Equal(t, sc.DistB(int(o)), pc.DistB(g, int(o)))
							}
							r := got[k-1]
							rb := pc.DistB(g, int(gn[0]))
							for _, inc := range []bool{false, true} {
								require.Equal(t, sc.CountA(r, inc), pc.CountA(g, r, inc))
								require.Equal(t, sc.CountB(r, inc), pc.CountB(g, r, inc))
								na, nb := pc.CountAB(g, r, rb, inc)
								require.Equal(t, sc.CountA(r, inc), na)
								require.Equal(t, sc.CountB(rb, inc), nb)
							}
						}
					}
				}
			})
		}
	}
}

// TestScan4MatchesSplitScanner: the four-query pass gives, for each of its
// queries, the same neighbours, distances and counts as the one-query scan,
// for joint dimensions 2…12, n not a multiple of 8, tied data, permutations
// and repeated queries.
func TestScan4MatchesSplitScanner(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for _, sh := range [][3]int{{1, 1, 37}, {2, 1, 61}, {2, 3, 300}, {3, 3, 517}, {5, 5, 1000}, {4, 1, 257}, {6, 6, 203}, {1, 11, 90}} {
		for _, tied := range []bool{false, true} {
			da, db, n := sh[0], sh[1], sh[2]
			t.Run(fmt.Sprintf("%dx%d/n%d/tied=%v", da, db, n, tied), func(t *testing.T) {
				a := makeData(rng, n, da, tied)
				b := makeData(rng, n, db, tied)
				perm := make([]int32, n)
				for i, p := range rng.Perm(n) {
					perm[i] = int32(p)
				}
				s := NewSplitScan(a, da, b, db, n, perm)
				sc, pc := s.NewScanner(), s.NewPairScanner()
				for _, k := range []int{1, 3} {
					want, got := make([]float64, k), make([]float64, k)
					wn, gn := make([]int32, k), make([]int32, k)
					for i := 0; i < n; i += 4 {
						quad := [4]int{i, min(i+1, n-1), min(i+2, n-1), min(i+3, n-1)}
						if i == 4 {
							quad = [4]int{4, 4, 0, 4} // repeats, out of order
						}
						pc.Scan4(quad[0], quad[1], quad[2], quad[3])
						for g, q := range quad {
							sc.KNN(q, want, wn)
							pc.KNN(g, got, gn)
							require.Equal(t, want, got, "q=%d", q)
							require.Equal(t, wn, gn, "q=%d", q)
							for j := 0; j < n; j += 7 {
								require.Equal(t, sc.DistA(j), pc.DistA(g, j))
								require.Equal(t, sc.DistB(j), pc.DistB(g, j))
							}
							r := got[k-1]
							rb := pc.DistB(g, int(gn[0]))
							for _, inc := range []bool{false, true} {
								na, nb := pc.CountAB(g, r, rb, inc)
								require.Equal(t, sc.CountA(r, inc), na)
								require.Equal(t, sc.CountB(rb, inc), nb)
								require.Equal(t, sc.CountA(r, inc), pc.CountA(g, r, inc))
							}
						}
					}
				}
			})
		}
	}
}
