//go:build linux

package mi

import "syscall"

// ipCPUNanos returns the CPU time of the calling thread (0 if unknown): the
// benchmarks report it beside the wall time, which a loaded machine inflates.
func ipCPUNanos() int64 {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
