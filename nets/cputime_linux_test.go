package nets

import "syscall"

// threadCPU returns the CPU time consumed by the calling OS thread in
// nanoseconds (RUSAGE_THREAD), or -1 if unavailable. Benchmarks lock the OS
// thread and report it next to wall time, because the shared machine's
// other load inflates wall time but not this thread's CPU time.
func threadCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
