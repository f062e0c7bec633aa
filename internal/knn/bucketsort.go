package knn

import "math"

// bucketMax is the largest bucket bucketArgsort sorts by insertion; a
// larger one (strongly clustered data) makes it give up.
const bucketMax = 48

// bucketArgsort is radixArgsort by a bucket sort for smooth data: the
// values are spread over len(x) buckets of equal width between their
// minimum and maximum (a monotone map, so the buckets are in value order),
// scattered in row order, and each bucket is sorted by stable insertion.
// The result is the same stable order as radixArgsort's (ties, −0 and +0
// included, in row order). It also returns the bucket map: starts[b] is the
// first position in bucket b or later, for the values' lookup table. ok is
// false (and nothing else is set) when a bucket would exceed bucketMax
// values, the range is not finite, or n < 64. Cost O(n) for smooth data.
func bucketArgsort(x []float64) (v []float64, idx []int32, starts []int32, lo, invWidth float64, ok bool) {
	n := len(x)
	if n < 64 {
		return nil, nil, nil, 0, 0, false
	}
	lo, hi := x[0], x[0]
	for _, a := range x {
		if a < lo {
			lo = a
		}
		if a > hi {
			hi = a
		}
	}
	// one bucket per value: about one value per bucket to insert, and, as
	// Sorted's lookup table, guesses within a position or two of a count's
	// boundary (15 % fewer instructions in KSG's counts at n = 1e5 than
	// with n/2 buckets, for 0.2 MB more of table per 1e5 values)
	nb := n
	width := (hi - lo) / float64(nb)
	if !(width > 0) || math.IsInf(width, 0) {
		return nil, nil, nil, 0, 0, false
	}
	invWidth = 1 / width
	// no scratch of n buckets: the scatter computes every bucket again
	// (fresh pages cost more than the multiply)
	starts = make([]int32, nb+2)
	v, idx = make([]float64, n), make([]int32, n)
	if !bucketSort(x, lo, invWidth, nil, starts, v, idx) {
		return nil, nil, nil, 0, 0, false
	}
	return v, idx, starts[:nb+1], lo, invWidth, true
}

// bucketSort is the body of bucketArgsort and orderInto. With starts
// (len nb+2) zeroed and bk scratch of len(x) or nil, it puts every value of
// x in one of nb buckets of width 1/invWidth from lo (the last bucket also
// takes the values beyond), scatters x in row order into v and its rows
// into idx, and sorts every bucket by stable insertion; starts[:nb+1] ends
// as the bucket map (starts[b] is the first position of bucket b). bk nil
// computes every value's bucket again for the scatter instead of keeping
// it. Bucket b is counted in starts[b+2], so that after the prefix sum
// starts[b+1] is its first position and the scatter's cursor, which it
// leaves at the next bucket's start: no cursor array. It returns false,
// leaving v and idx unfinished, when a bucket would hold more than
// bucketMax values.
func bucketSort(x []float64, lo, invWidth float64, bk, starts []int32, v []float64, idx []int32) bool {
	nb := len(starts) - 2
	last := float64(nb - 1)
	if bk != nil {
		bk = bk[:len(x)]
	}
	for i, a := range x {
		// ≥ 0: a ≥ lo; not the float min builtin (its NaN and ±0 fix-ups)
		f := (a - lo) * invWidth
		if f > last {
			f = last
		}
		b := int32(f)
		if bk != nil {
			bk[i] = b
		}
		starts[b+2]++
	}
	for b := 2; b <= nb+1; b++ {
		if starts[b] > bucketMax {
			return false
		}
		starts[b] += starts[b-1]
	}
	// scatter in row order (stable), then insertion-sort every bucket
	cur := starts[1:]
	if bk != nil {
		for i, b := range bk {
			p := cur[b]
			cur[b] = p + 1
			idx[p] = int32(i)
			v[p] = x[i]
		}
	} else {
		for i, a := range x {
			f := (a - lo) * invWidth
			if f > last {
				f = last
			}
			b := int32(f)
			p := cur[b]
			cur[b] = p + 1
			idx[p] = int32(i)
			v[p] = a
		}
	}
	for b := 0; b < nb; b++ {
		l, h := int(starts[b]), int(starts[b+1])
		for i := l + 1; i < h; i++ {
			a, r := v[i], idx[i]
			j := i
			for j > l && v[j-1] > a {
				v[j], idx[j] = v[j-1], idx[j-1]
				j--
			}
			v[j], idx[j] = a, r
		}
	}
	return true
}

// argsort returns the values of x ascending and the row of every position,
// ties in row order (−0 with +0): bucketArgsort when it applies, else
// radixArgsort. Both give the same result.
func argsort(x []float64) ([]float64, []int32) {
	if v, idx, _, _, _, ok := bucketArgsort(x); ok {
		return v, idx
	}
	return radixArgsort(x)
}

// orderScratch holds the buffers of orderInto, grown on demand, so that
// many small sorts allocate nothing.
type orderScratch struct {
	v          []float64
	bk, starts []int32
}

// grow returns buf with length n, reallocated only when too small.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n, n+n/4)
	}
	return buf[:n]
}

// orderInto sets ord[t] (len(ord) = len(x)) to the index of the t-th
// smallest value of x, ties (−0 with +0) in index order: the order of
// argsort, for a small slice. Insertion sort under 64 values, a bucket sort
// (len(x)/2 buckets of equal width, stable insertion within a bucket)
// above, radixArgsort when a bucket exceeds bucketMax or the range is not
// finite; an all-equal slice gives the identity. Cost O(len(x)) for smooth
// data; it allocates only in the radix fallback (and when sc grows).
func orderInto(x []float64, ord []int32, sc *orderScratch) {
	n := len(x)
	ord = ord[:n]
	if n < 64 {
		v := grow(sc.v, n)
		sc.v = v
		for i, a := range x {
			j := i
			for j > 0 && v[j-1] > a {
				v[j], ord[j] = v[j-1], ord[j-1]
				j--
			}
			v[j], ord[j] = a, int32(i)
		}
		return
	}
	lo, hi := x[0], x[0]
	for _, a := range x {
		if a < lo { // not the float min/max builtins (slow in a hot loop)
			lo = a
		}
		if a > hi {
			hi = a
		}
	}
	if lo == hi { // all equal (−0 and +0 included): index order
		for i := range ord {
			ord[i] = int32(i)
		}
		return
	}
	nb := n / 2
	width := (hi - lo) / float64(nb)
	if !(width > 0) || math.IsInf(width, 0) {
		_, idx := radixArgsort(x)
		copy(ord, idx)
		return
	}
	invWidth := 1 / width
	bk := grow(sc.bk, n)
	starts := grow(sc.starts, nb+2)
	v := grow(sc.v, n)
	sc.bk, sc.starts, sc.v = bk, starts, v
	clear(starts)
	if !bucketSort(x, lo, invWidth, bk, starts, v, ord) {
		_, idx := radixArgsort(x)
		copy(ord, idx)
	}
}
