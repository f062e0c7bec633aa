//go:build !amd64 || !gc || purego

package gemm

// availableKernels lists the kernels this build can run: only the pure-Go one.
func availableKernels() []kernel { return []kernel{goKernel} }

// testOnlyKernels: none in this build.
func testOnlyKernels() []kernel { return nil }

// callKernel runs the pure-Go kernel on one tile.
func callKernel(_ kernelID, k int, a []float64, rsA, csA int, b, c []float64, ldc int, beta float64) {
	kernGo(k, a, rsA, csA, b, c, ldc, beta)
}

// packRowsN has no vector version in this build.
func packRowsN(w, k int, src []float64, ld int, dst []float64, alpha float64) bool { return false }

// packRowsT has no vector version in this build.
func packRowsT(w, k4 int, src []float64, ld int, dst []float64, alpha float64) bool { return false }

// packPanelsN has no vector version in this build.
func packPanelsN(w, k, np int, src []float64, ld int, dst []float64, ps int, alpha float64) bool {
	return false
}

// callEdgeKernel: no edge kernel in this build (edge tiles use a scratch tile).
func callEdgeKernel(_ kernelID, k int, a []float64, rsA, csA int, b, c []float64, ldc int, beta float64, mb, nb int) bool {
	return false
}

// callRowsKernel: no multi-tile kernel in this build.
func callRowsKernel(_ kernelID, k int, a []float64, rsA, csA int, b, c []float64, ldc int, beta float64, nb, ntiles, aStep int, pf region) bool {
	return false
}
