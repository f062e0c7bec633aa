//go:build !linux

package pairwise

func cpuNanos() int64 { return 0 }
