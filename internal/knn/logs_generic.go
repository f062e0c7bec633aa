//go:build !amd64 || !gc || purego

package knn

func logsAVX2(x, out *float64, n int) {
	panic("knn: no AVX2 kernel in this build")
}
