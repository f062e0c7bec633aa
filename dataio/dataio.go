// Package dataio reads and writes sample matrices and labels.
//
// PLACEHOLDER: to be replaced by the full .npy/.npz/.csv implementation.
package dataio

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// ErrFormat reports a malformed or unsupported file.
var ErrFormat = errors.New("malformed file")

// ReadMatrix reads a sample matrix (rows are samples) from path: .npy, .csv
// (or .txt/.tsv), or "file.npz:name".
func ReadMatrix(path string) (*mat.Dense, error) {
	return nil, fmt.Errorf("%s: not implemented yet: %w", path, ErrFormat)
}

// ReadLabels reads integer labels from a .npy or .csv file (one per row).
func ReadLabels(path string) ([]int, error) {
	return nil, fmt.Errorf("%s: not implemented yet: %w", path, ErrFormat)
}
