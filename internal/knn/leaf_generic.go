//go:build !amd64 || !gc || purego

package knn

func leafMax2AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64 {
	panic("knn: no AVX2 kernel in this build")
}

func leafMax3AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64 {
	panic("knn: no AVX2 kernel in this build")
}

func leafSq2AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64 {
	panic("knn: no AVX2 kernel in this build")
}

func leafSq3AVX2(blk *float64, s, n int, q *float64, thr float64, out *float64) uint64 {
	panic("knn: no AVX2 kernel in this build")
}
