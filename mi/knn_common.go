package mi

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
)

// Defaults shared by the k-nearest-neighbour estimators (KSG, Ross, CMI).
const (
	// DefaultK is the neighbour count of Kraskov et al. (2004) used when K is 0.
	DefaultK = 3
	// DefaultNoise is the standard deviation of the Gaussian jitter added to
	// every standardised coordinate when Noise is 0 (JIDT's NOISE_LEVEL_TO_ADD).
	DefaultNoise = 1e-8
)

// knnNoiseStream is the second PCG word of the jitter stream, so that the
// jitter of a given Seed differs from other uses of the same seed.
const knnNoiseStream = 0x6b6e6e2d6a6974 // "knn-jit"

// knnFlatten copies m into a row-major slice and checks it is finite. With
// raw (the data will be used at its own scale, NoStandardize) it also checks
// the range the distances need (check.Scale); standardised data can have
// any finite scale (see knnStandardize).
func knnFlatten(name string, m mat.Matrix, raw bool) ([]float64, int, int, error) {
	if check.IsNil(m) {
		return nil, 0, 0, fmt.Errorf("%s: nil matrix: %w", name, check.ErrShape)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return nil, 0, 0, fmt.Errorf("%s: empty matrix (%d×%d): %w", name, r, c, check.ErrShape)
	}
	check1 := check.Finite
	if raw {
		check1 = check.Scale
	}
	if err := check1(name, m); err != nil {
		return nil, 0, 0, err
	}
	out := make([]float64, r*c)
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		if raw.Stride == c {
			copy(out, raw.Data[:r*c])
			return out, r, c, nil
		}
		for i := 0; i < r; i++ {
			copy(out[i*c:i*c+c], raw.Data[i*raw.Stride:i*raw.Stride+c])
		}
		return out, r, c, nil
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[i*c+j] = m.At(i, j)
		}
	}
	return out, r, c, nil
}

// knnStandardize rescales each column of a (n×d) to zero mean and unit sample
// standard deviation. A constant column is only centred (after division by
// its magnitude). The columns are processed side by side, row by row (each
// column's sums still in row order: the values of one column at a time).
func knnStandardize(a []float64, n, d int) {
	if d == 1 {
		knnStandardize1(a[:n])
		return
	}
	// Divide by the largest magnitude first, so that the variance of a
	// column of any finite scale (1e-300 or 1e300) neither over- nor
	// underflows; the standardised result does not depend on it.
	m := make([]float64, d)
	for i := 0; i < n; i++ {
		for c, v := range a[i*d : i*d+d] {
			if v = math.Abs(v); v > m[c] { // not math.Max: slow in a hot loop
				m[c] = v
			}
		}
	}
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		row := a[i*d : i*d+d]
		for c := range row {
			if m[c] > 0 {
				row[c] /= m[c]
			}
			mean[c] += row[c]
		}
	}
	for c := range mean {
		mean[c] /= float64(n)
	}
	ss := make([]float64, d)
	for i := 0; i < n; i++ {
		for c, v := range a[i*d : i*d+d] {
			v -= mean[c]
			ss[c] += v * v
		}
	}
	sd := make([]float64, d)
	for c := range sd {
		sd[c] = 1
		if n > 1 && ss[c] > 0 {
			sd[c] = math.Sqrt(ss[c] / float64(n-1))
		}
	}
	for i := 0; i < n; i++ {
		row := a[i*d : i*d+d]
		for c := range row {
			row[c] = (row[c] - mean[c]) / sd[c]
		}
	}
}

// knnStandardize1 is knnStandardize of one column.
func knnStandardize1(a []float64) {
	n := len(a)
	var m float64
	for _, v := range a {
		if v = math.Abs(v); v > m {
			m = v
		}
	}
	var mean float64
	if m > 0 {
		for i := range a {
			a[i] /= m
			mean += a[i]
		}
	} else {
		for _, v := range a {
			mean += v
		}
	}
	mean /= float64(n)
	var ss float64
	for _, v := range a {
		v -= mean
		ss += v * v
	}
	sd := 1.0
	if n > 1 && ss > 0 {
		sd = math.Sqrt(ss / float64(n-1))
	}
	for i, v := range a {
		a[i] = (v - mean) / sd
	}
}

// knnColumnSD returns the sample standard deviation of every column of a,
// with 1 for a constant column.
func knnColumnSD(a []float64, n, d int) []float64 {
	sd := make([]float64, d)
	for c := 0; c < d; c++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += a[i*d+c]
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			v := a[i*d+c] - mean
			ss += v * v
		}
		sd[c] = 1
		if n > 1 && ss > 0 {
			sd[c] = math.Sqrt(ss / float64(n-1))
		}
	}
	return sd
}

// knnJitter adds independent N(0, (level·scale_c)²) noise to every entry of
// the given arrays, drawn in row-major order from one PCG stream seeded by
// seed. scale nil means 1 for every column. The result depends only on the
// seed and the data, never on scheduling.
func knnJitter(level float64, seed uint64, arrays ...knnArray) {
	if level <= 0 {
		return
	}
	count := 0
	for _, a := range arrays {
		count += a.n * a.d
	}
	knnJitterWith(level, knn.Normals(seed, knnNoiseStream, count)(), arrays...)
}

// knnNoise starts drawing count standard normal variates from the jitter
// stream of seed (the draws knnJitter makes, in its order) on another
// goroutine, so that the serial generator overlaps with copying, checking
// and standardising the data; wait returns them. level ≤ 0 draws nothing.
// workers (0: GOMAXPROCS) bounds the goroutines that draw (knn.NormalsOn).
func knnNoise(level float64, seed uint64, count, workers int) (wait func() []float64) {
	if level <= 0 {
		return func() []float64 { return nil }
	}
	return knn.NormalsOn(seed, knnNoiseStream, count, workers)
}

// knnJitterWith is knnJitter with the variates drawn beforehand by
// knnNoise: the same values, added in the same way.
func knnJitterWith(level float64, z []float64, arrays ...knnArray) {
	knnJitterOn(level, z, 1, arrays...)
}

// knnJitterOn is knnJitterWith on at most workers goroutines (the same
// values: every entry is computed alone).
func knnJitterOn(level float64, z []float64, workers int, arrays ...knnArray) {
	if level <= 0 {
		return
	}
	o := 0
	for _, a := range arrays {
		s := make([]float64, a.d)
		for c := range s {
			s[c] = level
			if a.scale != nil {
				s[c] *= a.scale[c]
			}
		}
		knnAddScaled(a.v[:a.n*a.d], a.d, s, z[o:o+a.n*a.d], workers)
		o += a.n * a.d
	}
}

// knnAddScaled adds s_c·z to every entry of column c of v (rows of d
// values), z in the same layout, in fixed blocks of rows on at most workers
// goroutines (every entry is computed alone: the result does not depend on
// workers).
func knnAddScaled(v []float64, d int, s, z []float64, workers int) {
	n := len(v) / d
	add := func(lo, hi int) {
		if d == 1 {
			s0 := s[0]
			zz := z[lo:hi]
			for i, zv := range zz {
				v[lo+i] += s0 * zv
			}
			return
		}
		for i := lo; i < hi; i++ {
			row, zr := v[i*d:i*d+d], z[i*d:i*d+d]
			for c := range row {
				row[c] += s[c] * zr[c]
			}
		}
	}
	parallel.Blocks(n, 32768, workers, func(_, lo, hi int) { add(lo, hi) })
}

type knnArray struct {
	v     []float64
	n, d  int
	scale []float64
}

// knnNoiseLevel resolves a Noise field: 0 → DefaultNoise, < 0 → none.
func knnNoiseLevel(noise float64) (float64, error) {
	if math.IsNaN(noise) || math.IsInf(noise, 0) {
		return 0, fmt.Errorf("noise = %v: %w", noise, check.ErrParam)
	}
	switch {
	case noise == 0:
		return DefaultNoise, nil
	case noise < 0:
		return 0, nil
	}
	return noise, nil
}

// knnK resolves a K field: 0 → DefaultK.
func knnK(k int) (int, error) {
	if k == 0 {
		return DefaultK, nil
	}
	if k < 0 {
		return 0, fmt.Errorf("k = %d, need k ≥ 1: %w", k, check.ErrParam)
	}
	return k, nil
}

// knnCounter picks the structure for radius counts in a marginal space:
// sorted values for 1-D, a kd-tree otherwise.
func knnCounter(a []float64, n, d, workers int) knn.SelfCounter {
	if d == 1 {
		return knn.NewSortedValues(a)
	}
	return knn.Build(a, n, d, knn.Max, 0, workers)
}

// knnBlock is the fixed block size of the per-point loops; partial sums are
// kept per block and added in block order.
const knnBlock = 1024

// knnSum adds per-block partial sums in block order.
func knnSum(parts []float64) float64 {
	var s float64
	for _, v := range parts {
		s += v
	}
	return s
}

// knnRanks replaces each column of a (n×d, row-major) by its ranks 1…n in
// ascending order, tied values by the mean of their ranks (the empirical
// copula, scaled by n). Ranks are a strictly increasing function of each
// column's values, so the mutual information they carry is the original's;
// what changes is the geometry the k-NN balls see: every marginal becomes
// uniform, and skewed or heavy-tailed columns no longer crowd most points
// into a corner. O(d·n log n) time, O(n) memory.
func knnRanks(a []float64, n, d int) {
	idx := make([]int, n)
	r := make([]float64, n)
	for c := 0; c < d; c++ {
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(p, q int) int {
			if v := cmp.Compare(a[p*d+c], a[q*d+c]); v != 0 {
				return v
			}
			return cmp.Compare(p, q)
		})
		for lo := 0; lo < n; {
			hi := lo + 1
			for hi < n && a[idx[hi]*d+c] == a[idx[lo]*d+c] {
				hi++
			}
			mean := float64(lo+hi+1) / 2 // ranks lo+1 … hi
			for _, i := range idx[lo:hi] {
				r[i] = mean
			}
			lo = hi
		}
		for i := 0; i < n; i++ {
			a[i*d+c] = r[i]
		}
	}
}
