package entropy

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/special"
)

// NSB is the Bayesian entropy estimator of Nemenman, Shafee & Bialek (2002,
// "Entropy and inference, revisited", NIPS 14) for a discrete variable with
// K possible symbols. A symmetric Dirichlet prior with concentration β fixes
// the entropy almost deterministically when K is large, so NSB mixes over β
// with the weight that makes the prior on the entropy nearly flat:
//
//	ξ(β) = ψ(Kβ+1) − ψ(β+1)                    (prior mean entropy),
//	P(β) ∝ dξ/dβ = K·ψ₁(Kβ+1) − ψ₁(β+1),
//	P(n|β) = Γ(Kβ)/Γ(N+Kβ) · Π_i Γ(n_i+β)/Γ(β),
//	⟨H⟩_β = ψ(N+Kβ+1) − Σ_i (n_i+β)/(N+Kβ) · ψ(n_i+β+1)   (all K bins),
//	Ĥ_NSB = ∫ dβ P(β) P(n|β) ⟨H⟩_β / ∫ dβ P(β) P(n|β),
//
// in nats (ψ₁ the trigamma function). The integral is evaluated on a
// logarithmic β grid, refined around the posterior's mass. Cost
// O(G·D) for G ≈ 4000 grid points and D distinct count values.
//
// NSB is nearly unbiased in the undersampled regime when there are
// coincidences (some symbol seen twice); with no coincidence at all the data
// say little and Ĥ approaches the prior's upper range, near log K.
type NSB struct {
	// K is the alphabet size: the number of possible symbols, at least the
	// number of distinct symbols observed. It is required (0 is an error).
	K int
}

var (
	_ Discrete  = NSB{}
	_ Estimator = NSB{}
)

// Counts implements Discrete.
func (e NSB) Counts(counts []int) (float64, error) {
	n, kObs, err := countStats("entropy.NSB", counts)
	if err != nil {
		return math.NaN(), err
	}
	if e.K < 1 {
		return math.NaN(), fmt.Errorf("entropy.NSB: alphabet size K = %d, NSB needs the number of possible symbols: %w", e.K, check.ErrParam)
	}
	if kObs > e.K {
		return math.NaN(), fmt.Errorf("entropy.NSB: %d distinct symbols observed but alphabet size K = %d: %w", kObs, e.K, check.ErrParam)
	}
	if e.K == 1 {
		return 0, nil
	}
	// compress to (count value, multiplicity) including the empty bins
	vals := make([]int, 0, len(counts))
	for _, c := range counts {
		if c > 0 {
			vals = append(vals, c)
		}
	}
	slices.Sort(vals)
	var cv, mult []float64
	if kObs < e.K {
		cv = append(cv, 0)
		mult = append(mult, float64(e.K-kObs))
	}
	for i := 0; i < len(vals); {
		j := i + 1
		for j < len(vals) && vals[j] == vals[i] {
			j++
		}
		cv = append(cv, float64(vals[i]))
		mult = append(mult, float64(j-i))
		i = j
	}
	p := nsbPosterior{K: float64(e.K), N: float64(n), cv: cv, mult: mult}
	return p.mean(), nil
}

// Entropy estimates the entropy of the rows of x in nats, each distinct row a
// symbol (see Rows).
func (e NSB) Entropy(x mat.Matrix) (float64, error) { return Rows(e, x) }

// Symbols estimates the entropy of the symbols x in nats.
func (e NSB) Symbols(x []int) (float64, error) { return Symbols(e, x) }

type nsbPosterior struct {
	K, N     float64
	cv, mult []float64 // distinct count values (0 for empty bins) and how many bins have each
}

// logWeight returns log[P(β)·P(n|β)·β] (the β from integrating over log β)
// up to a constant, and ⟨H⟩_β.
func (p *nsbPosterior) logWeight(beta float64) (lw, h float64) {
	kb := p.K * beta
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	lw = lg(kb) - lg(p.N+kb)
	lgb := lg(beta)
	s := 0.0
	for i, c := range p.cv {
		if c > 0 {
			lw += p.mult[i] * (lg(c+beta) - lgb)
		}
		s += p.mult[i] * (c + beta) * special.Digamma(c+beta+1)
	}
	h = special.Digamma(p.N+kb+1) - s/(p.N+kb)
	prior := p.K*trigamma(kb+1) - trigamma(beta+1)
	if prior <= 0 { // rounding at huge β
		return math.Inf(-1), h
	}
	return lw + math.Log(prior) + math.Log(beta), h
}

// mean integrates ⟨H⟩_β against the posterior over log β: a coarse grid
// locates the mass, a fine grid integrates it (trapezoid rule).
func (p *nsbPosterior) mean() float64 {
	lo, hi := math.Log(1e-8), math.Log(1e6)
	for pass := 0; pass < 2; pass++ {
		const g = 2000
		step := (hi - lo) / (g - 1)
		lws := make([]float64, g)
		hs := make([]float64, g)
		best := math.Inf(-1)
		for i := range lws {
			lws[i], hs[i] = p.logWeight(math.Exp(lo + float64(i)*step))
			best = math.Max(best, lws[i])
		}
		if pass == 0 {
			// keep the region where the weight is above e^-40 of its peak
			first, last := g-1, 0
			for i, v := range lws {
				if v > best-40 {
					first = min(first, i)
					last = max(last, i)
				}
			}
			lo, hi = lo+float64(max(first-1, 0))*step, lo+float64(min(last+1, g-1))*step
			continue
		}
		var num, den float64
		for i := range lws {
			w := math.Exp(lws[i] - best)
			if i == 0 || i == g-1 {
				w /= 2
			}
			num += w * hs[i]
			den += w
		}
		return num / den
	}
	panic("unreachable")
}

// trigamma returns ψ₁(x) for x > 0: the recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up
// to x ≥ 10, then the asymptotic series.
func trigamma(x float64) float64 {
	r := 0.0
	for x < 10 {
		r += 1 / (x * x)
		x++
	}
	f := 1 / (x * x)
	return r + 1/x + f/2 + f/x*(1.0/6-f*(1.0/30-f*(1.0/42-f*(1.0/30-f*5.0/66))))
}
