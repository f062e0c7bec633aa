//go:build !amd64 || !gc || purego

package nets

// tanhSlice overwrites x with tanh(x), elementwise.
func tanhSlice(x []float64) { tanhSliceGo(x) }

// expSlice overwrites x with e^x, elementwise.
func expSlice(x []float64) { expSliceGo(x) }

// tanhBack multiplies d elementwise by 1 − y², the tanh derivative.
func tanhBack(d, y []float64) { tanhBackGo(d, y[:len(d)]) }

// softmaxCols overwrites each of the first nc columns of the feature-major
// k×ld block z with softmax(column). tmp holds ≥ nc values.
func softmaxCols(z []float64, k, ld, nc int, tmp []float64) { softmaxColsGo(z, k, ld, nc, tmp) }

// softmaxXent has no fused form here: backward computes the gradient.
func softmaxXent(z, d []float64, k, ld, nc int, labels []int, rows int) bool { return false }
