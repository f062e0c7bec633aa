package knn

import (
	"sync"

	"github.com/itlab/itlab/internal/parallel"
)

// newColumnsSorted is the previous NewColumns, kept as the reference of
// TestColumnsBuildMatchesSorts: three global argsorts, then the slabs,
// columns and z order read off them. It builds the structure over pts (n×3 row-major, not retained) with
// m slabs of m columns each (m ≤ 0: ColumnsPerAxis(n, k)). The three sorts
// run on at most workers goroutines; the structure does not depend on
// workers. Cost O(n).
func newColumnsSorted(pts []float64, n, k, m, workers int) *Columns {
	if m <= 0 {
		m = ColumnsPerAxis(n, k)
	}
	x, y, z := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		x[i], y[i], z[i] = pts[3*i], pts[3*i+1], pts[3*i+2]
	}
	var xo, yo, zo []int32
	if parallel.Workers(workers) > 1 {
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); _, xo = argsort(x) }()
		go func() { defer wg.Done(); _, yo = argsort(y) }()
		_, zo = argsort(z)
		wg.Wait()
	} else {
		_, xo = argsort(x)
		_, yo = argsort(y)
		_, zo = argsort(z)
	}
	sx := (n + m - 1) / m // points per slab
	ns := (n + sx - 1) / sx
	c := &Columns{n: n, xlo: make([]float64, ns), xhi: make([]float64, ns), slabCol: make([]int32, ns+1),
		id: make([]int32, n)}
	// the coordinates in one allocation, each padded by colPad on both
	// sides so that the AVX2 scan may read a whole chunk at either end
	c.stride = n + 2*colPad
	c.all = make([]float64, 3*c.stride)
	c.xs = c.all[colPad : colPad+n]
	c.ys = c.all[c.stride+colPad : c.stride+colPad+n]
	c.zs = c.all[2*c.stride+colPad : 2*c.stride+colPad+n]
	// slab of every row; then the rows of every slab in y order
	tag := make([]int32, n)
	cur := make([]int32, ns)
	for s := 0; s < ns; s++ {
		lo, hi := s*sx, min((s+1)*sx, n)
		c.xlo[s], c.xhi[s] = x[xo[lo]], x[xo[hi-1]]
		for _, i := range xo[lo:hi] {
			tag[i] = int32(s)
		}
		cur[s] = int32(lo)
	}
	byY := make([]int32, n)
	for _, i := range yo {
		s := tag[i]
		byY[cur[s]] = i
		cur[s]++
	}
	// columns: each slab's y-ordered rows cut into m runs of equal count
	var colLo []int32
	for s := 0; s < ns; s++ {
		lo, hi := s*sx, min((s+1)*sx, n)
		sy := (hi - lo + m - 1) / m
		c.slabCol[s] = int32(len(colLo))
		for a := lo; a < hi; a += sy {
			b := min(a+sy, hi)
			col := int32(len(colLo))
			colLo = append(colLo, int32(a))
			c.ylo = append(c.ylo, y[byY[a]])
			c.yhi = append(c.yhi, y[byY[b-1]])
			for _, i := range byY[a:b] {
				tag[i] = col
			}
		}
	}
	c.slabCol[ns] = int32(len(colLo))
	nc := len(colLo)
	c.colLo = append(colLo, int32(n))
	// every column's rows in z order
	cur = append([]int32(nil), c.colLo[:nc]...)
	for _, i := range zo {
		col := tag[i]
		p := cur[col]
		cur[col] = p + 1
		c.xs[p], c.ys[p], c.zs[p] = x[i], y[i], z[i]
		c.id[p] = i
	}
	return c
}
