package check

import (
	"fmt"
	"math"
	"reflect"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
)

// Sentinel errors: the public ones of package itlab (the module root), so
// that callers outside the module match them with errors.Is(err,
// itlab.ErrShape). Wrap them with fmt.Errorf("...: %w", ErrX).
var (
	ErrShape         = itlab.ErrShape
	ErrNonFinite     = itlab.ErrNonFinite
	ErrTooFewSamples = itlab.ErrTooFewSamples
	ErrParam         = itlab.ErrParam
	ErrLabels        = itlab.ErrLabels
	ErrNotPSD        = itlab.ErrNotPSD
	ErrNoConvergence = itlab.ErrNoConvergence
	ErrRange         = itlab.ErrRange
)

// ErrLabelCount is what a label count that differs from the sample count
// wraps: a shape error about labels, so it matches both ErrShape and
// ErrLabels with errors.Is. Its text is ErrShape's ("shape mismatch").
var ErrLabelCount error = labelCount{}

type labelCount struct{}

func (labelCount) Error() string   { return ErrShape.Error() }
func (labelCount) Unwrap() []error { return []error{ErrShape, ErrLabels} }

// The range every estimator accepts. Squared distances and variances of
// values up to MaxMagnitude stay finite; data whose largest magnitude is
// below MinScale would have distances that underflow to zero.
const (
	MaxMagnitude = 1e150
	MinScale     = 1e-100
)

// scaleTracker checks one value at a time and remembers the largest magnitude.
type scaleTracker struct {
	ranged bool // also enforce MaxMagnitude and MinScale
	maxAbs float64
}

func (s *scaleTracker) bad(v float64) (msg string, err error) {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Sprintf("is %v", v), ErrNonFinite
	case s.ranged && math.Abs(v) > MaxMagnitude:
		return fmt.Sprintf("is %v, beyond ±%g (rescale the data)", v, MaxMagnitude), ErrRange
	}
	s.maxAbs = math.Max(s.maxAbs, math.Abs(v))
	return "", nil
}

func (s *scaleTracker) tooSmall(name string) error {
	if s.ranged && s.maxAbs > 0 && s.maxAbs < MinScale {
		return fmt.Errorf("%s: every value is below %g in magnitude (largest %v), so distances underflow; rescale the data: %w", name, MinScale, s.maxAbs, ErrRange)
	}
	return nil
}

// fastScan reports whether every value of x is finite, and the largest
// magnitude, without naming a failure. v − v is 0 for a finite v and NaN for
// ±Inf and NaN, so the sum is 0 exactly when all are finite; the loop has no
// branch per value.
func fastScan(x []float64) (finite bool, top float64) {
	var acc float64
	for _, v := range x {
		acc += v - v
		if a := math.Abs(v); a > top { // predictable: rarely taken
			top = a
		}
	}
	return acc == 0, top
}

// Finite returns an ErrNonFinite error naming the first non-finite entry of m
// (row and column, 0-based), or nil. name says which input it is ("x", "p", ...).
func Finite(name string, m mat.Matrix) error {
	return finite(name, m, false)
}

// Scale is Finite plus the range that distance-based estimators need: an
// ErrRange error for a value beyond ±MaxMagnitude, or for data whose every
// value is below MinScale in magnitude. Scale-invariant estimators (the
// Gaussian, spacing and fixed-range binning ones) do not need it.
func Scale(name string, m mat.Matrix) error {
	return finite(name, m, true)
}

func finite(name string, m mat.Matrix, ranged bool) error {
	if IsNil(m) {
		return fmt.Errorf("%s: nil matrix: %w", name, ErrShape)
	}
	r, c := m.Dims()
	s := scaleTracker{ranged: ranged}
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		// fast pass over the rows (one pass over the whole block when the
		// rows are contiguous, as for every n×1 input); the loop below only
		// runs to name a failure
		good := true
		if r > 0 && c > 0 && (raw.Stride == c || r == 1) {
			good, s.maxAbs = fastScan(raw.Data[:(r-1)*raw.Stride+c])
		} else {
			for i := 0; i < r && good; i++ {
				var top float64
				good, top = fastScan(raw.Data[i*raw.Stride : i*raw.Stride+c])
				s.maxAbs = max(s.maxAbs, top)
			}
		}
		if good && (!ranged || s.maxAbs <= MaxMagnitude) {
			return s.tooSmall(name)
		}
		s.maxAbs = 0
		for i := 0; i < r; i++ {
			row := raw.Data[i*raw.Stride : i*raw.Stride+c]
			for j, v := range row {
				if msg, err := s.bad(v); err != nil {
					return fmt.Errorf("%s: row %d, column %d (0-based) %s: %w", name, i, j, msg, err)
				}
			}
		}
		return s.tooSmall(name)
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if msg, err := s.bad(m.At(i, j)); err != nil {
				return fmt.Errorf("%s: row %d, column %d (0-based) %s: %w", name, i, j, msg, err)
			}
		}
	}
	return s.tooSmall(name)
}

// FiniteSlice is Finite for a plain slice.
func FiniteSlice(name string, x []float64) error {
	return finiteSlice(name, x, false)
}

// ScaleSlice is Scale for a plain slice.
func ScaleSlice(name string, x []float64) error {
	return finiteSlice(name, x, true)
}

func finiteSlice(name string, x []float64, ranged bool) error {
	s := scaleTracker{ranged: ranged}
	if good, top := fastScan(x); good && (!ranged || top <= MaxMagnitude) {
		s.maxAbs = top
		return s.tooSmall(name)
	}
	for i, v := range x {
		if msg, err := s.bad(v); err != nil {
			return fmt.Errorf("%s: element %d (0-based) %s: %w", name, i, msg, err)
		}
	}
	return s.tooSmall(name)
}

// Samples checks that m has at least min rows and at least one column, and
// that every value is finite.
func Samples(name string, m mat.Matrix, min int) error {
	if IsNil(m) {
		return fmt.Errorf("%s: nil matrix: %w", name, ErrShape)
	}
	r, c := m.Dims()
	if c == 0 {
		return fmt.Errorf("%s: no columns: %w", name, ErrShape)
	}
	if r < min {
		return fmt.Errorf("%s: %d samples, need at least %d: %w", name, r, min, ErrTooFewSamples)
	}
	return Finite(name, m)
}

// ScaledSamples is Samples followed by Scale: for the distance-based
// estimators (k-NN, kernels, transport).
func ScaledSamples(name string, m mat.Matrix, min int) error {
	if err := Samples(name, m, min); err != nil {
		return err
	}
	return Scale(name, m)
}

// SameRows checks that x and y have the same number of rows (samples).
func SameRows(xname string, x mat.Matrix, yname string, y mat.Matrix) error {
	if err := notNil(xname, x, yname, y); err != nil {
		return err
	}
	rx, _ := x.Dims()
	ry, _ := y.Dims()
	if rx != ry {
		return fmt.Errorf("%s has %d rows but %s has %d: %w", xname, rx, yname, ry, ErrShape)
	}
	return nil
}

// SameCols checks that p and q have the same number of columns (dimension).
func SameCols(pname string, p mat.Matrix, qname string, q mat.Matrix) error {
	if err := notNil(pname, p, qname, q); err != nil {
		return err
	}
	_, cp := p.Dims()
	_, cq := q.Dims()
	if cp != cq {
		return fmt.Errorf("%s has %d columns but %s has %d: %w", pname, cp, qname, cq, ErrShape)
	}
	return nil
}

// Labels checks that there are n labels and that each is non-negative.
// It returns the number of classes, max(label)+1.
func Labels(name string, labels []int, n int) (classes int, err error) {
	if len(labels) != n {
		return 0, fmt.Errorf("%s: %d labels for %d samples: %w", name, len(labels), n, ErrLabelCount)
	}
	for i, l := range labels {
		if l < 0 {
			return 0, fmt.Errorf("%s: label %d at index %d is negative: %w", name, l, i, ErrLabels)
		}
		if l+1 > classes {
			classes = l + 1
		}
	}
	return classes, nil
}

// K checks a neighbour count k against the sample count n: 1 ≤ k ≤ n-1.
func K(k, n int) error {
	if k < 1 {
		return fmt.Errorf("k = %d, need k ≥ 1: %w", k, ErrParam)
	}
	if n < k+1 {
		return fmt.Errorf("%d samples with k = %d, need at least k+1 = %d: %w", n, k, k+1, ErrTooFewSamples)
	}
	return nil
}

// Positive checks that a parameter is finite and > 0.
func Positive(name string, v float64) error {
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%s = %v, need a finite value > 0: %w", name, v, ErrParam)
	}
	return nil
}

// Rescale brings finite data of any scale into the range the distance-based
// estimators accept: when the largest magnitude over all the slices is beyond
// 2^±100 it divides every slice in place by the exact power of two 2^e that
// puts that magnitude in [0.5, 1), and returns e; otherwise it leaves them
// alone and returns 0 (so data of ordinary scale keep their exact bits).
// Scale-equivariant estimators use it and add the change back, for example
// h(X) = h(2^−e·X) + d·e·ln 2 for a differential entropy in d dimensions;
// scale-invariant ones (a divergence between P and Q rescaled together, a
// Vendi score) need nothing back. Values far below the largest may lose bits
// as subnormals; they are negligible next to it. O(total length).
func Rescale(xs ...[]float64) int {
	e := RescaleExponent(xs...)
	if e != 0 {
		for _, x := range xs {
			for i := range x {
				x[i] = math.Ldexp(x[i], -e)
			}
		}
	}
	return e
}

// RescaleExponent returns the e that Rescale would divide by 2^e, without
// changing the data: 0 for data of ordinary scale.
func RescaleExponent(xs ...[]float64) int {
	var top float64
	for _, x := range xs {
		for _, v := range x {
			if a := math.Abs(v); a > top { // not math.Max: slow in a hot loop
				top = a
			}
		}
	}
	if top == 0 || (top <= 0x1p100 && top >= 0x1p-100) || math.IsInf(top, 0) || math.IsNaN(top) {
		return 0
	}
	_, e := math.Frexp(top)
	return e
}

// notNil reports a nil matrix among the two named ones (ErrShape).
func notNil(xname string, x mat.Matrix, yname string, y mat.Matrix) error {
	switch {
	case IsNil(x):
		return fmt.Errorf("%s is nil: %w", xname, ErrShape)
	case IsNil(y):
		return fmt.Errorf("%s is nil: %w", yname, ErrShape)
	}
	return nil
}

// IsNil reports whether m is nil or a nil pointer of a matrix type
// (var x *mat.Dense passed as a mat.Matrix), on which every method of gonum's
// matrix types panics.
func IsNil(m mat.Matrix) bool {
	if m == nil {
		return true
	}
	v := reflect.ValueOf(m)
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}

// NotNil returns an ErrShape error naming the first nil matrix among the
// named ones (alternating name, matrix: NotNil("x", x, "y", y)), or nil.
// Estimators call it before anything asks a matrix for its Dims.
func NotNil(named ...any) error {
	for i := 0; i+1 < len(named); i += 2 {
		m, _ := named[i+1].(mat.Matrix)
		if named[i+1] == nil || IsNil(m) {
			return fmt.Errorf("%v: nil matrix: %w", named[i], ErrShape)
		}
	}
	return nil
}
