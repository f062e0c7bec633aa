package entropy

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/special"
)

// Discrete is a discrete (Shannon) entropy estimator working from the counts
// of the observed symbols. PlugIn, MillerMadow, Grassberger and NSB
// implement it.
type Discrete interface {
	// Counts returns the entropy estimate in nats from symbol counts
	// (zeros are ignored; N = Σ counts ≥ 1; a negative count is an error).
	Counts(counts []int) (float64, error)
}

// PlugIn is the maximum-likelihood ("plug-in") estimator of the Shannon
// entropy of a discrete variable,
//
//	Ĥ = −Σ_i (n_i/N) log(n_i/N) = log N − (1/N) Σ_i n_i log n_i   (nats),
//
// over the observed symbols i with counts n_i, N = Σ n_i. It is biased
// downwards: E[Ĥ] = H − (K−1)/(2N) + O(N⁻²) for K symbols with p_i > 0
// (Miller 1955), and much more when N is not ≫ K.
type PlugIn struct{}

// MillerMadow is the plug-in estimator with the first-order bias correction
// of Miller (1955) and Madow,
//
//	Ĥ_MM = Ĥ_plug-in + (K̂ − 1)/(2N),
//
// where K̂ is the number of observed symbols (n_i > 0). It removes the
// O(1/N) bias when every symbol has been seen; when many are unseen
// (N ≲ K) it still underestimates.
type MillerMadow struct{}

// Grassberger is the bias-corrected estimator of Grassberger (2003,
// "Entropy estimates from insufficient samplings", arXiv:physics/0307138,
// Eq. 35),
//
//	Ĥ_G = log N − (1/N) Σ_i n_i G(n_i),
//	G(n) = ψ(n) + ½(−1)ⁿ [ψ((n+1)/2) − ψ(n/2)],
//
// with ψ the digamma function. G(n) → log n for large n, so Ĥ_G → Ĥ_plug-in
// when every count is large; for small counts it corrects most of the bias
// (its bias is smaller than Miller–Madow's for p_i ≪ 1, and it never
// needs the alphabet size).
type Grassberger struct{}

// Counts implements Discrete.
func (PlugIn) Counts(counts []int) (float64, error) {
	n, _, err := countStats("entropy.PlugIn", counts)
	if err != nil {
		return math.NaN(), err
	}
	s := 0.0
	for _, c := range counts {
		if c > 0 {
			fc := float64(c)
			s += fc * math.Log(fc)
		}
	}
	return clampZero(math.Log(float64(n)) - s/float64(n)), nil
}

// Counts implements Discrete.
func (MillerMadow) Counts(counts []int) (float64, error) {
	n, k, err := countStats("entropy.MillerMadow", counts)
	if err != nil {
		return math.NaN(), err
	}
	h, _ := PlugIn{}.Counts(counts)
	return h + float64(k-1)/(2*float64(n)), nil
}

// Counts implements Discrete.
func (Grassberger) Counts(counts []int) (float64, error) {
	n, _, err := countStats("entropy.Grassberger", counts)
	if err != nil {
		return math.NaN(), err
	}
	s := 0.0
	for _, c := range counts {
		if c > 0 {
			s += float64(c) * grassbergerG(c)
		}
	}
	return math.Log(float64(n)) - s/float64(n), nil
}

// grassbergerG returns G(n) = ψ(n) + ½(−1)ⁿ[ψ((n+1)/2) − ψ(n/2)].
func grassbergerG(n int) float64 {
	fn := float64(n)
	alt := 0.5 * (special.Digamma((fn+1)/2) - special.Digamma(fn/2))
	if n%2 == 1 {
		alt = -alt
	}
	return special.Digamma(fn) + alt
}

// Symbols estimates the entropy of the discrete sample x (any int values;
// each distinct value is a symbol) in nats with the estimator e.
func Symbols(e Discrete, x []int) (float64, error) {
	if e == nil {
		return math.NaN(), errNilDiscrete
	}
	if len(x) == 0 {
		return math.NaN(), fmt.Errorf("entropy: no symbols: %w", check.ErrTooFewSamples)
	}
	return e.Counts(SymbolCounts(x))
}

// Rows estimates the entropy of the rows of x in nats with the estimator e,
// treating each distinct row as one symbol (exact equality of the float64
// values; −0 equals +0). Use it for binned or quantised activations.
// Cost O(n·d + n log n) (see RowSymbols).
func Rows(e Discrete, x mat.Matrix) (float64, error) {
	if e == nil {
		return math.NaN(), errNilDiscrete
	}
	if err := check.Samples("x", x, 1); err != nil {
		return math.NaN(), fmt.Errorf("entropy: %w", err)
	}
	ids, k := RowSymbols(x)
	counts := make([]int, k)
	for _, id := range ids {
		counts[id]++
	}
	return e.Counts(counts)
}

// Entropy estimates the entropy of the rows of x in nats, each distinct row
// a symbol (see Rows). With it the discrete estimators share the
// Entropy(mat.Matrix) method of the continuous ones.
func (p PlugIn) Entropy(x mat.Matrix) (float64, error) { return Rows(p, x) }

// Entropy estimates the entropy of the rows of x in nats (see Rows).
func (m MillerMadow) Entropy(x mat.Matrix) (float64, error) { return Rows(m, x) }

// Entropy estimates the entropy of the rows of x in nats (see Rows).
func (g Grassberger) Entropy(x mat.Matrix) (float64, error) { return Rows(g, x) }

// Symbols estimates the entropy of the symbols x in nats.
func (p PlugIn) Symbols(x []int) (float64, error) { return Symbols(p, x) }

// Symbols estimates the entropy of the symbols x in nats.
func (m MillerMadow) Symbols(x []int) (float64, error) { return Symbols(m, x) }

// Symbols estimates the entropy of the symbols x in nats.
func (g Grassberger) Symbols(x []int) (float64, error) { return Symbols(g, x) }

// SymbolCounts returns the count of each distinct value of x, in increasing
// order of value. O(n) when the values span a range ≤ 4n, O(n log n) otherwise.
func SymbolCounts(x []int) []int {
	if len(x) == 0 {
		return nil
	}
	lo, hi := slices.Min(x), slices.Max(x)
	if span := uint64(hi) - uint64(lo); span < uint64(4*len(x)+16) {
		dense := make([]int, span+1)
		for _, v := range x {
			dense[v-lo]++
		}
		return slices.DeleteFunc(dense, func(c int) bool { return c == 0 })
	}
	s := slices.Clone(x)
	slices.Sort(s)
	var counts []int
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		counts = append(counts, j-i)
		i = j
	}
	return counts
}

// RowSymbols maps every row of x to a symbol id in 0..k−1, equal rows to the
// same id, ids numbered in order of first appearance. Rows are hashed (64-bit
// mix of the float bits, −0 folded to +0), sorted by hash and compared value
// by value within equal hashes, so collisions cannot merge distinct rows.
// O(n·d + n log n); no string keys. NaN rows compare unequal to everything
// and each gets its own id (the estimators reject NaN before this). A nil x
// gives no ids and k = 0.
func RowSymbols(x mat.Matrix) (ids []int, k int) {
	if check.IsNil(x) {
		return nil, 0
	}
	n, d := x.Dims()
	rows := mat.DenseCopyOf(x) // contiguous, row-major
	raw := rows.RawMatrix()
	row := func(i int) []float64 { return raw.Data[i*raw.Stride : i*raw.Stride+d] }
	hash := make([]uint64, n)
	for i := range hash {
		h := uint64(0x9e3779b97f4a7c15) ^ uint64(d)
		for _, v := range row(i) {
			if v == 0 {
				v = 0 // fold −0 into +0
			}
			h = mix64(h ^ math.Float64bits(v))
		}
		hash[i] = h
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(hash[a], hash[b]); c != 0 {
			return c
		}
		if c := slices.Compare(row(a), row(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	// group ids: the first index (in input order) of each run of equal rows
	group := make([]int, n)
	for s := 0; s < n; {
		e := s + 1
		for e < n && hash[order[e]] == hash[order[s]] && slices.Equal(row(order[e]), row(order[s])) {
			e++
		}
		first := order[s] // runs are sorted by index, so order[s] is the first appearance
		for _, i := range order[s:e] {
			group[i] = first
		}
		s = e
	}
	// number the groups in order of first appearance; group[i] ≤ i, so the
	// id of group[i] is known by the time row i is reached
	ids = make([]int, n)
	for i, g := range group {
		if g == i {
			ids[i] = k
			k++
		} else {
			ids[i] = ids[g]
		}
	}
	return ids, k
}

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// MutualInfoDiscrete returns the plug-in mutual information of two discrete
// samples of equal length, I = H(X) + H(Y) − H(X,Y), in nats (≥ 0).
func MutualInfoDiscrete(x, y []int) (float64, error) {
	return MutualInfoDiscreteWith(PlugIn{}, x, y)
}

// MutualInfoDiscreteWith returns Ĥ(X) + Ĥ(Y) − Ĥ(X,Y) in nats with the
// entropy estimator e. With a bias-corrected e the result can be slightly
// negative on independent data.
func MutualInfoDiscreteWith(e Discrete, x, y []int) (float64, error) {
	if e == nil {
		return math.NaN(), errNilDiscrete
	}
	if len(x) != len(y) {
		return math.NaN(), fmt.Errorf("entropy: x has %d symbols but y has %d: %w", len(x), len(y), check.ErrShape)
	}
	if len(x) == 0 {
		return math.NaN(), fmt.Errorf("entropy: no symbols: %w", check.ErrTooFewSamples)
	}
	hx, err := e.Counts(SymbolCounts(x))
	if err != nil {
		return math.NaN(), err
	}
	hy, err := e.Counts(SymbolCounts(y))
	if err != nil {
		return math.NaN(), err
	}
	hxy, err := e.Counts(pairCounts(x, y))
	if err != nil {
		return math.NaN(), err
	}
	mi := hx + hy - hxy
	if _, ok := e.(PlugIn); ok {
		mi = clampZero(mi)
	}
	return mi, nil
}

// pairCounts returns the counts of the distinct pairs (x_i, y_i).
func pairCounts(x, y []int) []int {
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(x[a], x[b]); c != 0 {
			return c
		}
		return cmp.Compare(y[a], y[b])
	})
	var counts []int
	for s := 0; s < len(order); {
		e := s + 1
		for e < len(order) && x[order[e]] == x[order[s]] && y[order[e]] == y[order[s]] {
			e++
		}
		counts = append(counts, e-s)
		s = e
	}
	return counts
}

// countStats validates counts and returns N = Σ counts and the number of
// non-zero counts.
func countStats(who string, counts []int) (n, k int, err error) {
	for i, c := range counts {
		if c < 0 {
			return 0, 0, fmt.Errorf("%s: count %d at index %d is negative: %w", who, c, i, check.ErrParam)
		}
		if c > 0 {
			n += c
			k++
		}
	}
	if n == 0 {
		return 0, 0, fmt.Errorf("%s: no observations: %w", who, check.ErrTooFewSamples)
	}
	return n, k, nil
}

// clampZero maps the tiny negative rounding residue of a plug-in quantity
// that is ≥ 0 mathematically to 0.
func clampZero(v float64) float64 {
	if v < 0 && v > -1e-12 {
		return 0
	}
	return v
}

// errNilDiscrete is returned for a nil Discrete estimator.
var errNilDiscrete = fmt.Errorf("entropy: nil Discrete estimator: %w", check.ErrParam)
