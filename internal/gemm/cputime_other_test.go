//go:build !unix

package gemm

// cpuSeconds is not measured on this platform; the CPU-time metric is skipped.
func cpuSeconds() float64 { return 0 }

// threadSeconds is not measured on this platform.
func threadSeconds() float64 { return 0 }
