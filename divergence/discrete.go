package divergence

import (
	"fmt"
	"math"

	"github.com/itlab/itlab/internal/check"
)

// KLDiscrete returns the Kullback–Leibler divergence
//
//	KL(p‖q) = Σ_i p_i log(p_i/q_i)      (natural log, nats)
//
// between two discrete distributions on the same support. p and q must have
// equal length, finite non-negative entries and positive sums; each is
// normalised to sum 1 first (as scipy.stats.entropy does). Terms with p_i = 0
// contribute 0 (0·log 0 = 0); a term with q_i = 0 < p_i makes the result
// +Inf (P is not absolutely continuous with respect to Q), returned with a
// nil error. Cost O(len(p)).
func KLDiscrete(p, q []float64) (float64, error) {
	pn, qn, err := normalisePair(p, q)
	if err != nil {
		return 0, err
	}
	var s float64
	for i, pi := range pn {
		if pi == 0 {
			continue
		}
		if qn[i] == 0 {
			return math.Inf(1), nil
		}
		s += pi * math.Log(pi/qn[i])
	}
	if s < 0 { // rounding when p = q
		s = 0
	}
	return s, nil
}

// JSDiscrete returns the Jensen–Shannon divergence
//
//	JS(p, q) = ½ KL(p‖m) + ½ KL(q‖m),   m = (p + q)/2      (nats)
//
// between two discrete distributions, normalised as in KLDiscrete. It is
// symmetric, always finite and lies in [0, log 2]; its square root is a
// metric. Cost O(len(p)).
func JSDiscrete(p, q []float64) (float64, error) {
	pn, qn, err := normalisePair(p, q)
	if err != nil {
		return 0, err
	}
	var s float64
	for i := range pn {
		m := 0.5 * (pn[i] + qn[i])
		if pn[i] > 0 {
			s += 0.5 * pn[i] * math.Log(pn[i]/m)
		}
		if qn[i] > 0 {
			s += 0.5 * qn[i] * math.Log(qn[i]/m)
		}
	}
	return math.Min(math.Max(s, 0), math.Ln2), nil
}

func normalisePair(p, q []float64) ([]float64, []float64, error) {
	if len(p) != len(q) {
		return nil, nil, fmt.Errorf("divergence: p has %d entries but q has %d: %w", len(p), len(q), check.ErrShape)
	}
	if len(p) == 0 {
		return nil, nil, fmt.Errorf("divergence: empty distributions: %w", check.ErrTooFewSamples)
	}
	pn, err := normalise("p", p)
	if err != nil {
		return nil, nil, err
	}
	qn, err := normalise("q", q)
	if err != nil {
		return nil, nil, err
	}
	return pn, qn, nil
}

func normalise(name string, p []float64) ([]float64, error) {
	if err := check.FiniteSlice(name, p); err != nil {
		return nil, err
	}
	var s float64
	for i, v := range p {
		if v < 0 {
			return nil, fmt.Errorf("divergence: %s[%d] = %v is negative: %w", name, i, v, check.ErrParam)
		}
		s += v
	}
	if !(s > 0) {
		return nil, fmt.Errorf("divergence: %s sums to %v, need > 0: %w", name, s, check.ErrParam)
	}
	out := make([]float64, len(p))
	for i, v := range p {
		out[i] = v / s
	}
	return out, nil
}
