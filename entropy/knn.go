package entropy

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/colscale"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/internal/special"
)

// Norm is the distance used by the k-nearest-neighbour entropy estimator.
type Norm int

const (
	// MaxNorm is the maximum (Chebyshev) norm; the unit ball is the cube
	// [−1,1]^d of volume 2^d (Kraskov et al. 2004, Eq. 20; NPEET).
	MaxNorm Norm = iota
	// EuclideanNorm is the L2 norm; the unit ball has volume
	// π^(d/2)/Γ(d/2+1) (Kozachenko & Leonenko 1987).
	EuclideanNorm
)

// String names the norm.
func (nm Norm) String() string {
	switch nm {
	case MaxNorm:
		return "max"
	case EuclideanNorm:
		return "euclidean"
	}
	return fmt.Sprintf("Norm(%d)", int(nm))
}

// KL is the Kozachenko–Leonenko k-nearest-neighbour estimator of
// differential entropy (Kozachenko & Leonenko 1987, in the form of Kraskov,
// Stögbauer & Grassberger 2004, Eq. 20):
//
//	h = ψ(N) − ψ(K) + log V_d + (d/N) Σ_i log r_i,
//
// in nats, where r_i is the distance from sample i to its K-th nearest
// neighbour and V_d the volume of the unit ball of the norm (2^d for the max
// norm, π^(d/2)/Γ(d/2+1) for the Euclidean norm). The estimator is
// asymptotically unbiased and consistent for densities with finite entropy;
// at finite N it is biased low for heavy-tailed or sharply bounded densities
// (uniform: boundary effects, relative error O(N^(−1/d))) and its variance
// is about Var[log p(X)]/N.
//
// Ties: a duplicate point makes r_i = 0 and h = −∞. Before estimating, KL
// adds Gaussian jitter of standard deviation Noise × (sample standard
// deviation of the column) to every entry (default 1e-8, as JIDT; Noise < 0
// disables it and then duplicates give −Inf), drawn in row-major order from a
// PCG stream seeded by Seed, so the result is reproducible and independent of
// GOMAXPROCS. Heavily tied data then give a finite value far below the
// entropy of any continuous density: the data are not continuous. A column
// that holds a single value has no density at all: Entropy returns −Inf for
// it (as the Gaussian and spacing estimators do), not a value set by the
// jitter's scale.
//
// Scales: the ball has the same width in every coordinate, so columns whose
// spreads differ by orders of magnitude bias the estimate by whole nats at
// any practical N (a 3-D Gaussian with standard deviations 0.01, 1 and 100:
// +3.9 nats at N = 1000, +1.6 at N = 10⁵). Unless KeepScales, KL therefore
// multiplies each column by the power of two that brings its standard
// deviation within 2√2 of the widest column's and subtracts the log-Jacobian
// of that map, exactly; columns of similar spread are left as they are.
//
// Cost O(N log N) in low dimension (kd-tree; sorted values in 1-D; for 3-D
// data and the max norm, columns built in O(N) by per-slab sorts,
// knn.Columns, which find the same k-th distances as the tree, unless a
// probe finds them slow for the data).
//
// KL stands for Kozachenko–Leonenko, not Kullback–Leibler: the KL divergence
// estimators are in package divergence. KozachenkoLeonenko is the same type
// under its full name.
type KL struct {
	// K is the neighbour (0 → 3).
	K int
	// Norm is MaxNorm (the zero value) or EuclideanNorm.
	Norm Norm
	// Noise is the relative jitter (0 → 1e-8; negative → none).
	Noise float64
	// Seed seeds the jitter.
	Seed uint64
	// Workers bounds the goroutines (0 → GOMAXPROCS). Results do not depend on it.
	Workers int
	// KeepScales estimates at the columns' own scales. By default a column
	// whose standard deviation is more than 2√2 times below the widest one
	// is first multiplied by a power of two that brings it within 2√2 of it
	// (exact in floating point), and ln|det| of that map is subtracted
	// (h(DX) = h(X) + ln|det D|): same limit, far less finite-sample bias
	// when the columns' scales differ by orders of magnitude (internal/colscale).
	KeepScales bool
}

// KozachenkoLeonenko is KL under its full name, for code that also uses the
// Kullback–Leibler estimators of package divergence.
type KozachenkoLeonenko = KL

// klNoiseStream is the second PCG word of the jitter stream.
const klNoiseStream = 0x6b6c2d6a6974 // "kl-jit"

// Entropy estimates the differential entropy in nats of the n×d samples x.
// It returns a wrapped itlab.ErrShape, ErrNonFinite, ErrTooFewSamples or
// ErrParam on bad input.
func (e KL) Entropy(xm mat.Matrix) (float64, error) {
	k := e.K
	if k == 0 {
		k = 3
	}
	if k < 0 {
		return 0, fmt.Errorf("k = %d, need k ≥ 1: %w", k, check.ErrParam)
	}
	if e.Norm != MaxNorm && e.Norm != EuclideanNorm {
		return 0, fmt.Errorf("norm %v: %w", e.Norm, check.ErrParam)
	}
	noise := e.Noise
	if math.IsNaN(noise) || math.IsInf(noise, 0) {
		return 0, fmt.Errorf("noise = %v: %w", noise, check.ErrParam)
	}
	if noise == 0 {
		noise = 1e-8
	}
	// the jitter's serial generator runs while the data are checked and copied
	noiseWait := func() []float64 { return nil }
	if noise > 0 && !check.IsNil(xm) {
		if r, c := xm.Dims(); r > 0 && c > 0 {
			noiseWait = knn.NormalsOn(e.Seed, klNoiseStream, r*c, e.Workers)
		}
	}
	w := parallel.Workers(e.Workers)
	var x []float64
	ex := 0
	if rm, ok := xm.(mat.RawMatrixer); ok && noise > 0 && !check.IsNil(xm) {
		// contiguous data: one pass sums the columns for the jitter's
		// scales and finds the largest magnitude. Finite sums mean finite
		// values (check.Samples would pass) and, with that magnitude of
		// ordinary scale (check.RescaleExponent 0), the jittered values go
		// straight into the draws' memory, the input's bits plus the
		// jitter, as the copy below would hold them. Otherwise (or a sum
		// that overflows) the checks below run and name the failure.
		raw := rm.RawMatrix()
		if n, d := xm.Dims(); n >= 1 && d >= 1 && raw.Stride == d {
			data := raw.Data[:n*d]
			sums, top := klColumnSums(data, n, d)
			finite := true
			for _, v := range sums {
				finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
			}
			if finite && check.RescaleExponent([]float64{top}) == 0 {
				if err := check.K(k, n); err != nil {
					return 0, err
				}
				if constantColumn(xm) {
					return math.Inf(-1), nil
				}
				scale := klJitterScaleSums(data, n, d, noise, sums)
				x = noiseWait()
				klJitterOnto(x, data, n, d, scale, w)
			}
		}
	}
	n, d := 0, 0
	if x == nil {
		if err := check.Samples("x", xm, 1); err != nil {
			return 0, err
		}
		n, d = xm.Dims()
		if err := check.K(k, n); err != nil {
			return 0, err
		}
		if constantColumn(xm) {
			// no density: the jitter would only turn −∞ into a number set
			// by its own scale
			return math.Inf(-1), nil
		}
		x = make([]float64, n*d)
		if rm, ok := xm.(mat.RawMatrixer); ok {
			raw := rm.RawMatrix()
			if raw.Stride == d {
				copy(x, raw.Data[:n*d])
			} else {
				for i := 0; i < n; i++ {
					copy(x[i*d:i*d+d], raw.Data[i*raw.Stride:i*raw.Stride+d])
				}
			}
		} else {
			for i := 0; i < n; i++ {
				mat.Row(x[i*d:i*d+d], i, xm)
			}
		}
		// h(aX) = h(X) + d·log a: data beyond 2^±100 are estimated at an
		// exact power-of-two scale, so distances neither over- nor
		// underflow at any finite scale, and the scale is added back below.
		ex = check.Rescale(x)
		if noise > 0 {
			// the columns' scales do not need the draws: computed while
			// the generator runs
			scale := klJitterScale(x, n, d, noise)
			klJitterAdd(x, n, d, scale, noiseWait(), w)
		}
	}
	n, d = xm.Dims()
	// columns of very different spreads: estimate h(DX) for an exact
	// power-of-two diagonal D that brings them within 2√2 of the widest,
	// and subtract ln|det D| (nothing changes for similar spreads)
	eq := 0
	if !e.KeepScales {
		eq = colscale.Equalize(d, x)
	}
	nm := knn.Max
	logV := float64(d) * math.Ln2
	if e.Norm == EuclideanNorm {
		nm = knn.Euclidean
		lg, _ := math.Lgamma(float64(d)/2 + 1)
		logV = float64(d)/2*math.Log(math.Pi) - lg
	}
	var s knn.AllSearcher
	if d == 3 && nm == knn.Max && !klNoColumns {
		// columns, unless a probe finds them slow for these data (a
		// coordinate with few values)
		if c := knn.NewColumns(x, n, k, 0, w); c.Suited(k) {
			s = c
		}
	}
	if s == nil {
		s = knn.NewAllSearcherInPlace(x, n, d, nm, w)
	}
	const block = 1024
	// Per block, the sum of log r_i in visit order: the k-th distances are
	// collected klLogBatch at a time and their logs added in that order
	// (knn.AddLogs: math.Log's bits, four at a time with AVX2), the same
	// sum as adding each log as it comes. Every block's state has cache
	// lines of its own: the two workers take neighbouring blocks.
	parts := make([]klPart, parallel.NumBlocks(n, block))
	s.EachKNN(k, false, block, w, func(b, _ int, dist []float64, _ []int32) {
		p := &parts[b]
		p.r[p.m] = dist[k-1]
		if p.m++; p.m == len(p.r) {
			p.sum = knn.AddLogs(p.sum, p.r[:])
			p.m = 0
		}
	})
	var sum float64
	for b := range parts {
		p := &parts[b]
		sum += knn.AddLogs(p.sum, p.r[:p.m])
	}
	return special.DigammaInt(n) - special.DigammaInt(k) + logV + float64(d)*sum/float64(n) + float64(d*ex-eq)*math.Ln2, nil
}

// klPart is one block's sum of log k-th distances and the distances not
// yet added, padded to three cache lines (192 bytes) so that the workers'
// blocks never share one.
type klPart struct {
	r   [klLogBatch]float64
	m   int
	sum float64
	_   [192 - 8*klLogBatch - 16]byte
}

// klLogBatch is the number of k-th distances whose logs are taken together.
const klLogBatch = 16

// constantColumn reports whether some column of x holds one value in every
// row. It stops at the first row where every column has changed, so on
// continuous data it reads a row or two.
func constantColumn(x mat.Matrix) bool {
	n, d := x.Dims()
	if n < 2 {
		return false
	}
	var first, row []float64
	if rm, ok := x.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		first = raw.Data[:d]
		same := make([]bool, d)
		for c := range same {
			same[c] = true
		}
		left := d
		for i := 1; i < n && left > 0; i++ {
			row = raw.Data[i*raw.Stride : i*raw.Stride+d]
			for c, v := range row {
				if same[c] && v != first[c] {
					same[c] = false
					left--
				}
			}
		}
		return left > 0
	}
	for c := 0; c < d; c++ {
		v0, varies := x.At(0, c), false
		for i := 1; i < n && !varies; i++ {
			varies = x.At(i, c) != v0
		}
		if !varies {
			return true
		}
	}
	return false
}

// klNoColumns makes Entropy search 3-D max-norm data with the kd-tree
// instead of knn.Columns (tests).
var klNoColumns bool

// klJitterScale returns level·sd_c for every column c of x (n×d), sd_c the
// column's sample standard deviation (1 for a constant column). The columns
// are summed side by side in one pass over the rows (each column's sum still
// in row order, so the same values as one column at a time).
func klJitterScale(x []float64, n, d int, level float64) []float64 {
	sums, _ := klColumnSums(x, n, d)
	return klJitterScaleSums(x, n, d, level, sums)
}

// klColumnSums returns every column's sum over the rows of x (n×d), in row
// order, and the largest magnitude of all values (NaN ignored), in one pass.
func klColumnSums(x []float64, n, d int) (sums []float64, top float64) {
	sums = make([]float64, d)
	x = x[:n*d]
	if d == 3 {
		// the common 3-D case with the sums in registers
		var m0, m1, m2 float64
		for i := 0; i+2 < len(x); i += 3 {
			a0, a1, a2 := x[i], x[i+1], x[i+2]
			m0 += a0
			m1 += a1
			m2 += a2
			// not the float max builtin (slow in a hot loop); rarely taken
			if a := math.Abs(a0); a > top {
				top = a
			}
			if a := math.Abs(a1); a > top {
				top = a
			}
			if a := math.Abs(a2); a > top {
				top = a
			}
		}
		sums[0], sums[1], sums[2] = m0, m1, m2
		return sums, top
	}
	c := 0
	for _, v := range x {
		sums[c] += v
		if a := math.Abs(v); a > top {
			top = a
		}
		if c++; c == d {
			c = 0
		}
	}
	return sums, top
}

// klJitterScaleSums is klJitterScale given the column sums (klColumnSums).
func klJitterScaleSums(x []float64, n, d int, level float64, sums []float64) []float64 {
	mean := make([]float64, d)
	ss := make([]float64, d)
	x = x[:n*d]
	for c := range mean {
		mean[c] = sums[c] / float64(n)
	}
	if d == 3 {
		m0, m1, m2 := mean[0], mean[1], mean[2]
		var s0, s1, s2 float64
		for i := 0; i+2 < len(x); i += 3 {
			v0, v1, v2 := x[i]-m0, x[i+1]-m1, x[i+2]-m2
			s0 += v0 * v0
			s1 += v1 * v1
			s2 += v2 * v2
		}
		ss[0], ss[1], ss[2] = s0, s1, s2
	} else {
		c := 0
		for _, v := range x {
			v -= mean[c]
			ss[c] += v * v
			if c++; c == d {
				c = 0
			}
		}
	}
	scale := make([]float64, d)
	for c := range scale {
		sd := 1.0
		if n > 1 && ss[c] > 0 {
			sd = math.Sqrt(ss[c] / float64(n-1))
		}
		scale[c] = level * sd
	}
	return scale
}

// klJitterOnto sets z[i] to data[i] + scale_c·z[i] (c the column of entry i):
// klJitterAdd on a copy of data, written over the variates z.
func klJitterOnto(z, data []float64, n, d int, scale []float64, workers int) {
	parallel.Blocks(n, 16384, workers, func(_, lo, hi int) {
		zs, ds := z[lo*d:hi*d], data[lo*d:hi*d]
		if d == 3 {
			s0, s1, s2 := scale[0], scale[1], scale[2]
			for i := 0; i+2 < len(zs) && i+2 < len(ds); i += 3 {
				zs[i] = ds[i] + s0*zs[i]
				zs[i+1] = ds[i+1] + s1*zs[i+1]
				zs[i+2] = ds[i+2] + s2*zs[i+2]
			}
			return
		}
		c := 0
		for i, v := range ds {
			zs[i] = v + scale[c]*zs[i]
			if c++; c == d {
				c = 0
			}
		}
	})
}

// klJitterAdd adds scale_c·z to every entry of column c, z the n·d variates
// in row-major order, in fixed blocks of rows on at most workers goroutines
// (every entry is computed alone: the result does not depend on workers).
func klJitterAdd(x []float64, n, d int, scale, z []float64, workers int) {
	parallel.Blocks(n, 16384, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			row, zr := x[i*d:i*d+d], z[i*d:i*d+d]
			for c := range row {
				row[c] += scale[c] * zr[c]
			}
		}
	})
}
