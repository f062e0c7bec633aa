//go:build !linux

package mi

func ipCPUNanos() int64 { return 0 }
