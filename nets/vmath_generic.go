//go:build !amd64 || !gc || purego

package nets

// tanhSlice overwrites x with tanh(x), elementwise.
func tanhSlice(x []float64) { tanhSliceGo(x) }

// expSlice overwrites x with e^x, elementwise.
func expSlice(x []float64) { expSliceGo(x) }

// tanhBack multiplies d elementwise by 1 − y², the tanh derivative.
func tanhBack(d, y []float64) { tanhBackGo(d, y[:len(d)]) }
