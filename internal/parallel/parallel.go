package parallel

import (
	"runtime"
	"sync"
)

// Workers returns w if w > 0, else GOMAXPROCS. Use it to resolve a worker
// budget of 0 ("use the machine").
func Workers(w int) int {
	if w > 0 {
		return w
	}
	return runtime.GOMAXPROCS(0)
}

// Blocks splits [0, n) into blocks of the given size (the last may be shorter)
// and calls fn(b, lo, hi) for every block b, on at most workers goroutines
// (0 means GOMAXPROCS). The split depends only on n and size, never on the
// worker count, so a caller that writes per-block partial results into slot b
// and reduces them in order gets bit-identical results at any parallelism.
// With one worker or one block it runs in the calling goroutine.
func Blocks(n, size, workers int, fn func(b, lo, hi int)) {
	if n <= 0 {
		return
	}
	if size <= 0 {
		size = n
	}
	nb := (n + size - 1) / size
	w := Workers(workers)
	if w > nb {
		w = nb
	}
	if w <= 1 {
		for b := 0; b < nb; b++ {
			lo := b * size
			fn(b, lo, min(lo+size, n))
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for g := 0; g < w; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				b := next
				next++
				mu.Unlock()
				if b >= nb {
					return
				}
				lo := b * size
				fn(b, lo, min(lo+size, n))
			}
		}()
	}
	wg.Wait()
}

// NumBlocks returns the number of blocks Blocks uses for n and size.
func NumBlocks(n, size int) int {
	if n <= 0 {
		return 0
	}
	if size <= 0 {
		return 1
	}
	return (n + size - 1) / size
}
