package inductivebias

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/itlab/itlab/internal/check"
)

// Result is an inductive-bias estimate.
type Result struct {
	Bits    float64 // −log₂ P(loss ≤ ε) under the fitted law, in bits
	Nats    float64 // the same in nats (what the reference code returns)
	Low     float64 // lower end of the bootstrap interval, bits
	High    float64 // upper end of the bootstrap interval, bits
	Level   float64 // confidence level of [Low, High]
	Fit     NCX2    // the fitted loss distribution
	Epsilon float64 // the target test loss ε
	Samples int     // hypotheses sampled
	// Tail says how ln P(loss ≤ ε) was obtained: "exact" (log-space series
	// of the fitted law) or "sankaran" (normal approximation, used only if
	// the series is not finite).
	Tail string
	// Hits is the number of sampled hypotheses whose loss was already ≤ ε.
	// When it is large the extrapolation is hardly needed; when it is 0 the
	// estimate is an extrapolation of the fitted law into its tail.
	Hits int
}

// Options controls FromLosses.
type Options struct {
	Bootstrap int     // bootstrap refits for the interval; 0 means 20, < 0 none
	Level     float64 // confidence level; 0 means 0.95
	Seed      uint64  // seed of the bootstrap resampling
}

// FromLosses estimates the inductive bias −log P(loss ≤ ε) from the test
// losses of hypotheses sampled from a hypothesis space (all of which fit the
// training data), as Boopathy et al. (2024) do: fit a scaled non-central χ²
// to the losses (FitNCX2) and evaluate its log-CDF at ε, which extrapolates
// to errors far below any sampled one. The interval refits the law on
// bootstrap resamples of the losses (percentile interval). Bits are
// reported; the reference code returns nats (Result.Nats).
func FromLosses(losses []float64, eps float64, opt Options) (Result, error) {
	if err := check.Positive("epsilon", eps); err != nil {
		return Result{}, err
	}
	fit, err := FitNCX2(losses)
	if err != nil {
		return Result{}, err
	}
	nats, tail := tailNats(fit, eps)
	r := Result{Nats: nats, Bits: nats / math.Ln2, Fit: fit, Epsilon: eps, Samples: len(losses), Tail: tail}
	for _, l := range losses {
		if l <= eps {
			r.Hits++
		}
	}
	r.Level = opt.Level
	if r.Level == 0 {
		r.Level = 0.95
	}
	if !(r.Level > 0 && r.Level < 1) {
		return Result{}, fmt.Errorf("confidence level %v, need 0 < level < 1: %w", r.Level, check.ErrParam)
	}
	nb := opt.Bootstrap
	if nb == 0 {
		nb = 20
	}
	r.Low, r.High = r.Bits, r.Bits
	if nb > 0 {
		rng := rand.New(rand.NewPCG(opt.Seed, 0x1b5))
		res := make([]float64, len(losses))
		bits := make([]float64, 0, min(nb, 1<<12)) // nb may be huge; grow as needed
		for b := 0; b < nb; b++ {
			for i := range res {
				res[i] = losses[rng.IntN(len(losses))]
			}
			// Refit from the point fit; when that lies outside the
			// likelihood's domain (DF or NC above 1e6, nearly constant
			// losses: the point fit is then the moment match), start from
			// the resample's own moments, or every refit would return the
			// start unchanged and the interval would collapse to a point.
			start := fit
			if fit.DF > 1e6 || fit.NC > 1e6 {
				start = NCX2{}
			}
			f, err := fitNCX2(res, start, 150)
			if err != nil {
				continue
			}
			n, _ := tailNats(f, eps)
			bits = append(bits, n/math.Ln2)
		}
		if len(bits) > 0 {
			slices.Sort(bits)
			a := (1 - r.Level) / 2
			r.Low = quantileSorted(bits, a)
			r.High = quantileSorted(bits, 1-a)
		}
	}
	return r, nil
}

func tailNats(d NCX2, eps float64) (float64, string) {
	l := d.LogCDF(eps)
	if !math.IsInf(l, 0) && !math.IsNaN(l) {
		// P ≤ 1, so −ln P ≥ 0; clamp the round-off of a CDF within an ulp of 1.
		return math.Max(0, -l), "exact"
	}
	return -d.SankaranLogCDF(eps), "sankaran"
}

// quantileSorted is the linear-interpolation quantile of sorted values.
func quantileSorted(s []float64, p float64) float64 {
	if len(s) == 1 {
		return s[0]
	}
	h := p * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}
