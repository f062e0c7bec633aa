package mi

import (
	"github.com/itlab/itlab/internal/check"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// EBABLowTanh is the low edge the reference uses for tanh and ELU layers,
// −1.000001; for ReLU, softplus and other non-negative activations it uses 0.
const EBABLowTanh = -1.000001

// AdaptiveBinning is the entropy-based adaptive binning (EBAB) of
// Chelombiev, Houghton & O'Donnell (ICLR 2019) (code:
// ivansche/adaptive_estimators, set_up_bins with maxentropy=True). For every
// call, that is per layer and per snapshot, the edges are recomputed from
// the sorted distinct activation values U of the whole layer (all samples
// and all neurons together, the low edge excluded) so that every bin holds
// the same number of distinct values:
//
//	edges = [low] + [U[⌊k·|U|/Bins⌋] for k = 0..Bins−1] + [U[|U|−1]]
//
// (up to Bins+2 edges). Values are then digitised as in Binning
// (np.digitize, symbol = edges[i−1]) and each sample's vector is one
// symbol; I(X;T) = H(T) − H(T|X) = H(T) (X the sample identity) and
// I(T;Y) = H(T) − H(T|Y), plug-in, in nats.
//
// Quirks of the reference, kept:
//   - bins hold equal numbers of distinct values, not of samples: many
//     identical values (ReLU zeros) count once;
//   - one edge set is shared by all neurons of the layer;
//   - when |U| < Bins the edges repeat; equal edges are one symbol (the
//     reference compares edge values), and a value equal to the largest
//     activation gets its own bin;
//   - a value below low makes the edges non-monotonic, which np.digitize
//     rejects; so does this estimator (ErrParam): set Low = EBABLowTanh
//     (or AutoLow) for layers with negative values;
//   - a layer whose values all equal low has one symbol (H(T) = 0; the
//     reference fails on it).
//
// Time O(n·d) (a bucket count of the n·d values that sorts only the
// buckets holding an edge, a table lookup per value), memory O(n·d) in work
// buffers reused across calls.
type AdaptiveBinning struct {
	// Bins is the number of equal-count bins (≥ 1); zero means DefaultBins.
	Bins int
	// Low is the lowest edge: 0 (the zero value) for non-negative
	// activations, EBABLowTanh for tanh and ELU.
	Low float64
	// AutoLow chooses the low edge from the layer instead of Low: 0 when
	// every value is ≥ 0 (ReLU, softplus), EBABLowTanh when every value is
	// ≥ −1.000001 (tanh, ELU, softsign), and the layer's minimum otherwise
	// (an unbounded layer, such as a linear one, which the reference does
	// not handle).
	AutoLow bool
}

var (
	_ LayerEstimator = AdaptiveBinning{}
	_ LabelEstimator = AdaptiveBinning{}
	_ Estimator      = AdaptiveBinning{}
)

// Name returns "adaptive-binning".
func (AdaptiveBinning) Name() string { return "adaptive-binning" }

// Layer returns I(X;T) and I(T;Y) in nats for the layer t (n×d) and labels y
// (nil y: only I(X;T), and ITY = 0).
func (e AdaptiveBinning) Layer(t mat.Matrix, y []int) (Layer, error) {
	return e.LayerX(t, nil, y)
}

// LayerX is Layer with explicit input symbols xs (nil: sample identity).
func (e AdaptiveBinning) LayerX(t mat.Matrix, xs, y []int) (Layer, error) {
	return symbolLayer(e, t, xs, y)
}

// MILabels returns I(T;Y) in nats.
func (e AdaptiveBinning) MILabels(t mat.Matrix, y []int) (float64, error) {
	if y == nil {
		return 0, ipParamErr("AdaptiveBinning: nil labels")
	}
	l, err := e.Layer(t, y)
	return l.ITY, err
}

// MI bins x and y each with its own adaptive edges and returns the plug-in
// I(X;Y) in nats.
func (e AdaptiveBinning) MI(x, y mat.Matrix) (float64, error) {
	return symbolMI(e, x, y)
}

// Edges returns the adaptive edges of a layer (see AdaptiveBinning).
func (e AdaptiveBinning) Edges(t mat.Matrix) ([]float64, error) {
	sc := ipScratchPool.Get().(*ipScratch)
	defer ipScratchPool.Put(sc)
	x, _, _, lo, hi, err := ipFlattenRange("t", t, 1, sc)
	if err != nil {
		return nil, err
	}
	return e.edges(x, lo, hi, sc)
}

// edges returns the adaptive edges of the values x, whose smallest and
// largest values are lo and hi; sc lends the work buffers.
func (e AdaptiveBinning) edges(x []float64, lo, hi float64, sc *ipScratch) ([]float64, error) {
	nb := e.Bins
	if nb == 0 {
		nb = DefaultBins
	}
	if nb < 1 {
		return nil, ipParamErr("AdaptiveBinning: Bins = %d, need ≥ 1", nb)
	}
	// The lookup tables divide by the spread of the values: keep it finite.
	// This is check.ScaleSlice's condition on the largest magnitude; only
	// when it fails is the slice scanned again, for ScaleSlice's message.
	if m := max(-lo, hi); m > check.MaxMagnitude || (m > 0 && m < check.MinScale) {
		if err := check.ScaleSlice("t", x); err != nil {
			return nil, err
		}
	}
	low := e.Low
	if e.AutoLow {
		low = min(0, lo)
		if low < 0 && low >= EBABLowTanh {
			low = EBABLowTanh
		}
	}
	if lo < low {
		return nil, ipParamErr("AdaptiveBinning: activation %v below the low edge %v (use Low = EBABLowTanh or AutoLow for layers with negative values)", lo, low)
	}
	if edges, ok := ipBucketEdges(x, lo, hi, low, nb, sc); ok {
		return edges, nil
	}
	u := ipSortedDistinct(x, lo, hi)
	if i, ok := slices.BinarySearch(u, low); ok {
		u = slices.Delete(u, i, i+1)
	}
	if len(u) == 0 {
		return []float64{low}, nil
	}
	edges := make([]float64, 0, nb+2)
	edges = append(edges, low)
	for k := 0; k < nb; k++ {
		edges = append(edges, u[k*len(u)/nb])
	}
	return append(edges, u[len(u)-1]), nil
}

// Symbols digitises t with its adaptive edges and returns the symbol id of
// every row and the number of distinct symbols.
func (e AdaptiveBinning) Symbols(t mat.Matrix) ([]int32, int, error) {
	sc := ipScratchPool.Get().(*ipScratch)
	defer ipScratchPool.Put(sc)
	x, n, d, lo, hi, err := ipFlattenRange("t", t, 1, sc)
	if err != nil {
		return nil, 0, err
	}
	edges, err := e.edges(x, lo, hi, sc)
	if err != nil {
		return nil, 0, err
	}
	// canon[i] is the first index with the value of edges[i]: the
	// reference's symbols are edge values.
	canon := make([]int64, len(edges))
	for i := range edges {
		canon[i] = int64(i)
		if i > 0 && edges[i] == edges[i-1] {
			canon[i] = canon[i-1]
		}
	}
	last := canon[len(edges)-1]
	key := func(g int) int64 {
		if g == 0 {
			return last
		}
		return canon[g-1]
	}
	if len(edges) <= 256 { // keys < len(edges) fit a byte
		keys := ipGrow(&sc.keys, n*d)
		ipDigitizeEdges(keys, x, edges, key)
		ids, nsym := ipRowSymbolsBytes(keys, n, d, sc)
		return ids, nsym, nil
	}
	keys := make([]int64, n*d)
	ipDigitizeEdges(keys, x, edges, key)
	ids, nsym := ipRowSymbols(keys, n, d)
	return ids, nsym, nil
}

// ipSortedDistinct returns the distinct values of x (finite, within
// [lo, hi], its minimum and maximum) in ascending order, without changing
// x. A bucket sort: every value goes to bucket ⌊(v − lo)·B/(hi − lo)⌋ of
// B = n/4 buckets (monotone in v, so the buckets are in order), each
// bucket is sorted on its own (a few values, insertion sort) and repeats
// are dropped on the way out. Two passes over x, O(n) for spread-out
// values (O(n log n) if they crowd into a few buckets); a full comparison
// sort takes several times longer at n·d ≈ 40,000. −0 and +0 are equal:
// one of them is kept (both give the same bin).
func ipSortedDistinct(x []float64, lo, hi float64) []float64 {
	n := len(x)
	out := make([]float64, n)
	nb := n / 4
	scale := float64(nb) / (hi - lo)
	if n < 64 || !(hi > lo) || math.IsInf(scale, 0) || !(scale > 0) {
		copy(out, x)
		slices.Sort(out)
		return slices.Compact(out)
	}
	last := nb - 1
	start := make([]int32, nb+1)
	for _, v := range x {
		start[min(int((v-lo)*scale), last)+1]++
	}
	for b := 0; b < nb; b++ {
		start[b+1] += start[b]
	}
	next := slices.Clone(start[:nb])
	for _, v := range x {
		b := min(int((v-lo)*scale), last)
		out[next[b]] = v
		next[b]++
	}
	w := 0 // out[:w] holds the distinct values so far; w ≤ start[b]
	prev := math.NaN()
	for b := 0; b < nb; b++ {
		seg := out[start[b]:start[b+1]]
		if len(seg) == 0 {
			continue
		}
		ipSortBucket(seg)
		for _, v := range seg {
			if v != prev {
				out[w] = v
				w++
				prev = v
			}
		}
	}
	return out[:w]
}

// ipDigitizeEdges sets keys[i] = key(g) with g = #{edges ≤ x[i]}
// (np.digitize, right=False) for non-decreasing edges. A lookup table over
// [edges[0], edges[last]] gives a guess that a short exact walk corrects, so
// the result is exact whatever the rounding of the table index.
func ipDigitizeEdges[K uint8 | int64](keys []K, x, edges []float64, key func(g int) int64) {
	ne := len(edges)
	lo, hi := edges[0], edges[ne-1]
	const cells = 4096
	var lut [cells + 1]int32
	scale := 0.0
	if hi > lo {
		scale = cells / (hi - lo)
		g := 0
		for c := range lut {
			xc := lo + float64(c)/scale
			for g < ne && edges[g] <= xc {
				g++
			}
			lut[c] = int32(g)
		}
	}
	// the key of every possible g, so the loop below does no call
	kg := make([]K, ne+1)
	for g := range kg {
		kg[g] = K(key(g))
	}
	// ext is edges between the sentinels −Inf and +Inf: ext[g] = edges[g−1],
	// so the walks need no range tests (v is finite)
	ext := make([]float64, ne+2)
	ext[0], ext[ne+1] = math.Inf(-1), math.Inf(1)
	copy(ext[1:], edges)
	for i, v := range x {
		// a guess of #{edges ≤ v}, made exact by the walks (a value
		// outside [lo, hi] reads an end cell)
		g := int(lut[min(max(int((v-lo)*scale), 0), cells)])
		for ext[g] > v {
			g--
		}
		for ext[g+1] <= v {
			g++
		}
		keys[i] = kg[g]
	}
}

// ipSortBucket sorts one bucket of ipSortedDistinct and ipBucketEdges: an
// insertion sort for a few values, slices.Sort beyond (both give the same
// order of the equal values −0 and +0 in both functions, as they sort the
// same bucket contents with the same code).
func ipSortBucket(seg []float64) {
	switch {
	case len(seg) <= 1:
	case len(seg) == 2:
		if seg[1] < seg[0] {
			seg[0], seg[1] = seg[1], seg[0]
		}
	case len(seg) <= ipSmallBucket:
		for i := 1; i < len(seg); i++ {
			v := seg[i]
			j := i
			for j > 0 && seg[j-1] > v {
				seg[j] = seg[j-1]
				j--
			}
			seg[j] = v
		}
	default:
		slices.Sort(seg)
	}
}

// ipSmallBucket is the largest bucket that ipSortBucket sorts by insertion
// and ipBucketEdges counts by pairwise comparison.
const ipSmallBucket = 12

// ipBucketEdges returns the adaptive edges
//
//	[low] + [U[⌊k·|U|/nb⌋] for k = 0..nb−1] + [U[|U|−1]]
//
// with U the sorted distinct values of x other than low, without sorting
// all of x: the same buckets as ipSortedDistinct, but each bucket is only
// counted (its number of distinct values, by pairwise equality tests that
// almost never succeed, so the branches are predictable) and only the at
// most nb+1 buckets holding a wanted rank are sorted. Equal values share a
// bucket (−0 and +0 too), so the distinct counts add up across buckets, and
// the edges are bit-for-bit those of ipSortedDistinct (same buckets, same
// bucket contents in the same order, same sort). ok is false when the
// bucketing does not apply (few values, no spread, a spread beyond
// MaxFloat64): the caller then uses ipSortedDistinct. lo and hi are the
// smallest and largest value of x, and low ≤ lo (so a value equal to low
// is in bucket 0); sc (may be nil) lends the work buffers.
func ipBucketEdges(x []float64, lo, hi, low float64, nbins int, sc *ipScratch) (edges []float64, ok bool) {
	n := len(x)
	nb := n / 4
	scale := float64(nb) / (hi - lo)
	if n < 64 || !(hi > lo) || math.IsInf(scale, 0) || !(scale > 0) {
		return nil, false
	}
	if sc == nil {
		sc = new(ipScratch)
	}
	last := nb - 1
	start := ipGrow(&sc.start, nb+1)
	clear(start)
	for _, v := range x {
		start[min(int((v-lo)*scale), last)+1]++
	}
	for b := 0; b < nb; b++ {
		start[b+1] += start[b]
	}
	next := ipGrow(&sc.next, nb)
	copy(next, start[:nb])
	out := ipGrow(&sc.out, n) // every element is written below
	for _, v := range x {
		b := min(int((v-lo)*scale), last)
		out[next[b]] = v
		next[b]++
	}
	// next[b] becomes the number of distinct values ≠ low of bucket b;
	// sorted[b] records the buckets sorted already (the large ones)
	cnt := next
	sorted := ipGrow(&sc.sorted, nb)
	clear(sorted)
	m := 0
	s0 := int32(0)
	for b := 0; b < nb; b++ {
		s1 := start[b+1]
		seg := out[s0:s1]
		s0 = s1
		// e is 1 when two of at most 8 values are equal (rare) and for
		// larger buckets; when e is 0 the values are distinct (and low can
		// only be in bucket 0), else they are counted one by one
		e := 0
		switch len(seg) {
		case 8:
			v := seg[7]
			e |= ipEq(seg[0], v) | ipEq(seg[1], v) | ipEq(seg[2], v) | ipEq(seg[3], v) |
				ipEq(seg[4], v) | ipEq(seg[5], v) | ipEq(seg[6], v)
			fallthrough
		case 7:
			v := seg[6]
			e |= ipEq(seg[0], v) | ipEq(seg[1], v) | ipEq(seg[2], v) | ipEq(seg[3], v) |
				ipEq(seg[4], v) | ipEq(seg[5], v)
			fallthrough
		case 6:
			v := seg[5]
			e |= ipEq(seg[0], v) | ipEq(seg[1], v) | ipEq(seg[2], v) | ipEq(seg[3], v) |
				ipEq(seg[4], v)
			fallthrough
		case 5:
			v := seg[4]
			e |= ipEq(seg[0], v) | ipEq(seg[1], v) | ipEq(seg[2], v) | ipEq(seg[3], v)
			fallthrough
		case 4:
			v := seg[3]
			e |= ipEq(seg[0], v) | ipEq(seg[1], v) | ipEq(seg[2], v)
			fallthrough
		case 3:
			e |= ipEq(seg[0], seg[2]) | ipEq(seg[1], seg[2])
			fallthrough
		case 2:
			e |= ipEq(seg[0], seg[1])
		case 0, 1:
		default:
			e = 1
		}
		c := len(seg)
		if e != 0 || b == 0 {
			c = ipCountDistinct(seg, low)
			if len(seg) > ipSmallBucket {
				sorted[b] = true
			}
		}
		cnt[b] = int32(c)
		m += c
	}
	edges = make([]float64, 0, nbins+2)
	edges = append(edges, low)
	if m == 0 {
		return edges, true
	}
	// the wanted ranks, non-decreasing: ⌊k·m/nbins⌋ for k < nbins, then m−1
	rank := func(k int) int {
		if k < nbins {
			return k * m / nbins
		}
		return m - 1
	}
	k, base := 0, 0 // base: distinct values in the buckets before b
	r := rank(0)
	s0 = 0
	for b := 0; b < nb && k <= nbins; b++ {
		c := int(cnt[b])
		s1 := start[b+1]
		if r >= base+c {
			base += c
			s0 = s1
			continue
		}
		seg := out[s0:s1]
		s0 = s1
		if !sorted[b] {
			ipSortBucket(seg)
		}
		// the distinct values ≠ low of the bucket, in order, in place
		w := 0
		for i, v := range seg {
			if v != low && (i == 0 || v != seg[i-1]) {
				seg[w] = v
				w++
			}
		}
		for ; k <= nbins && r < base+c; k++ {
			edges = append(edges, seg[r-base])
			if k+1 <= nbins {
				r = rank(k + 1)
			}
		}
		base += c
	}
	return edges, true
}

// ipEq is 1 when a == b, else 0.
func ipEq(a, b float64) int {
	if a == b {
		return 1
	}
	return 0
}

// ipCountDistinct returns the number of distinct values other than low in
// seg, sorting seg (with ipSortBucket) when it is longer than
// ipSmallBucket.
func ipCountDistinct(seg []float64, low float64) int {
	c := 0
	if len(seg) <= ipSmallBucket {
		for i, v := range seg {
			if v == low {
				continue
			}
			dup := false
			for _, u := range seg[:i] {
				if u == v {
					dup = true
					break
				}
			}
			if !dup {
				c++
			}
		}
		return c
	}
	ipSortBucket(seg)
	for i, v := range seg {
		if v != low && (i == 0 || v != seg[i-1]) {
			c++
		}
	}
	return c
}
