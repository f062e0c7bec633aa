package knn

// bucketCursor serves the strip (Strips) and column (Columns) searches: for
// the queries of one bucket taken in ascending order of the bucket's sorted
// coordinate, it finds the first position of another bucket whose value is
// ≥ the query's. It keeps a forward cursor per bucket, reset by a binary
// search when the querying bucket changes, so a bucket's queries cost
// O(log m) once and then O(1) amortised each.
type bucketCursor struct {
	cur   []int32
	stamp []int32 // querying bucket + 1 that cur belongs to (0: none)
}

// newBucketCursor returns a cursor over nb buckets.
func newBucketCursor(nb int) bucketCursor {
	return bucketCursor{cur: make([]int32, nb), stamp: make([]int32, nb)}
}

// at returns the first index p of vals, bucket b's sorted values, with
// vals[p] ≥ q (len(vals) if none), for a query of bucket owner.
func (c *bucketCursor) at(vals []float64, b, owner int, q float64) int {
	var p int
	if int(c.stamp[b]) == owner+1 {
		p = int(c.cur[b])
		for p < len(vals) && vals[p] < q {
			p++
		}
	} else {
		l, h := 0, len(vals)
		for l < h {
			m := int(uint(l+h) >> 1)
			if vals[m] < q {
				l = m + 1
			} else {
				h = m
			}
		}
		p = l
		c.stamp[b] = int32(owner + 1)
	}
	c.cur[b] = int32(p)
	return p
}
