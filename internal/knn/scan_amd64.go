//go:build gc && !purego

package knn

import "golang.org/x/sys/cpu"

// haveAVX2 selects the AVX2 scan kernels (also needs POPCNT).
var haveAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT

// maxDistSplitAVX2 is the AVX2 body of scanSplit: n must be a multiple of 8,
// qb holds every query coordinate repeated 4 times (4·d values), column c of
// the points starts at cols + c·stride, 1 ≤ split < d.
//
//go:noescape
func maxDistSplitAVX2(qb, cols *float64, stride, n, d, split int, outA, outB, outJ *float64)

// countLTAVX2 returns #{j < n: a[j] < r}; n a multiple of 8.
//
//go:noescape
func countLTAVX2(a *float64, n int, r float64) int

// countLEAVX2 returns #{j < n: a[j] ≤ r}; n a multiple of 8.
//
//go:noescape
func countLEAVX2(a *float64, n int, r float64) int

// filterLEAVX2 writes every j < n with a[j] ≤ r to out in ascending order
// and returns how many; n a multiple of 8.
//
//go:noescape
func filterLEAVX2(a *float64, n int, r float64, out *int32) int

// maxDistSplit2AVX2 is maxDistSplitAVX2 for two queries at once (qb: 4·d
// values for query 0, then 4·d for query 1), without the joint output.
//
//go:noescape
func maxDistSplit2AVX2(qb, cols *float64, stride, n, d, split int, outA0, outB0, outA1, outB1 *float64)

// filterMaxLEAVX2 writes every j < n with max(a[j], b[j]) ≤ r to out in
// ascending order and returns how many; n a multiple of 8.
//
//go:noescape
func filterMaxLEAVX2(a, b *float64, n int, r float64, out *int32) int

// countLT2AVX2 returns #{j < n: a[j] < ra} and #{j < n: b[j] < rb} in one
// pass; n a multiple of 8.
//
//go:noescape
func countLT2AVX2(a, b *float64, n int, ra, rb float64) (na, nb int)

// maxDistSplit4AVX2 is maxDistSplit2AVX2 for four queries at once (qb: per
// dimension the four queries' coordinates, each repeated 4 times); query g
// writes outA[g·ostride:] and outB[g·ostride:].
//
//go:noescape
func maxDistSplit4AVX2(qb, cols *float64, stride, n, d, split int, outA, outB *float64, ostride int)

// countMax4LTAVX2 adds to cnt[g], for the four queries g of qb (laid out as
// for maxDistSplit4AVX2), the number of the n points whose max-norm
// distance over d ≥ 1 columns is < r[4g] (r: each radius 4 times); n a
// multiple of 8.
//
//go:noescape
func countMax4LTAVX2(qb, cols *float64, stride, n, d int, r *float64, cnt *int)
