package knn

import "math"

// logBatch is the number of logarithms AddLogs computes per kernel call.
const logBatch = 16

// AddLogs returns sum + log x[0] + log x[1] + … + log x[len(x)−1], added
// one at a time in that order, every logarithm with math.Log's bits: the
// loop `for _, v := range x { sum += math.Log(v) }`. With AVX2 (amd64, not
// -tags purego) runs of positive finite values take their logarithms four
// at a time in math.Log's own amd64 algorithm (logs_amd64.s); zeros,
// negative, infinite and NaN values go through math.Log itself.
func AddLogs(sum float64, x []float64) float64 {
	if haveAVX2 {
		var l [logBatch]float64
		for len(x) >= 4 {
			m := min(len(x)&^3, logBatch)
			c := x[:m]
			ok := true
			for _, v := range c {
				// 0 < v < +Inf: the bits lie in [1, bits(+Inf))
				ok = ok && math.Float64bits(v)-1 < 0x7FF0000000000000-1
			}
			if ok {
				logsAVX2(&c[0], &l[0], m)
				for _, v := range l[:m] {
					sum += v
				}
			} else {
				for _, v := range c {
					sum += math.Log(v)
				}
			}
			x = x[m:]
		}
	}
	for _, v := range x {
		sum += math.Log(v)
	}
	return sum
}
