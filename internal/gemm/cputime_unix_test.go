//go:build unix

package gemm

import (
	"syscall"

	"golang.org/x/sys/unix"
)

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

// threadSeconds returns the CPU time of the calling OS thread (lock the
// goroutine to it), with nanosecond resolution: the time one call spends
// on the CPU, whatever else the machine runs.
func threadSeconds() float64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return float64(ts.Sec) + float64(ts.Nsec)*1e-9
}
