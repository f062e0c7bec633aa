//go:build gc && !purego

package knn

import "golang.org/x/sys/cpu"

// haveAVX2 selects the AVX2 scan kernels.
var haveAVX2 = cpu.X86.HasAVX2

// scanKNN4AVX2 is the AVX2 body of scanKNN4: nb ≥ 1 blocks of d×4 values at
// blk, query coordinates at qb (d×4×4, each repeated 4 times), thresholds
// tau[0..3], early-exit test after early coordinates; returns the number of entries written to out.
//
//go:noescape
func scanKNN4AVX2(blk *float64, nb, d, early int, qb, tau *float64, out *uint32) int

// scanCount4AVX2 is the AVX2 body of scanCount4: nb ≥ 1 blocks, split = da
// (1 ≤ da < d), radii r (8 values each repeated 4 times: A for queries 0..3,
// then B), lane counts written to cnt (32 values); early-exit tests after
// ea coordinates of A and eb of B (1 ≤ ea ≤ da, 1 ≤ eb ≤ d−da).
//
//go:noescape
func scanCount4AVX2(blk *float64, nb, d, da int, qb, r *float64, cnt *int64, ea, eb int)
