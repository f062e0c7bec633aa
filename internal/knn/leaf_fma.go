//go:build amd64.v3 || amd64.v4

package knn

// sqDistFused: see leaf_nofma.go.
const sqDistFused = true
