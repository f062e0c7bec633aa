package synth

import (
	_ "embed"
	"fmt"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// SZT12Bits is the input dimension of the 12-bit task.
const SZT12Bits = 12

// SZT12Patterns is the number of patterns of the 12-bit task, 2¹².
const SZT12Patterns = 1 << SZT12Bits

// SZT12TrainRows is the size of the reference train set: the reference code
// trains on the first round(0.8·4096) = 3277 rows in counting order.
const SZT12TrainRows = 3277

//go:embed data/szt12-labels.txt
var szt12Labels string

// SZT12 returns the 12-bit task of Shwartz-Ziv & Tishby (2017): all 4096
// binary patterns in counting order, row i being i in binary with the most
// significant bit first, as 0/1 floats (the reference networks are fed 0/1
// inputs), and the published labels y ∈ {0,1} (2118 ones, p(y=1) =
// 0.51708984375, H(Y) = I(X;Y) = 0.99915712 bits). The labels are data, not a
// formula: they are the y of var_u.mat (artemyk/ibsgd, MIT licence), embedded
// from data/szt12-labels.txt; see data/README.md for provenance.
//
// The task is freshly allocated on every call (4096×12 floats).
func SZT12() *Task {
	lab := strings.TrimSpace(szt12Labels)
	if len(lab) != SZT12Patterns {
		// The embedded file is part of the package; a wrong length is a build defect.
		panic(fmt.Sprintf("synth: embedded szt12 labels have %d characters, want %d", len(lab), SZT12Patterns))
	}
	x := mat.NewDense(SZT12Patterns, SZT12Bits, nil)
	raw := x.RawMatrix()
	y := make([]int, SZT12Patterns)
	for i := 0; i < SZT12Patterns; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+SZT12Bits]
		for b := 0; b < SZT12Bits; b++ {
			row[b] = float64((i >> (SZT12Bits - 1 - b)) & 1)
		}
		y[i] = int(lab[i] - '0')
	}
	return &Task{Name: "szt", X: x, Y: y, Classes: 2}
}

// SZT12Reference returns the 12-bit task with the reference split of
// Shwartz-Ziv & Tishby's code (IDNNs, data_shuffle with shuffle_data=False):
// no shuffle, the first 3277 patterns in counting order train, the last 819
// test. It is SZT12().SplitOrdered(0.8).
func SZT12Reference() (train, test *Task) {
	train, test, err := SZT12().SplitOrdered(0.8)
	if err != nil {
		panic(err) // cannot happen: fixed, valid arguments
	}
	return train, test
}
