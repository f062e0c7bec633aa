//go:build !amd64 || !gc || purego

package knn

const haveAVX2 = false

func scanKNN4AVX2(blk *float64, nb, d, early int, qb, tau *float64, out *uint32) int {
	panic("knn: no AVX2 kernel in this build")
}

func scanCount4AVX2(blk *float64, nb, d, da int, qb, r *float64, cnt *int64, ea, eb int) {
	panic("knn: no AVX2 kernel in this build")
}
