package mi

import (
	"encoding/binary"
	"math"
	"sync"
)

// Symbol counting shared by Binning and AdaptiveBinning: every row of a
// binned layer (a vector of d integer bin keys) is one discrete symbol.

// ipScratch holds the work buffers of one binning call, reused across calls
// through ipScratchPool so that a call neither allocates nor zeroes them
// (every user overwrites or clears what it reads). Nothing in them outlives
// the call: results are copied out.
type ipScratch struct {
	x, out      []float64
	start, next []int32
	sorted      []bool
	keys        []uint8
	table       []int32
}

var ipScratchPool = sync.Pool{New: func() any { return new(ipScratch) }}

// ipGrow returns (*s)[:n], reallocating when the capacity is short; the
// contents are not cleared.
func ipGrow[T any](s *[]T, n int) []T {
	if cap(*s) < n {
		*s = make([]T, n)
	}
	return (*s)[:n]
}

// ipRowSymbols gives every row of the n×d key matrix (row-major) a symbol
// id in order of first appearance: rows are equal if and only if their ids
// are. It hashes each row into an open-addressing table and compares the
// keys on a hit, so collisions cost time, never correctness. O(n·d).
func ipRowSymbols(keys []int64, n, d int) (ids []int32, nsym int) {
	size := 1
	for size < 2*n {
		size <<= 1
	}
	table := make([]int32, size) // row index + 1 of the representative; 0 = empty
	ids = make([]int32, n)
	mask := uint64(size - 1)
	for i := 0; i < n; i++ {
		row := keys[i*d : i*d+d]
		h := uint64(0x9e3779b97f4a7c15)
		for _, k := range row {
			h = ipMix(h ^ uint64(k))
		}
		for p := h & mask; ; p = (p + 1) & mask {
			r := table[p]
			if r == 0 {
				table[p] = int32(i + 1)
				ids[i] = int32(nsym)
				nsym++
				break
			}
			if ipEqualKeys(keys[int(r-1)*d:int(r-1)*d+d], row) {
				ids[i] = ids[r-1]
				break
			}
		}
	}
	return ids, nsym
}

// ipRowSymbolsBytes is ipRowSymbols for byte keys (at most 256 bins, the
// usual case): the same ids, as they depend only on which rows are equal,
// but a row is hashed eight keys at a time and compared as a string.
// sc (may be nil) lends the table.
func ipRowSymbolsBytes(keys []uint8, n, d int, sc *ipScratch) (ids []int32, nsym int) {
	size := 1
	for size < 2*n {
		size <<= 1
	}
	if sc == nil {
		sc = new(ipScratch)
	}
	table := ipGrow(&sc.table, size) // row index + 1 of the representative; 0 = empty
	clear(table)
	ids = make([]int32, n)
	mask := uint64(size - 1)
	for i := 0; i < n; i++ {
		row := keys[i*d : i*d+d]
		h := uint64(0x9e3779b97f4a7c15)
		j := 0
		for ; j+8 <= d; j += 8 {
			h = ipMix(h ^ binary.LittleEndian.Uint64(row[j:]))
		}
		switch {
		case j == d:
		case d >= 8: // the last 8 keys, overlapping the words above
			h = ipMix(h ^ binary.LittleEndian.Uint64(row[d-8:]))
		default:
			var w uint64
			for s, k := range row {
				w |= uint64(k) << (8 * s)
			}
			h = ipMix(h ^ w)
		}
		for p := h & mask; ; p = (p + 1) & mask {
			r := table[p]
			if r == 0 {
				table[p] = int32(i + 1)
				ids[i] = int32(nsym)
				nsym++
				break
			}
			if string(keys[int(r-1)*d:int(r-1)*d+d]) == string(row) {
				ids[i] = ids[r-1]
				break
			}
		}
	}
	return ids, nsym
}

func ipEqualKeys(a, b []int64) bool {
	b = b[:len(a)]
	for k, v := range a {
		if v != b[k] {
			return false
		}
	}
	return true
}

// ipMix is the SplitMix64 finaliser.
func ipMix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// ipSymbolEntropy returns the plug-in entropy (nats) of symbol ids.
func ipSymbolEntropy(ids []int32, nsym int) float64 {
	counts := make([]int, nsym)
	for _, s := range ids {
		counts[s]++
	}
	return ipEntropyCounts(counts, len(ids))
}

// ipCondEntropy returns the plug-in conditional entropy H(S|C) in nats,
// −(1/n) Σ_{c,s} n_{sc}·ln(n_{sc}/n_c), of symbol ids given classes cls
// (values in [0, ncls)). O(n + nsym + ncls), summed in a fixed order.
func ipCondEntropy(ids []int32, nsym int, cls []int, ncls int) float64 {
	n := len(ids)
	start := make([]int, ncls+1)
	for _, c := range cls {
		start[c+1]++
	}
	for c := 0; c < ncls; c++ {
		start[c+1] += start[c]
	}
	next := append([]int(nil), start[:ncls]...)
	byClass := make([]int32, n)
	for i, c := range cls {
		byClass[next[c]] = ids[i]
		next[c]++
	}
	cnt := make([]int, nsym)
	touched := make([]int32, 0, 64)
	// ln k of the small counts (the same values math.Log gives in the loop)
	var lnk [ipLogMemo]float64
	for k := 1; k < ipLogMemo; k++ {
		lnk[k] = math.Log(float64(k))
	}
	var h float64
	for c := 0; c < ncls; c++ {
		nc := start[c+1] - start[c]
		if nc == 0 {
			continue
		}
		touched = touched[:0]
		for _, s := range byClass[start[c]:start[c+1]] {
			if cnt[s] == 0 {
				touched = append(touched, s)
			}
			cnt[s]++
		}
		lnc := math.Log(float64(nc))
		for _, s := range touched {
			k := float64(cnt[s])
			var lk float64
			if c := cnt[s]; c < ipLogMemo {
				lk = lnk[c]
			} else {
				lk = math.Log(k)
			}
			h -= k * (lk - lnc)
			cnt[s] = 0
		}
	}
	return h / float64(n)
}

// ipBinnedLayer turns symbol ids into the information-plane coordinates:
// I(X;T) = H(T) − H(T|X) with X the sample identity (H(T|X) = 0) or the
// given x symbols, and I(T;Y) = H(T) − H(T|Y); nil y gives I(T;Y) = 0.
func ipBinnedLayer(ids []int32, nsym int, xs []int, y []int) (Layer, error) {
	n := len(ids)
	ht := ipSymbolEntropy(ids, nsym)
	l := Layer{IXT: ht}
	if xs != nil {
		xd, nx, _, err := ipLabels(xs, n)
		if err != nil {
			return Layer{}, err
		}
		l.IXT = ipNonNeg(ht - ipCondEntropy(ids, nsym, xd, nx))
	}
	if y != nil {
		yd, ny, _, err := ipLabels(y, n)
		if err != nil {
			return Layer{}, err
		}
		l.ITY = ipNonNeg(ht - ipCondEntropy(ids, nsym, yd, ny))
	}
	return l, nil
}
