//go:build linux

package pairwise

import "syscall"

// cpuNanos returns the user+system CPU time of this thread so far (0 if
// unknown). The benchmarks report it as cpu-ns/op beside the wall time:
// on a shared, overloaded machine it is the better measure of the work.
func cpuNanos() int64 {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
