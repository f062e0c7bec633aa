package nets

import (
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// DeadUnits returns the columns (units) of a layer's activation matrix
// (rows are probe samples) whose value is the same on every row, such as a
// ReLU unit that outputs 0 on every input. A constant unit carries no
// information about the input and receives no useful gradient. O(rows·width).
// A nil layer has none.
func DeadUnits(layer mat.Matrix) []int {
	if check.IsNil(layer) {
		return nil
	}
	r, c := layer.Dims()
	var dead []int
	for j := 0; j < c; j++ {
		constant := true
		if r > 0 {
			v0 := layer.At(0, j)
			for i := 1; i < r; i++ {
				if layer.At(i, j) != v0 {
					constant = false
					break
				}
			}
		}
		if constant {
			dead = append(dead, j)
		}
	}
	return dead
}

// DeadLayers returns the indices of the hidden layers of s (not the output)
// all of whose units are constant over the probe set, as in a ReLU network
// that is dead at initialisation: "all activations of layer k are 0 at epoch
// 0". Such a network cannot learn and its information-plane coordinates
// collapse to zero.
func (s *Snapshot) DeadLayers() []int {
	var dead []int
	for l := 0; l+1 < len(s.Layers); l++ {
		_, c := s.Layers[l].Dims()
		if len(DeadUnits(s.Layers[l])) == c {
			dead = append(dead, l)
		}
	}
	return dead
}
