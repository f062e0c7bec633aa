//go:build !amd64 || !gc || purego

package nets

func smallKernel(m, n, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc int, bias []float64) {
	smallGo(m, n, k, a, rsA, csA, b, ldb, c, ldc, bias)
}
