//go:build !amd64 || !gc || purego

package pairwise

// Kernel identifiers (only the pure-Go kernel exists in this build).
const kGo = 0

var kernelNames = [...]string{kGo: "go"}

// available lists the kernels of this build.
var available = []int{kGo}

// kernel is the kernel in use; tests set it.
var kernel = kGo

func rowSum(c []float64, a float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64) float64 {
	return rowSumGo(c, a, yt, ld, b, col, cnt, tmp)
}

func rowSum2(c, cs []float64, a0, a1 float64, yt []float64, ld int, b, col []float64, cnt int, tmp []float64, bounded bool) (float64, float64) {
	return rowSum2Go(c, a0, a1, yt, ld, b, col, cnt, tmp, bounded)
}
