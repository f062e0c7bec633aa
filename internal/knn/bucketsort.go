package knn

import "math"

// bucketMax is the largest bucket bucketArgsort sorts by insertion; a
// larger one (strongly clustered data) makes it give up.
const bucketMax = 48

// bucketArgsort is radixArgsort by a bucket sort for smooth data: the
// values are spread over len(x)/2 buckets of equal width between their
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
	nb := n / 2
	width := (hi - lo) / float64(nb)
	if !(width > 0) || math.IsInf(width, 0) {
		return nil, nil, nil, 0, 0, false
	}
	invWidth = 1 / width
	bk := make([]int32, n)
	starts = make([]int32, nb+1)
	last := float64(nb - 1)
	for i, a := range x {
		f := (a - lo) * invWidth // ≥ 0: a ≥ lo
		b := int32(min(f, last))
		bk[i] = b
		starts[b+1]++
	}
	for b := 1; b <= nb; b++ {
		if starts[b] > bucketMax {
			return nil, nil, nil, 0, 0, false
		}
		starts[b] += starts[b-1]
	}
	// scatter in row order (stable), then insertion-sort every bucket
	idx = make([]int32, n)
	v = make([]float64, n)
	next := make([]int32, nb)
	copy(next, starts[:nb])
	for i, b := range bk {
		p := next[b]
		next[b] = p + 1
		idx[p] = int32(i)
		v[p] = x[i]
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
	return v, idx, starts, lo, invWidth, true
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
