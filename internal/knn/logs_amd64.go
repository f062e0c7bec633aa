//go:build gc && !purego

package knn

// logsAVX2 sets out[j] = math.Log(x[j]) for j < n, n a multiple of 4 and
// every x[j] positive and finite (subnormals included), with math.Log's
// amd64 algorithm four at a time: the same bits (logs_amd64.s).
//
//go:noescape
func logsAVX2(x, out *float64, n int)
