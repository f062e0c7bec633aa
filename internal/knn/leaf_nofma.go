//go:build !amd64.v3 && !amd64.v4

package knn

// sqDistFused reports whether the compiler may fuse sqDist's x*x + s into
// one multiply-add (it does on amd64 only from GOAMD64=v3); the AVX2
// Euclidean leaf filter rounds product and sum separately, so it is used
// only when this is false.
const sqDistFused = false
