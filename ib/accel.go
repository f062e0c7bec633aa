package ib

import (
	"math"
	"slices"
)

// step is one self-consistent update: the encoder from q(t) and q(y|t),
// then the marginals of the new encoder.
func (s *state) step(j *Joint, beta, alpha float64, sc *scratch) {
	s.encoderStep(j, beta, alpha, sc)
	s.marginals(j)
}

// iterateAccel runs the self-consistent iterations from s until convergence,
// accelerated by SQUAREM (Varadhan & Roland 2008, scheme S3): from the
// accepted state θ0 it takes two plain steps θ1 = F(θ0), θ2 = F(θ1), and
// with r = θ1 − θ0, v = θ2 − 2θ1 + θ0 and a = ‖r‖/‖v‖ (clamped to
// [1, amax]) jumps to θ' = θ0 + 2a·r + a²·v, then takes one plain step
// from there. θ is (ln q(t), ln q(y|t)), the parameters the encoder is
// computed from, so every jump lands on a valid encoder. The jump is kept
// only when its Lagrangian is not above that of θ2; otherwise θ2 is kept
// and amax shrinks. Each plain step is tested like iteratePlain does
// (stop when L changes by less than Tol; keep the previous state when L
// goes up), and every step counts towards MaxIter.
func (m Method) iterateAccel(j *Joint, s *state, beta float64) (*state, int, bool) {
	alpha := m.alpha()
	sc := newScratch(j)
	tol := m.tol()
	maxIt := m.maxIter()
	s.marginals(j)
	cur := s
	l := m.lagrangian(j, cur, beta)
	s1, s2, s3 := &state{}, &state{}, &state{}
	up := func(nl, ol float64) bool { return nl > ol+1e-12*(1+math.Abs(ol)) }
	amax := 1.0
	it := 0
	for it < maxIt {
		if mergeClusters(j, cur, mergeTol) {
			l = m.lagrangian(j, cur, beta)
		}
		s1.copyFrom(cur)
		s1.step(j, beta, alpha, sc)
		it++
		l1 := m.lagrangian(j, s1, beta)
		if up(l1, l) {
			return cur, it, true
		}
		if math.Abs(l1-l) < tol {
			return s1, it, true
		}
		if it >= maxIt {
			return s1, it, false
		}
		s2.copyFrom(s1)
		s2.step(j, beta, alpha, sc)
		it++
		l2 := m.lagrangian(j, s2, beta)
		if up(l2, l1) {
			return s1, it, true
		}
		if math.Abs(l2-l1) < tol {
			return s2, it, true
		}
		if it >= maxIt {
			return s2, it, false
		}
		if a, ok := extrapolate(j, cur, s1, s2, s3, amax); ok {
			s3.step(j, beta, alpha, sc)
			it++
			if l3 := m.lagrangian(j, s3, beta); l3 <= l2 {
				if a >= amax {
					amax *= 4
				}
				cur, s3 = s3, cur
				l = l3
				continue
			}
			amax = math.Max(1, a/4)
		}
		cur, s2 = s2, cur
		l = l2
	}
	return cur, it, false
}

// extrapolate writes the SQUAREM jump from s0, s1 = F(s0), s2 = F(s1) into
// dst's q(t) and q(y|t) (dst.qtx is sized for the next encoder step) and
// returns the step length a. It reports false when there is nothing to
// extrapolate: a cluster was dropped on the way, or θ did not move.
// Components that are −∞ (q(y|t) = 0) in any of the three states take
// their value in s2.
func extrapolate(j *Joint, s0, s1, s2, dst *state, amax float64) (float64, bool) {
	nt, ny := s0.nt, j.NY
	if s1.nt != nt || s2.nt != nt {
		return 0, false
	}
	sr2, sv2 := 0.0, 0.0
	acc := func(p0, p1, p2 []float64) {
		for i := range p0 {
			a0, a1, a2 := math.Log(p0[i]), math.Log(p1[i]), math.Log(p2[i])
			if math.IsInf(a0, 0) || math.IsInf(a1, 0) || math.IsInf(a2, 0) {
				continue
			}
			r, v := a1-a0, a2-2*a1+a0
			sr2 += r * r
			sv2 += v * v
		}
	}
	acc(s0.qt, s1.qt, s2.qt)
	acc(s0.qyt[:nt*ny], s1.qyt[:nt*ny], s2.qyt[:nt*ny])
	if !(sv2 > 0) || !(sr2 > 0) {
		return 0, false
	}
	a := math.Min(math.Max(math.Sqrt(sr2/sv2), 1), amax)
	dst.nt = nt
	dst.qtx = slices.Grow(dst.qtx[:0], j.NX*nt)[:j.NX*nt]
	dst.qt = slices.Grow(dst.qt[:0], nt)[:nt]
	dst.qyt = slices.Grow(dst.qyt[:0], nt*ny)[:nt*ny]
	dst.hasHTX = false
	jump := func(out, p0, p1, p2 []float64) {
		best := math.Inf(-1)
		for i := range out {
			a0, a1, a2 := math.Log(p0[i]), math.Log(p1[i]), math.Log(p2[i])
			v := a2
			if !math.IsInf(a0, 0) && !math.IsInf(a1, 0) && !math.IsInf(a2, 0) {
				v = a0 + 2*a*(a1-a0) + a*a*(a2-2*a1+a0)
			}
			out[i] = v
			best = math.Max(best, v)
		}
		// back to probabilities: a soft-max (−∞ gives exactly 0)
		sum := 0.0
		for i, v := range out {
			out[i] = math.Exp(v - best)
			sum += out[i]
		}
		for i := range out {
			out[i] /= sum
		}
	}
	jump(dst.qt, s0.qt, s1.qt, s2.qt)
	for t := 0; t < nt; t++ {
		k := t * ny
		jump(dst.qyt[k:k+ny], s0.qyt[k:k+ny], s1.qyt[k:k+ny], s2.qyt[k:k+ny])
	}
	return a, true
}

// mergeTol is how close (in every q(y|t)) two clusters must be for
// iterateAccel to merge them.
const mergeTol = 1e-6

// mergeClusters merges clusters whose q(y|t) agree within tol in every y
// into the first of them (q(t|x) and q(t) add, q(y|t) is their q(t)-weighted
// mean) and reports whether it merged any. Clusters with the same q(y|t)
// get the same update in every later step (q(t|x) ∝ q(t)·e^(−β·D_KL)), so
// they would stay one value of T: merging them keeps the iteration and
// makes each later step cost |X|·(clusters left)·|Y|.
func mergeClusters(j *Joint, s *state, tol float64) bool {
	nt, ny, nx := s.nt, j.NY, j.NX
	if nt < 2 {
		return false
	}
	// rep[t] is the cluster t merges into (itself when kept)
	rep := make([]int, nt)
	kept := 0
	for t := 0; t < nt; t++ {
		rep[t] = t
		qt := s.qyt[t*ny : (t+1)*ny]
		for r := 0; r < t; r++ {
			if rep[r] != r {
				continue
			}
			qr := s.qyt[r*ny : (r+1)*ny]
			same := true
			for y := range qt {
				if math.Abs(qt[y]-qr[y]) > tol {
					same = false
					break
				}
			}
			if same {
				rep[t] = r
				break
			}
		}
		if rep[t] == t {
			kept++
		}
	}
	if kept == nt {
		return false
	}
	// new index of each kept cluster
	idx := make([]int, nt)
	k := 0
	for t := 0; t < nt; t++ {
		if rep[t] == t {
			idx[t] = k
			k++
		}
	}
	nq := make([]float64, nx*kept)
	for x := 0; x < nx; x++ {
		src, dst := s.qtx[x*nt:(x+1)*nt], nq[x*kept:(x+1)*kept]
		for t, v := range src {
			dst[idx[rep[t]]] += v
		}
	}
	nyt := make([]float64, kept*ny)
	nqt := make([]float64, kept)
	for t := 0; t < nt; t++ {
		d := idx[rep[t]]
		nqt[d] += s.qt[t]
		for y := 0; y < ny; y++ {
			nyt[d*ny+y] += s.qt[t] * s.qyt[t*ny+y]
		}
	}
	for d := 0; d < kept; d++ {
		if nqt[d] > 0 {
			for y := 0; y < ny; y++ {
				nyt[d*ny+y] /= nqt[d]
			}
		}
	}
	s.nt, s.qtx, s.qt, s.qyt = kept, nq, nqt, nyt
	s.hasHTX = false
	return true
}
