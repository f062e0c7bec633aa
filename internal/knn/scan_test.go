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
// and on heavily tied data, with and without a permutation of group B, for
// query groups with repeated rows and for k larger than the first chunk.
func TestSplitScanMatchesTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, sh := range [][3]int{{1, 1, 37}, {2, 3, 300}, {5, 5, 1000}, {4, 1, 257}, {3, 2, 5}, {5, 5, 9000}} {
		for _, tied := range []bool{false, true} {
			for _, permute := range []bool{false, true} {
				da, db, n := sh[0], sh[1], sh[2]
				if n > 5000 && (tied || permute) {
					continue
				}
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
					step := 1
					if n > 5000 {
						step = 37
					}
					for _, k := range []int{1, 3, 40} {
						if k >= n {
							continue
						}
						want := make([]float64, k)
						got := make([]float64, ScanGroup*k)
						nb := make([]int32, ScanGroup*k)
						for i0 := 0; i0 < n; i0 += ScanGroup * step {
							q := [ScanGroup]int{}
							for g := range q {
								q[g] = min(i0+g*step, n-1)
							}
							if i0 == 0 {
								q[3] = q[1] // a repeated row
							}
							sc.KNN4(q, k, got, nb)
							var ra, rb [ScanGroup]float64
							for g, i := range q {
								tr.KNN(joint[i*d:i*d+d], i, want, nil)
								require.Equal(t, want, got[g*k:g*k+k], "i=%d", i)
								for j, o := range nb[g*k : g*k+k] {
									require.Equal(t, got[g*k+j], maxDist(joint[int(o)*d:int(o)*d+d], joint[i*d:i*d+d]))
									require.Equal(t, s.DistA(i, int(o)), maxDist(a[int(o)*da:int(o)*da+da], a[i*da:i*da+da]))
									require.Equal(t, s.DistB(i, int(o)), maxDist(bp[int(o)*db:int(o)*db+db], bp[i*db:i*db+db]))
								}
								ra[g] = got[g*k+k-1]
								rb[g] = s.DistB(i, int(nb[g*k]))
							}
							for _, inc := range []bool{false, true} {
								na, nbb := sc.Count4(q, ra, rb, inc)
								for g, i := range q {
									require.Equal(t, ta.Count(a[i*da:i*da+da], ra[g], inc), na[g], "A i=%d", i)
									require.Equal(t, tb.Count(bp[i*db:i*db+db], rb[g], inc), nbb[g], "B i=%d", i)
								}
							}
						}
					}
				})
			}
		}
	}
}
