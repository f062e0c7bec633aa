package divergence

import "math"

// Radix sort of float64 values (LSD, six 11-bit digits) with an optional
// float64 payload moved alongside. The order is the IEEE total order of
// finite values (−0 sorts before +0). O(n) time, O(n) scratch; used by the
// 1-D Wasserstein distances, where it is several times faster than a
// comparison sort.

const (
	radixBits    = 11
	radixBuckets = 1 << radixBits
	radixPasses  = 6
)

// floatKey maps a float64 to a uint64 whose unsigned order is the float order.
func floatKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

func keyFloat(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// radixSort sorts x ascending in place; if w is non-nil it is permuted the
// same way. Small inputs use insertion sort.
func radixSort(x, w []float64) {
	n := len(x)
	if n < 256 {
		insertionSort(x, w)
		return
	}
	keys := make([]uint64, n)
	tmp := make([]uint64, n)
	var hist [radixPasses][radixBuckets]int
	for i, v := range x {
		k := floatKey(v)
		keys[i] = k
		for p := 0; p < radixPasses; p++ {
			hist[p][(k>>(p*radixBits))&(radixBuckets-1)]++
		}
	}
	var pay, ptmp []float64
	if w != nil {
		pay = append([]float64(nil), w...)
		ptmp = make([]float64, n)
	}
	for p := 0; p < radixPasses; p++ {
		h := &hist[p]
		// Skip a pass where every key has the same digit.
		trivial := false
		for _, c := range h {
			if c == n {
				trivial = true
				break
			}
			if c != 0 {
				break
			}
		}
		if trivial {
			continue
		}
		sum := 0
		for b, c := range h {
			h[b] = sum
			sum += c
		}
		shift := uint(p * radixBits)
		if pay == nil {
			for _, k := range keys {
				d := (k >> shift) & (radixBuckets - 1)
				tmp[h[d]] = k
				h[d]++
			}
		} else {
			for i, k := range keys {
				d := (k >> shift) & (radixBuckets - 1)
				tmp[h[d]] = k
				ptmp[h[d]] = pay[i]
				h[d]++
			}
			pay, ptmp = ptmp, pay
		}
		keys, tmp = tmp, keys
	}
	for i, k := range keys {
		x[i] = keyFloat(k)
	}
	if w != nil {
		copy(w, pay)
	}
}

func insertionSort(x, w []float64) {
	for i := 1; i < len(x); i++ {
		v := x[i]
		var wv float64
		if w != nil {
			wv = w[i]
		}
		j := i
		for j > 0 && floatKey(x[j-1]) > floatKey(v) {
			x[j] = x[j-1]
			if w != nil {
				w[j] = w[j-1]
			}
			j--
		}
		x[j] = v
		if w != nil {
			w[j] = wv
		}
	}
}
