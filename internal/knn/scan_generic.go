//go:build !amd64 || !gc || purego

package knn

const haveAVX2 = false

func maxDistSplitAVX2(qb, cols *float64, stride, n, d, split int, outA, outB, outJ *float64) {
	panic("knn: no AVX2 kernel in this build")
}

func countLTAVX2(a *float64, n int, r float64) int { panic("knn: no AVX2 kernel in this build") }

func countLEAVX2(a *float64, n int, r float64) int { panic("knn: no AVX2 kernel in this build") }

func filterLEAVX2(a *float64, n int, r float64, out *int32) int {
	panic("knn: no AVX2 kernel in this build")
}

func maxDistSplit2AVX2(qb, cols *float64, stride, n, d, split int, outA0, outB0, outA1, outB1 *float64) {
	panic("knn: no AVX2 kernel in this build")
}

func filterMaxLEAVX2(a, b *float64, n int, r float64, out *int32) int {
	panic("knn: no AVX2 kernel in this build")
}

func countLT2AVX2(a, b *float64, n int, ra, rb float64) (na, nb int) {
	panic("knn: no AVX2 kernel in this build")
}

func maxDistSplit4AVX2(qb, cols *float64, stride, n, d, split int, outA, outB *float64, ostride int) {
	panic("knn: no AVX2 kernel in this build")
}

func countMax4LTAVX2(qb, cols *float64, stride, n, d int, r *float64, cnt *int) {
	panic("knn: no AVX2 kernel in this build")
}
