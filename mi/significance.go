package mi

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Significance is the result of a permutation test of independence.
type Significance struct {
	// Value is the estimate on the data as given, in nats.
	Value float64
	// PValue is (1 + #{surrogates ≥ Value}) / (1 + permutations): the
	// probability, under independence, of an estimate at least as large. It
	// is never 0; the smallest attainable value is 1/(1+permutations).
	PValue float64
	// Null holds the surrogate estimates in draw order.
	Null []float64
}

// Interval is a bootstrap confidence interval for an estimate.
type Interval struct {
	// Value is the estimate on the data as given, in nats.
	Value float64
	// Low and High bound the interval, in nats.
	Low, High float64
	// Level is the coverage asked for, e.g. 0.95.
	Level float64
	// Replicates is the number of resamples.
	Replicates int
	// Method is "percentile" (resampling with replacement) or
	// "half-sampling" (resampling half the rows without replacement; used for
	// the k-nearest-neighbour estimators, see Bootstrap).
	Method string
}

// knnResampled is implemented by the estimators for which exact duplicate
// rows are harmful (k-nearest-neighbour distances of zero), so that
// Bootstrap resamples them without replacement.
type knnResampled interface{ knnNoDuplicates() }

func (KSG) knnNoDuplicates()  {}
func (Ross) knnNoDuplicates() {}

// Permutation tests the independence of x and y: it compares est.MI(x, y)
// with the estimates on n surrogates in which the rows of y are shuffled
// (drawn from rng in sequence, so the result is fixed by rng's state). The
// p-value follows the (1+#≥)/(1+n) rule.
//
// For KSG (value or pointer) the surrogates reuse the preprocessed data and
// the marginal search structures of X and Y; only the joint space is rebuilt
// for each permutation. The jitter is then drawn once, not per surrogate.
func Permutation(est Estimator, x, y mat.Matrix, n int, rng *rand.Rand) (Significance, error) {
	if err := sigCheck(n, rng); err != nil {
		return Significance{}, err
	}
	if err := estCheck(est); err != nil {
		return Significance{}, err
	}
	if check.IsNil(x) || check.IsNil(y) {
		return Significance{}, fmt.Errorf("nil matrix: %w", check.ErrShape)
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return Significance{}, err
	}
	rows, _ := y.Dims()
	var k *KSG
	switch e := est.(type) {
	case KSG:
		k = &e
	case *KSG:
		k = e
	}
	if k != nil {
		st, err := k.prepare(x, y)
		if err != nil {
			return Significance{}, err
		}
		return sigRun(st.estimate(nil), n, rows, rng, func(perm []int) (float64, error) {
			p32 := make([]int32, len(perm))
			for i, v := range perm {
				p32[i] = int32(v)
			}
			return st.estimate(p32), nil
		})
	}
	v, err := est.MI(x, y)
	if err != nil {
		return Significance{}, err
	}
	yp := mat.DenseCopyOf(y)
	return sigRun(v, n, rows, rng, func(perm []int) (float64, error) {
		sigPermuteRows(yp, y, perm)
		return est.MI(x, yp)
	})
}

// PermutationLabels is Permutation for a continuous x and discrete labels:
// the surrogates shuffle the labels. For Ross (and KSG, which delegates to
// it) the preprocessed x and its counting structure are reused.
func PermutationLabels(est LabelEstimator, x mat.Matrix, labels []int, n int, rng *rand.Rand) (Significance, error) {
	if err := sigCheck(n, rng); err != nil {
		return Significance{}, err
	}
	if err := estCheck(est); err != nil {
		return Significance{}, err
	}
	var r *Ross
	switch e := est.(type) {
	case Ross:
		r = &e
	case *Ross:
		r = e
	case KSG:
		r = &Ross{K: e.K, Noise: e.Noise, Seed: e.Seed, NoStandardize: e.NoStandardize, Workers: e.Workers}
	case *KSG:
		r = &Ross{K: e.K, Noise: e.Noise, Seed: e.Seed, NoStandardize: e.NoStandardize, Workers: e.Workers}
	}
	lp := slices.Clone(labels)
	if r != nil {
		st, err := r.prepare(x, labels)
		if err != nil {
			return Significance{}, err
		}
		return sigRun(st.estimate(labels), n, len(labels), rng, func(perm []int) (float64, error) {
			for i, j := range perm {
				lp[i] = labels[j]
			}
			return st.estimate(lp), nil
		})
	}
	v, err := est.MILabels(x, labels)
	if err != nil {
		return Significance{}, err
	}
	return sigRun(v, n, len(labels), rng, func(perm []int) (float64, error) {
		for i, j := range perm {
			lp[i] = labels[j]
		}
		return est.MILabels(x, lp)
	})
}

func sigCheck(n int, rng *rand.Rand) error {
	if n < 1 {
		return fmt.Errorf("%d permutations/replicates, need ≥ 1: %w", n, check.ErrParam)
	}
	if rng == nil {
		return fmt.Errorf("nil rng: %w", check.ErrParam)
	}
	return nil
}

func sigRun(value float64, n, rows int, rng *rand.Rand, surrogate func(perm []int) (float64, error)) (Significance, error) {
	s := Significance{Value: value, Null: make([]float64, n)}
	perm := make([]int, rows)
	ge := 0
	for b := 0; b < n; b++ {
		for i := range perm {
			perm[i] = i
		}
		rng.Shuffle(rows, func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		v, err := surrogate(perm)
		if err != nil {
			return Significance{}, err
		}
		s.Null[b] = v
		if v >= value {
			ge++
		}
	}
	s.PValue = float64(1+ge) / float64(1+n)
	return s, nil
}

// sigPermuteRows sets row i of dst to row perm[i] of src.
func sigPermuteRows(dst *mat.Dense, src mat.Matrix, perm []int) {
	_, c := src.Dims()
	row := make([]float64, c)
	for i, j := range perm {
		mat.Row(row, j, src)
		dst.SetRow(i, row)
	}
}

// Bootstrap returns a confidence interval at the given level (0 < level < 1,
// e.g. 0.95) from b resamples of the rows of (x, y), drawn from rng in
// sequence.
//
// For most estimators it is the percentile bootstrap (Efron): rows are
// resampled with replacement and the interval is the (1−level)/2 and
// (1+level)/2 quantiles of the replicate estimates.
//
// Resampling with replacement repeats rows, and a repeated row is its own
// nearest neighbour at distance zero, which makes k-nearest-neighbour
// estimators (KSG, Ross) wildly biased upward. For them Bootstrap uses half-
// sampling instead: each replicate takes ⌊n/2⌋ distinct rows without
// replacement. The conditional spread of a half-sample estimate around the
// full-sample one matches the sampling spread of the full-sample estimate
// (Var ∝ 1/m − 1/n = 1/n at m = n/2), so the interval is the estimate plus
// the quantiles of the centred replicates: Value + q(θ*_b − mean θ*). The
// centring removes the extra small-sample bias of the half samples.
func Bootstrap(est Estimator, x, y mat.Matrix, b int, level float64, rng *rand.Rand) (Interval, error) {
	if err := bootCheck(b, level, rng); err != nil {
		return Interval{}, err
	}
	if err := estCheck(est); err != nil {
		return Interval{}, err
	}
	if check.IsNil(x) || check.IsNil(y) {
		return Interval{}, fmt.Errorf("nil matrix: %w", check.ErrShape)
	}
	if err := check.SameRows("x", x, "y", y); err != nil {
		return Interval{}, err
	}
	v, err := est.MI(x, y)
	if err != nil {
		return Interval{}, err
	}
	rows, _ := x.Dims()
	_, half := est.(knnResampled)
	return bootRun(v, b, level, rows, half, rng, func(idx []int) (float64, error) {
		return est.MI(bootRows(x, idx), bootRows(y, idx))
	})
}

// BootstrapLabels is Bootstrap for a continuous x and discrete labels.
func BootstrapLabels(est LabelEstimator, x mat.Matrix, labels []int, b int, level float64, rng *rand.Rand) (Interval, error) {
	if err := bootCheck(b, level, rng); err != nil {
		return Interval{}, err
	}
	if err := estCheck(est); err != nil {
		return Interval{}, err
	}
	v, err := est.MILabels(x, labels)
	if err != nil {
		return Interval{}, err
	}
	rows, _ := x.Dims()
	_, half := est.(knnResampled)
	return bootRun(v, b, level, rows, half, rng, func(idx []int) (float64, error) {
		l := make([]int, len(idx))
		for i, j := range idx {
			l[i] = labels[j]
		}
		return est.MILabels(bootRows(x, idx), l)
	})
}

func bootCheck(b int, level float64, rng *rand.Rand) error {
	if err := sigCheck(b, rng); err != nil {
		return err
	}
	if !(level > 0 && level < 1) {
		return fmt.Errorf("confidence level %v, need 0 < level < 1: %w", level, check.ErrParam)
	}
	return nil
}

func bootRun(value float64, b int, level float64, rows int, half bool, rng *rand.Rand, replicate func(idx []int) (float64, error)) (Interval, error) {
	iv := Interval{Value: value, Level: level, Replicates: b, Method: "percentile"}
	m := rows
	if half {
		iv.Method = "half-sampling"
		m = rows / 2
	}
	reps := make([]float64, b)
	idx := make([]int, m)
	perm := make([]int, rows)
	for r := 0; r < b; r++ {
		if half {
			for i := range perm {
				perm[i] = i
			}
			// partial Fisher–Yates: the first m entries are a uniform subset
			for i := 0; i < m; i++ {
				j := i + rng.IntN(rows-i)
				perm[i], perm[j] = perm[j], perm[i]
			}
			copy(idx, perm[:m])
			slices.Sort(idx) // keep the original row order
		} else {
			for i := range idx {
				idx[i] = rng.IntN(rows)
			}
		}
		v, err := replicate(idx)
		if err != nil {
			return Interval{}, fmt.Errorf("bootstrap replicate %d: %w", r, err)
		}
		reps[r] = v
	}
	shift := 0.0
	if half {
		var mean float64
		for _, v := range reps {
			mean += v
		}
		mean /= float64(b)
		shift = value - mean
	}
	slices.Sort(reps)
	a := (1 - level) / 2
	iv.Low = bootQuantile(reps, a) + shift
	iv.High = bootQuantile(reps, 1-a) + shift
	return iv, nil
}

// bootQuantile is the linear-interpolation quantile of sorted values.
func bootQuantile(s []float64, p float64) float64 {
	if len(s) == 1 {
		return s[0]
	}
	h := p * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// bootRows returns the rows idx of m as a new dense matrix.
func bootRows(m mat.Matrix, idx []int) *mat.Dense {
	_, c := m.Dims()
	out := mat.NewDense(max(len(idx), 1), c, nil)
	row := make([]float64, c)
	for i, j := range idx {
		mat.Row(row, j, m)
		out.SetRow(i, row)
	}
	return out
}

// estCheck refuses a nil estimator, or a nil pointer to one (var k *KSG),
// with ErrParam instead of a nil dereference.
func estCheck(est any) error {
	if est == nil {
		return fmt.Errorf("nil estimator: %w", check.ErrParam)
	}
	if v := reflect.ValueOf(est); v.Kind() == reflect.Pointer && v.IsNil() {
		return fmt.Errorf("nil %T estimator: %w", est, check.ErrParam)
	}
	return nil
}
