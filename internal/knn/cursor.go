package knn

// bucketCursor serves the strip (Strips) and column (Columns) searches: for
// the queries of one bucket taken in ascending order of the bucket's sorted
// coordinate, it finds the first position of another bucket whose value is
// ≥ the query's. It keeps a forward cursor per bucket, reset by a binary
// search when the querying bucket changes, so a bucket's queries cost
// O(log m) once and then O(1) amortised each. A bucket's cursor and the
// querying bucket it belongs to sit side by side (one cache line).
type bucketCursor struct {
	e []cursorEntry
}

// cursorEntry is one bucket's forward cursor and the querying bucket + 1
// that it belongs to (0: none).
type cursorEntry struct {
	cur, stamp int32
}

// newBucketCursor returns a cursor over nb buckets.
func newBucketCursor(nb int) bucketCursor {
	return bucketCursor{e: make([]cursorEntry, nb)}
}

// at returns the first index p of vals, bucket b's sorted values, with
// vals[p] ≥ q (len(vals) if none), for a query of bucket owner.
func (c *bucketCursor) at(vals []float64, b, owner int, q float64) int {
	e := &c.e[b]
	var p int
	if int(e.stamp) == owner+1 {
		p = int(e.cur)
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
		e.stamp = int32(owner + 1)
	}
	e.cur = int32(p)
	return p
}
