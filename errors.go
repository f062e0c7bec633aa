package itlab

import "errors"

// The sentinel errors of every itlab estimator. Library functions wrap them
// with context (fmt.Errorf("...: %w", ErrX)); match them with errors.Is:
//
//	if _, err := mi.KSG{}.MI(x, y); errors.Is(err, itlab.ErrShape) { ... }
//
// dataio.ErrFormat (a malformed file) and nets.ErrStop (a callback that ends
// training) are the only other sentinels.
var (
	// ErrShape reports mismatched or unusable dimensions (row counts differ,
	// zero columns, dimensions of P and Q differ, a non-square matrix, a nil
	// matrix, ...).
	ErrShape = errors.New("shape mismatch")
	// ErrNonFinite reports a NaN or ±Inf where finite values are required.
	ErrNonFinite = errors.New("non-finite value")
	// ErrTooFewSamples reports fewer samples than the method needs.
	ErrTooFewSamples = errors.New("too few samples")
	// ErrParam reports an invalid estimator parameter (k < 1, a negative
	// bandwidth, an order q < 0, ...).
	ErrParam = errors.New("invalid parameter")
	// ErrLabels reports unusable labels (negative, out of range, a single
	// class where two are needed, ...). A label count that differs from the
	// number of samples matches both ErrLabels and ErrShape.
	ErrLabels = errors.New("invalid labels")
	// ErrNotPSD reports a similarity matrix that is not symmetric positive
	// semidefinite within tolerance.
	ErrNotPSD = errors.New("not positive semidefinite")
	// ErrNoConvergence reports an iterative method that did not converge.
	ErrNoConvergence = errors.New("did not converge")
	// ErrRange reports data whose magnitude an estimator cannot handle
	// without overflow or underflow (a value beyond ±1e150, or data whose
	// every value is below 1e-100 in magnitude). Rescaling the data fixes it;
	// the scale-equivariant estimators rescale by themselves.
	ErrRange = errors.New("value out of range")
)
