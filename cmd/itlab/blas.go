package main

import (
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/itlab/itlab/internal/fastblas"
)

// The command uses gonum's BLAS with faster routines for the symmetric
// eigenvalue solver on large matrices (the Vendi score and the matrix-based
// Rényi entropy on n×n kernels): n = 1000 in 0.17 s instead of 0.76 s.
// Small problems keep gonum's routines and their bits.
func init() {
	blas64.Use(fastblas.Implementation{})
}
