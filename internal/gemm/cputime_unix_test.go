//go:build unix

package gemm

import "syscall"

// cpuSeconds returns the process's user+system CPU time. On a loaded,
// time-sliced machine flops per CPU-second of a single-threaded benchmark
// approximates the idle-machine speed; wall-clock GFLOPS is reported too.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)*1e-6 }
	return tv(ru.Utime) + tv(ru.Stime)
}
