//go:build !amd64 || !gc || purego

package nets

// tanhSlice overwrites x with tanh(x), elementwise.
func tanhSlice(x []float64) { tanhSliceGo(x) }
