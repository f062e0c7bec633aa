//go:build !amd64 || !gc || purego

package pairwise

// useAsm is false: only the pure-Go kernel exists in this build. Tests set
// it to force a kernel; it is a variable for symmetry with the amd64 build.
var useAsm = false

// kernelName names the kernel in use (for benchmarks and reports).
func kernelName() string { return "go" }

func rowSum(c []float64, a float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64) float64 {
	return rowSumGo(c, a, yt, ld, b, col, cnt, tmp)
}
