//go:build !linux

package nets

func threadCPU() int64 { return -1 }
