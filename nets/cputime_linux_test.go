package nets

import "golang.org/x/sys/unix"

// threadCPU returns the CPU time consumed by the calling OS thread in
// nanoseconds (CLOCK_THREAD_CPUTIME_ID, exact rather than counted in
// scheduler ticks as getrusage is), or -1 if unavailable. Benchmarks lock
// the OS thread and report it next to wall time, because the shared
// machine's other load inflates wall time but not this thread's CPU time.
func threadCPU() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return -1
	}
	return ts.Nano()
}
