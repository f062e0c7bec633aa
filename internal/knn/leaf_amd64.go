//go:build gc && !purego

package knn

// leafMax2AVX2 sets bit j of its result when max_c |blk[c·s+j] − q[c]| ≤ thr
// over the 2 coordinates, for every j < n (n a multiple of 4, 4 ≤ n ≤ s ≤ 64): the
// candidate filter of the structure-of-arrays leaf scan (Tree.soa). The
// distances go to out[:n].
//
//go:noescape
func leafMax2AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64

// leafMax3AVX2 is leafMax2AVX2 for 3 coordinates.
//
//go:noescape
func leafMax3AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64

// leafSq2AVX2 is leafMax2AVX2 for the squared Euclidean distance, each
// product and the sum rounded separately, in coordinate order (as sqDist).
//
//go:noescape
func leafSq2AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64

// leafSq3AVX2 is leafSq2AVX2 for 3 coordinates.
//
//go:noescape
func leafSq3AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64
