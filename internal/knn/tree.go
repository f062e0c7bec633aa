package knn

import (
	"fmt"
	"math"
	"math/bits"
	"sync"
	"unsafe"

	"github.com/itlab/itlab/internal/parallel"
)

// Norm selects the distance between points.
type Norm int

const (
	// Max is the maximum (Chebyshev, L∞) norm: max_c |p_c − q_c|.
	Max Norm = iota
	// Euclidean is the L2 norm: sqrt(Σ_c (p_c − q_c)²), summed in coordinate order.
	Euclidean
)

// String names the norm.
func (nm Norm) String() string {
	switch nm {
	case Max:
		return "max"
	case Euclidean:
		return "euclidean"
	}
	return fmt.Sprintf("Norm(%d)", int(nm))
}

// DefaultLeafSize is the leaf size Build uses when given 0.
const DefaultLeafSize = 16

// Tree is a flat kd-tree over n points in d dimensions. It is immutable after
// Build and safe for concurrent queries.
type Tree struct {
	n, d      int
	norm      Norm
	pts       []float64 // points in tree order, n×d row-major
	idx       []int32   // tree position -> original row
	firstLeaf int       // heap index of the first leaf
	nodeLo    []int32   // per node: first tree position
	nodeHi    []int32   // per node: one past the last tree position
	split     []split   // per internal node
	box       []float64 // per node: d minima then d maxima

	// soa holds the leaves again, structure-of-arrays, for the AVX2
	// candidate filter of the max-norm leaf scan (d = 2, 3 only; nil
	// otherwise): leaf L (heap index firstLeaf+L) is the block
	// soa[L·d·soaS:], coordinate c of its point j at [c·soaS+j], padded
	// with zeros to soaS, a multiple of 4, at most 64.
	soa  []float64
	soaS int
}

// split describes an internal node's cut, in one place so that a traversal
// step touches one cache line.
type split struct {
	leftMax  float64 // largest split coordinate in the left child
	rightMin float64 // smallest split coordinate in the right child
	dim      int     // split dimension
}

// Build builds a kd-tree over pts (n×d row-major, not retained) for the given
// norm. leafSize ≤ 0 selects DefaultLeafSize (minimum 2). workers bounds the
// goroutines (0 = GOMAXPROCS); the tree is identical for any workers value.
// Cost: O(n·d·log n) time, O(n·d) memory.
func Build(pts []float64, n, d int, norm Norm, leafSize, workers int) *Tree {
	return build(pts, n, d, norm, leafSize, workers, false)
}

// BuildInPlace is Build that takes ownership of pts: the tree permutes and
// keeps pts[:n*d] instead of a copy (the caller must not use it afterwards).
// It saves the copy and its memory for a temporary joint space.
func BuildInPlace(pts []float64, n, d int, norm Norm, leafSize, workers int) *Tree {
	return build(pts, n, d, norm, leafSize, workers, true)
}

func build(pts []float64, n, d int, norm Norm, leafSize, workers int, inPlace bool) *Tree {
	if n < 1 || d < 1 || len(pts) < n*d {
		panic(fmt.Sprintf("knn: Build with n=%d d=%d len=%d", n, d, len(pts)))
	}
	if leafSize <= 0 {
		leafSize = DefaultLeafSize
	}
	if leafSize < 2 {
		leafSize = 2
	}
	depth := 0
	for (n+(1<<depth)-1)>>depth > leafSize {
		depth++
	}
	nodes := 1<<(depth+1) - 1
	t := &Tree{
		n: n, d: d, norm: norm,
		idx:       make([]int32, n),
		firstLeaf: 1<<depth - 1,
		nodeLo:    make([]int32, nodes),
		nodeHi:    make([]int32, nodes),
		split:     make([]split, 1<<depth-1),
		box:       make([]float64, nodes*2*d),
	}
	for i := range t.idx {
		t.idx[i] = int32(i)
	}
	// Work on a copy of the points that the selection permutes row by row,
	// so every scan of a node reads contiguous memory; it ends in tree order.
	w := parallel.Workers(workers)
	if inPlace {
		t.pts = pts[: n*d : n*d]
	} else {
		t.pts = make([]float64, n*d)
		parallel.Blocks(n*d, 1<<16, w, func(_, lo, hi int) { copy(t.pts[lo:hi], pts[lo:hi]) })
	}
	parDepth := 0
	if w > 1 {
		parDepth = bits.Len(uint(w - 1))
	}
	b := builder{t: t, parDepth: parDepth}
	if d <= 5 {
		b.keys = make([]float64, n)
	}
	b.build(0, 0, n, 0)
	t.buildSoA(w)
	return t
}

// buildSoA fills t.soa when the AVX2 leaf filter applies.
func (t *Tree) buildSoA(workers int) {
	d := t.d
	if !haveAVX2 || (t.norm != Max && sqDistFused) || (d != 2 && d != 3) {
		return
	}
	nodes := len(t.nodeLo)
	maxLeaf := 0
	for l := t.firstLeaf; l < nodes; l++ {
		maxLeaf = max(maxLeaf, int(t.nodeHi[l]-t.nodeLo[l]))
	}
	s := (maxLeaf + 3) &^ 3
	if s > 64 || s == 0 {
		return
	}
	leaves := nodes - t.firstLeaf
	t.soaS = s
	t.soa = make([]float64, leaves*d*s)
	parallel.Blocks(leaves, 1024, workers, func(_, lo, hi int) {
		for l := lo; l < hi; l++ {
			blk := t.soa[l*d*s : (l+1)*d*s]
			plo, phi := int(t.nodeLo[t.firstLeaf+l]), int(t.nodeHi[t.firstLeaf+l])
			for p := plo; p < phi; p++ {
				for c := 0; c < d; c++ {
					blk[c*s+p-plo] = t.pts[p*d+c]
				}
			}
		}
	})
}

type builder struct {
	t        *Tree
	parDepth int
	keys     []float64 // scratch: the split coordinate of the rows being selected
}

// split reorders rows lo..hi-1 so that row mid holds the value of rank
// mid-lo in column s (see selectRows) and returns the largest value of
// column s among rows lo..mid-1. For d ≤ 5 the rows are moved as fixed-size
// arrays with the keys in a contiguous scratch array alongside, which takes
// about half the instructions of the general row-by-row swap.
func (b *builder) split(s, lo, hi, mid int) float64 {
	t := b.t
	d := t.d
	if d > 5 {
		selectRows(t.pts, d, s, t.idx, lo, hi, mid)
		lm := math.Inf(-1)
		for p := lo; p < mid; p++ {
			lm = max(lm, t.pts[p*d+s])
		}
		return lm
	}
	keys := b.keys[lo:hi]
	for p := range keys {
		keys[p] = t.pts[(lo+p)*d+s]
	}
	idx := t.idx[lo:hi]
	k := mid - lo
	base := unsafe.Pointer(&t.pts[lo*d])
	switch d {
	case 1:
		selectArr(unsafe.Slice((*[1]float64)(base), hi-lo), keys, idx, k)
	case 2:
		selectArr(unsafe.Slice((*[2]float64)(base), hi-lo), keys, idx, k)
	case 3:
		selectArr(unsafe.Slice((*[3]float64)(base), hi-lo), keys, idx, k)
	case 4:
		selectArr(unsafe.Slice((*[4]float64)(base), hi-lo), keys, idx, k)
	case 5:
		selectArr(unsafe.Slice((*[5]float64)(base), hi-lo), keys, idx, k)
	}
	lm := math.Inf(-1)
	for _, v := range keys[:k] {
		if v > lm {
			lm = v
		}
	}
	return lm
}

// selectArr is selectRows on rows stored as values of a fixed-size array
// type R, with the sort keys in keys and the row ids in idx moved alongside
// (all three of the same length); k is the rank sought.
func selectArr[R any](rows []R, keys []float64, idx []int32, k int) {
	n := len(rows)
	keys, idx = keys[:n], idx[:n]
	swap := func(a, b int) {
		rows[a], rows[b] = rows[b], rows[a]
		keys[a], keys[b] = keys[b], keys[a]
		idx[a], idx[b] = idx[b], idx[a]
	}
	l, r := 0, n-1
	for r > l {
		if r-l < 12 {
			for i := l + 1; i <= r; i++ {
				for j := i; j > l && keys[j-1] > keys[j]; j-- {
					swap(j-1, j)
				}
			}
			return
		}
		m := l + (r-l)/2
		if keys[m] < keys[l] {
			swap(m, l)
		}
		if keys[r] < keys[l] {
			swap(r, l)
		}
		if keys[r] < keys[m] {
			swap(r, m)
		}
		pivot := keys[m]
		i, j := l, r
		for i <= j {
			for keys[i] < pivot {
				i++
			}
			for keys[j] > pivot {
				j--
			}
			if i <= j {
				swap(i, j)
				i++
				j--
			}
		}
		switch {
		case k <= j:
			r = j
		case k >= i:
			l = i
		default:
			return
		}
	}
}

func (b *builder) build(node, lo, hi, depth int) {
	t := b.t
	d := t.d
	t.nodeLo[node] = int32(lo)
	t.nodeHi[node] = int32(hi)
	bmin := t.box[node*2*d : node*2*d+d]
	bmax := t.box[node*2*d+d : node*2*d+2*d]
	if node == 0 {
		// the root's box is the points' bounding box; every other node
		// inherits its parent's box cut at the split (build2 below), a
		// valid bounding box that costs O(d) instead of a scan per level
		for c := 0; c < d; c++ {
			bmin[c] = math.Inf(1)
			bmax[c] = math.Inf(-1)
		}
		for p := lo; p < hi; p++ {
			row := t.pts[p*d : p*d+d]
			for c, v := range row {
				if v < bmin[c] {
					bmin[c] = v
				}
				if v > bmax[c] {
					bmax[c] = v
				}
			}
		}
	}
	if node >= t.firstLeaf {
		return
	}
	s := 0
	best := -1.0
	for c := 0; c < d; c++ {
		if e := bmax[c] - bmin[c]; e > best {
			best, s = e, c
		}
	}
	mid := lo + (hi-lo)/2
	lm := b.split(s, lo, hi, mid)
	t.split[node] = split{leftMax: lm, rightMin: t.pts[mid*d+s], dim: s}
	for _, ch := range [2]int{2*node + 1, 2*node + 2} {
		box := t.box[ch*2*d : ch*2*d+2*d]
		copy(box, t.box[node*2*d:node*2*d+2*d])
		if ch == 2*node+1 {
			box[d+s] = lm
		} else {
			box[s] = t.split[node].rightMin
		}
	}
	if depth < b.parDepth {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.build(2*node+1, lo, mid, depth+1)
		}()
		b.build(2*node+2, mid, hi, depth+1)
		wg.Wait()
		return
	}
	b.build(2*node+1, lo, mid, depth+1)
	b.build(2*node+2, mid, hi, depth+1)
}

// selectRows reorders the rows lo..hi-1 of pts (n×d, idx alongside) so
// that row k holds the value of rank k-lo in column s, rows before it are ≤
// and rows after it are ≥ in that column. Hoare partition with a
// median-of-three pivot: equal keys split evenly, so heavily tied data stay
// O(n) per level.
func selectRows(pts []float64, d, s int, idx []int32, lo, hi, k int) {
	key := func(p int) float64 { return pts[p*d+s] }
	swap := func(a, b int) {
		if a == b {
			return
		}
		ra, rb := pts[a*d:a*d+d], pts[b*d:b*d+d]
		for c := range ra {
			ra[c], rb[c] = rb[c], ra[c]
		}
		idx[a], idx[b] = idx[b], idx[a]
	}
	l, r := lo, hi-1
	for r > l {
		if r-l < 12 {
			for i := l + 1; i <= r; i++ {
				for j := i; j > l && key(j-1) > key(j); j-- {
					swap(j-1, j)
				}
			}
			return
		}
		m := l + (r-l)/2
		if key(m) < key(l) {
			swap(m, l)
		}
		if key(r) < key(l) {
			swap(r, l)
		}
		if key(r) < key(m) {
			swap(r, m)
		}
		pivot := key(m)
		i, j := l, r
		for i <= j {
			for key(i) < pivot {
				i++
			}
			for key(j) > pivot {
				j--
			}
			if i <= j {
				swap(i, j)
				i++
				j--
			}
		}
		switch {
		case k <= j:
			r = j
		case k >= i:
			l = i
		default:
			return
		}
	}
}

// N returns the number of points.
func (t *Tree) N() int { return t.n }

// Dim returns the dimension.
func (t *Tree) Dim() int { return t.d }

// Norm returns the tree's norm.
func (t *Tree) Norm() Norm { return t.norm }
