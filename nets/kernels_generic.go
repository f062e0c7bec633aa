//go:build !amd64 || !gc || purego

package nets

func fmaRowsKernel(m, k int, a []float64, rsA, csA int, b []float64, ldb int, c []float64, ldc, nc int, bias []float64, epi epilogue, y []float64) {
	fmaRowsGo(m, k, a, rsA, csA, b, ldb, c, ldc, nc, bias)
	epilogueRows(m, c, ldc, nc, epi, y)
}

func dotRowsKernel(m, n int, a []float64, lda int, b []float64, ldb int, nc int, c []float64, ldc int) {
	dotRowsGo(m, n, a, lda, b, ldb, nc, c, ldc)
}

// gatherRows has no vector kernel here: epoch gathers from the
// feature-major copy of the data.
func gatherRows(dst []float64, ld int, x []float64, in int, idx []int) bool { return false }

// adamStep is one Adam step (adamStepGo).
func adamStep(p, g, m, v []float64, b1, b2, lr, eps float64) { adamStepGo(p, g, m, v, b1, b2, lr, eps) }
