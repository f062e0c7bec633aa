package ib

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

// Method is the iterative information-bottleneck method of Tishby, Pereira
// & Bialek (1999) for a discrete joint distribution p(x,y), in the
// generalised form of Strouse & Schwab (2017): it minimises
//
//	L[q(t|x)] = H(T) − α·H(T|X) − β·I(T;Y)
//
// (for α = 1 this is the IB Lagrangian I(X;T) − β·I(T;Y)) by iterating the
// self-consistent equations
//
//	q(t|x) ∝ exp( [ln q(t) − β·D_KL(p(y|x) ‖ q(y|t))] / α )
//	q(t)   = Σ_x p(x) q(t|x)
//	q(y|t) = Σ_x q(t|x) p(x) p(y|x) / q(t)
//
// like Blahut–Arimoto until L changes by less than Tol. α = 0 (DIB, the
// deterministic IB) replaces the soft-max by the arg-max. The iterations are
// accelerated by SQUAREM (Varadhan & Roland 2008), a jump along the last two
// steps kept only when it lowers L, and clusters whose q(y|t) coincide are
// merged as they form, so a step costs |X|·(clusters left)·|Y| (for α = 1;
// other α, and the DIB, run the plain iterations). Everything is in
// nats. The zero value is the classical IB with the defaults below.
type Method struct {
	// Alpha is the generalised-IB α (> 0). 0 means 1 (classical IB) unless
	// DIB is set.
	Alpha float64
	// DIB selects the deterministic IB (α = 0).
	DIB bool
	// Tmax is the number of clusters (values of T); 0 means |X|.
	Tmax int
	// Tol is the convergence tolerance on |ΔL| in nats; 0 means 1e-10.
	Tol float64
	// MaxIter bounds the iterations per fit; 0 means 10000.
	MaxIter int
	// Restarts is the number of random initialisations per β in addition to
	// the annealed start (Curve) or the single start (Fit); 0 means 2. The
	// solution with the lowest L is kept. Curve runs them at the β of its
	// initial grid, with max(4, 2·clusters of the previous β's solution)
	// clusters at most; the β that refinement adds start from the
	// solutions of their two neighbours instead.
	Restarts int
	// Seed seeds the random initialisations (PCG).
	Seed uint64
	// Workers bounds the goroutines that run a fit's starts (the annealed
	// one and the restarts) at once; 0 means GOMAXPROCS. Results do not
	// depend on it.
	Workers int

	// legacy selects the session-5 algorithm (plain self-consistent
	// iterations over all Tmax clusters, random restarts at every β,
	// refinement where the curve jumps); the tests and BenchmarkIBCurve
	// compare the default path against it. See plain.
	legacy bool
}

// Solution is one fitted encoder.
type Solution struct {
	// Beta is the trade-off β of min I(X;T) − β·I(T;Y) that this solution
	// optimises.
	Beta float64
	// IXT = I(X;T), ITY = I(T;Y), HT = H(T), in nats.
	IXT, ITY, HT float64
	// L is the generalised Lagrangian H(T) − α·H(T|X) − β·I(T;Y).
	L float64
	// Clusters is the number of distinct values of T: clusters with
	// q(t) > 1e-8 and different q(y|t) (within 1e-6).
	Clusters int
	// Iterations used, and whether |ΔL| < Tol was reached.
	Iterations int
	Converged  bool
	// Encoder is q(t|x), |X|×Clusters, rows sum to 1 (nil in Curve points
	// unless KeepEncoders is set).
	Encoder *mat.Dense
}

// Joint is a validated discrete joint distribution p(x,y) with the derived
// marginals and conditionals. Build it with NewJoint.
type Joint struct {
	// NX and NY are the numbers of values of x and y.
	NX, NY int
	PX     []float64 // p(x), length NX
	PY     []float64 // p(y), length NY
	PYX    []float64 // p(y|x), row-major NX×NY
	// HX, HY, IXY in nats.
	HX, HY, IXY float64
}

// NewJoint validates a non-negative matrix (rows x, columns y), normalises it
// to sum 1 and drops rows with zero mass. Errors: ErrShape (empty),
// ErrNonFinite, ErrParam (negative entries or zero total).
func NewJoint(p mat.Matrix) (*Joint, error) {
	if p == nil {
		return nil, fmt.Errorf("ib: joint: nil matrix: %w", check.ErrShape)
	}
	r, c := p.Dims()
	if r == 0 || c == 0 {
		return nil, fmt.Errorf("ib: joint: empty %d×%d matrix: %w", r, c, check.ErrShape)
	}
	if err := check.Finite("joint", p); err != nil {
		return nil, fmt.Errorf("ib: %w", err)
	}
	// Divide by the largest entry first, so that a table of counts or
	// weights near the float64 limit cannot overflow its total.
	maxv := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := p.At(i, j)
			if v < 0 {
				return nil, fmt.Errorf("ib: joint: entry (%d,%d) = %v is negative: %w", i, j, v, check.ErrParam)
			}
			maxv = math.Max(maxv, v)
		}
	}
	if maxv > 0 {
		scaled := mat.DenseCopyOf(p)
		scaled.Scale(1/maxv, scaled)
		if math.IsInf(1/maxv, 0) {
			// maxv is subnormal: scale in two steps.
			scaled = mat.DenseCopyOf(p)
			scaled.Scale(0x1p600, scaled)
			scaled.Scale(1/(maxv*0x1p600), scaled)
		}
		p = scaled
	}
	total := 0.0
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			total += p.At(i, j)
		}
	}
	if !(total > 0) {
		return nil, fmt.Errorf("ib: joint: all entries are zero: %w", check.ErrParam)
	}
	j := &Joint{NY: c, PY: make([]float64, c)}
	for i := 0; i < r; i++ {
		px := 0.0
		for k := 0; k < c; k++ {
			px += p.At(i, k)
		}
		if px == 0 {
			continue
		}
		j.PX = append(j.PX, px/total)
		for k := 0; k < c; k++ {
			v := p.At(i, k) / px
			j.PYX = append(j.PYX, v)
			j.PY[k] += p.At(i, k) / total
		}
	}
	j.NX = len(j.PX)
	j.HX = entropyOf(j.PX)
	j.HY = entropyOf(j.PY)
	hyx := 0.0
	for i := 0; i < j.NX; i++ {
		hyx += j.PX[i] * entropyOf(j.PYX[i*c:(i+1)*c])
	}
	j.IXY = math.Max(0, j.HY-hyx)
	return j, nil
}

// Reduce merges the values of X that have the same conditional p(y|x)
// (within tol in every entry; 0 means 1e-12). Such values are
// interchangeable for the IB problem: with G the group of x, Y−G−X is a
// Markov chain and G is a function of X, so any encoder q(t|x) can be
// replaced by q(t|g) = Σ_{x∈g} p(x|g) q(t|x), which keeps I(T;Y) and does not
// increase I(X;T) = I(G;T) + I(X;T|G); and every encoder of G is an encoder
// of X with the same two informations. The optimal curve
// max{I(T;Y) : I(X;T) ≤ r} of the reduced joint is therefore the curve of the
// original for r ≤ H(G), and is flat at I(X;Y) beyond. For the 12-bit task
// (uniform x, y a function of x) the 4096 rows reduce to 2.
//
// It returns the reduced joint and, for each row of j, its group index.
func (j *Joint) Reduce(tol float64) (*Joint, []int) {
	if tol <= 0 {
		tol = 1e-12
	}
	ny := j.NY
	idx := make([]int, j.NX)
	for i := range idx {
		idx[i] = i
	}
	row := func(i int) []float64 { return j.PYX[i*ny : (i+1)*ny] }
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := row(idx[a]), row(idx[b])
		for k := range ra {
			if ra[k] != rb[k] {
				return ra[k] < rb[k]
			}
		}
		return false
	})
	group := make([]int, j.NX)
	r := &Joint{NY: ny, PY: append([]float64(nil), j.PY...), HY: j.HY, IXY: j.IXY}
	for n, i := range idx {
		same := n > 0
		if same {
			prev := row(idx[n-1])
			for k, v := range row(i) {
				if math.Abs(v-prev[k]) > tol {
					same = false
					break
				}
			}
		}
		if !same {
			r.PX = append(r.PX, 0)
			r.PYX = append(r.PYX, row(i)...)
		}
		g := len(r.PX) - 1
		r.PX[g] += j.PX[i]
		group[i] = g
	}
	r.NX = len(r.PX)
	r.HX = entropyOf(r.PX)
	return r, group
}

func entropyOf(p []float64) float64 {
	h := 0.0
	for _, v := range p {
		if v > 0 {
			h -= v * math.Log(v)
		}
	}
	return h
}

func (m Method) alpha() float64 {
	if m.DIB {
		return 0
	}
	if m.Alpha > 0 {
		return m.Alpha
	}
	return 1
}

// plain reports whether Fit and Curve run the plain algorithm: for the
// legacy option, and for α ≠ 1 (the generalised IB and the DIB), whose
// curve in the (I(X;T), I(T;Y)) plane is not the concave curve of slope 1/β
// that the accelerated path's refinement and re-fitting rely on (DIB fits
// converge in a few steps anyway).
func (m Method) plain() bool {
	return m.legacy || m.alpha() != 1
}

func (m Method) tol() float64 {
	if m.Tol > 0 {
		return m.Tol
	}
	return 1e-10
}

func (m Method) maxIter() int {
	if m.MaxIter > 0 {
		return m.MaxIter
	}
	return 10000
}

func (m Method) restarts() int {
	if m.Restarts > 0 {
		return m.Restarts
	}
	return 2
}

func (m Method) tmax(j *Joint) int {
	if m.Tmax > 0 {
		return m.Tmax
	}
	return max(j.NX, 1)
}

func (m Method) validate(beta float64) error {
	if m.Alpha < 0 || math.IsNaN(m.Alpha) || math.IsInf(m.Alpha, 0) {
		return fmt.Errorf("ib: alpha = %v, need a finite value ≥ 0: %w", m.Alpha, check.ErrParam)
	}
	if m.Tmax < 0 || m.MaxIter < 0 || m.Restarts < 0 || m.Tol < 0 {
		return fmt.Errorf("ib: negative Tmax, MaxIter, Restarts or Tol: %w", check.ErrParam)
	}
	if !(beta >= 0) || math.IsInf(beta, 0) {
		return fmt.Errorf("ib: beta = %v, need a finite value ≥ 0: %w", beta, check.ErrParam)
	}
	return nil
}

const ptol = 1e-8 // clusters with q(t) ≤ ptol are dropped

// expUnderflow is an argument below which math.Exp returns exactly 0
// (e^−746 is below half the smallest subnormal): far clusters skip the call.
const expUnderflow = -746.0

// state is an encoder and its derived quantities.
type state struct {
	nt  int
	qtx []float64 // NX×nt
	qt  []float64 // nt
	qyt []float64 // nt×NY
	// htx is H(T|X=x) per x when hasHTX: encoderStep gets it from the
	// soft-max's own logarithms, which saves a logarithm per (x, t)
	htx    []float64
	hasHTX bool
}

// copyFrom makes s a copy of o, reusing s's memory.
func (s *state) copyFrom(o *state) {
	s.nt = o.nt
	s.qtx = append(s.qtx[:0], o.qtx...)
	s.qt = append(s.qt[:0], o.qt...)
	s.qyt = append(s.qyt[:0], o.qyt...)
	s.htx = append(s.htx[:0], o.htx...)
	s.hasHTX = o.hasHTX
}

// scratch is the memory one sequence of iterations reuses.
type scratch struct {
	plogp []float64 // Σ_y p(y|x) ln p(y|x), per x
	lq    []float64 // ln q(y|t), nt×NY
	lqt   []float64 // ln q(t)
	logit []float64
}

func newScratch(j *Joint) *scratch {
	sc := &scratch{plogp: make([]float64, j.NX)}
	for x := range sc.plogp {
		for _, p := range j.PYX[x*j.NY : (x+1)*j.NY] {
			if p > 0 {
				sc.plogp[x] += p * math.Log(p)
			}
		}
	}
	return sc
}

// marginals recomputes q(t) (dropping dead clusters) and q(y|t).
func (s *state) marginals(j *Joint) {
	nx, ny := j.NX, j.NY
	s.qt = s.qt[:0]
	for t := 0; t < s.nt; t++ {
		q := 0.0
		for x := 0; x < nx; x++ {
			q += j.PX[x] * s.qtx[x*s.nt+t]
		}
		s.qt = append(s.qt, q)
	}
	// drop clusters with q(t) ≤ ptol (the list is built only when there
	// are some, so that a step does not allocate)
	var keep []int
	if slices.ContainsFunc(s.qt, func(q float64) bool { return !(q > ptol) }) {
		keep = make([]int, 0, s.nt)
		for t, q := range s.qt {
			if q > ptol {
				keep = append(keep, t)
			}
		}
	}
	if keep != nil && len(keep) < s.nt && len(keep) > 0 {
		nq := make([]float64, nx*len(keep))
		for x := 0; x < nx; x++ {
			sum := 0.0
			for k, t := range keep {
				nq[x*len(keep)+k] = s.qtx[x*s.nt+t]
				sum += nq[x*len(keep)+k]
			}
			if sum > 0 {
				for k := range keep {
					nq[x*len(keep)+k] /= sum
				}
			} else {
				for k := range keep {
					nq[x*len(keep)+k] = 1 / float64(len(keep))
				}
			}
		}
		s.qtx, s.nt = nq, len(keep)
		s.hasHTX = false // the rows were renormalised
		s.qt = s.qt[:0]
		for t := 0; t < s.nt; t++ {
			q := 0.0
			for x := 0; x < nx; x++ {
				q += j.PX[x] * s.qtx[x*s.nt+t]
			}
			s.qt = append(s.qt, q)
		}
	}
	s.qyt = slices.Grow(s.qyt[:0], s.nt*ny)[:s.nt*ny]
	clear(s.qyt)
	for x := 0; x < nx; x++ {
		pyx := j.PYX[x*ny : (x+1)*ny]
		for t := 0; t < s.nt; t++ {
			w := s.qtx[x*s.nt+t] * j.PX[x]
			if w == 0 {
				continue
			}
			row := s.qyt[t*ny : (t+1)*ny]
			for y, v := range pyx {
				row[y] += w * v
			}
		}
	}
	for t := 0; t < s.nt; t++ {
		if s.qt[t] > 0 {
			row := s.qyt[t*ny : (t+1)*ny]
			for y := range row {
				row[y] /= s.qt[t]
			}
		}
	}
}

// encoderStep updates q(t|x) from q(t) and q(y|t). The divergence is
// D_KL(p(y|x) ‖ q(y|t)) = Σ_y p ln p − Σ_y p ln q(y|t), with the logarithms
// taken once per x and once per (t, y) instead of once per (x, t, y).
func (s *state) encoderStep(j *Joint, beta, alpha float64, sc *scratch) {
	nx, ny, nt := j.NX, j.NY, s.nt
	sc.lq = slices.Grow(sc.lq[:0], nt*ny)[:nt*ny]
	for i, q := range s.qyt[:nt*ny] {
		sc.lq[i] = math.Log(q) // −Inf for q = 0, tested below
	}
	sc.lqt = slices.Grow(sc.lqt[:0], nt)[:nt]
	for t := range sc.lqt {
		sc.lqt[t] = math.Log(s.qt[t])
	}
	sc.logit = slices.Grow(sc.logit[:0], nt)[:nt]
	logit := sc.logit
	s.htx = slices.Grow(s.htx[:0], nx)[:nx]
	s.hasHTX = true
	for x := 0; x < nx; x++ {
		s.htx[x] = 0 // one-hot rows below
		pyx := j.PYX[x*ny : (x+1)*ny]
		best := math.Inf(-1)
		for t := 0; t < nt; t++ {
			cross := 0.0
			lq := sc.lq[t*ny : (t+1)*ny]
			for y, p := range pyx {
				if p == 0 {
					continue
				}
				if s.qyt[t*ny+y] == 0 {
					cross = math.Inf(-1)
					break
				}
				cross += p * lq[y]
			}
			v := sc.lqt[t] - beta*(sc.plogp[x]-cross)
			if beta == 0 {
				v = sc.lqt[t]
			}
			logit[t] = v
			if v > best {
				best = v
			}
		}
		row := s.qtx[x*nt : (x+1)*nt]
		if math.IsInf(best, -1) { // no cluster can explain x: put it in the largest
			big := 0
			for t := range s.qt {
				if s.qt[t] > s.qt[big] {
					big = t
				}
			}
			for t := range row {
				row[t] = 0
			}
			row[big] = 1
			continue
		}
		if alpha == 0 {
			arg := 0
			for t := 0; t < nt; t++ {
				if logit[t] > logit[arg] {
					arg = t
				}
			}
			for t := range row {
				row[t] = 0
			}
			row[arg] = 1
			continue
		}
		// q(t|x) = e^(a_t)/S with a_t = (logit_t − best)/α, so
		// H(T|X=x) = ln S − Σ_t q(t|x)·a_t
		sum, ea := 0.0, 0.0
		for t := 0; t < nt; t++ {
			e := 0.0
			if a := (logit[t] - best) / alpha; a > expUnderflow {
				e = math.Exp(a) // else exactly what math.Exp gives: 0
				ea += e * a
			}
			row[t] = e
			sum += e
		}
		for t := range row {
			row[t] /= sum
		}
		s.htx[x] = math.Max(0, math.Log(sum)-ea/sum)
	}
}

// htxOf returns H(T|X=x), the entropy of row x of the encoder.
func (s *state) htxOf(x int) float64 {
	if s.hasHTX {
		return s.htx[x]
	}
	return entropyOf(s.qtx[x*s.nt : (x+1)*s.nt])
}

// metrics returns I(X;T), I(T;Y), H(T), H(T|X) in nats.
func (s *state) metrics(j *Joint) (ixt, ity, ht, htx float64) {
	ny := j.NY
	ht = entropyOf(s.qt)
	for x := 0; x < j.NX; x++ {
		h := s.htxOf(x)
		htx += j.PX[x] * h
	}
	for t := 0; t < s.nt; t++ {
		if s.qt[t] == 0 {
			continue
		}
		for y, q := range s.qyt[t*ny : (t+1)*ny] {
			if q > 0 {
				ity += s.qt[t] * q * math.Log(q/j.PY[y])
			}
		}
	}
	ixt = math.Max(0, ht-htx)
	ity = math.Max(0, math.Min(ity, j.IXY))
	return
}

func (m Method) lagrangian(j *Joint, s *state, beta float64) float64 {
	_, ity, ht, htx := s.metrics(j)
	return ht - m.alpha()*htx - beta*ity
}

// iterate runs the self-consistent iterations from s until convergence.
func (m Method) iterate(j *Joint, s *state, beta float64) (*state, int, bool) {
	if m.plain() {
		return m.iteratePlain(j, s, beta)
	}
	return m.iterateAccel(j, s, beta)
}

// iteratePlain is the plain fixed-point iteration: one self-consistent
// step at a time until L changes by less than Tol.
func (m Method) iteratePlain(j *Joint, s *state, beta float64) (*state, int, bool) {
	alpha := m.alpha()
	sc := newScratch(j)
	s.marginals(j)
	l := m.lagrangian(j, s, beta)
	tol := m.tol()
	prev := &state{}
	for it := 1; it <= m.maxIter(); it++ {
		prev.copyFrom(s)
		s.encoderStep(j, beta, alpha, sc)
		s.marginals(j)
		nl := m.lagrangian(j, s, beta)
		if nl > l+1e-12*(1+math.Abs(l)) { // L went up: keep the previous step
			return prev, it, true
		}
		if math.Abs(nl-l) < tol {
			return s, it, true
		}
		l = nl
	}
	return s, m.maxIter(), false
}

// randomState spreads x evenly over nt clusters: the assigned cluster gets
// mass p0 (0.75, or 1 for DIB), the rest is spread at random (Strouse's
// initialisation).
func (m Method) randomState(j *Joint, nt int, rng *rand.Rand) *state {
	p0 := 0.75
	if m.DIB {
		p0 = 1
	}
	s := &state{nt: nt, qtx: make([]float64, j.NX*nt)}
	perm := rng.Perm(j.NX)
	for n, x := range perm {
		row := s.qtx[x*nt : (x+1)*nt]
		a := n % nt
		if nt == 1 {
			row[0] = 1
			continue
		}
		sum := 0.0
		for t := range row {
			if t != a {
				row[t] = rng.Float64()
				sum += row[t]
			}
		}
		for t := range row {
			if t != a {
				if sum > 0 {
					row[t] *= (1 - p0) / sum
				}
			}
		}
		row[a] = p0
		if sum == 0 {
			row[a] = 1
		}
	}
	return s
}

// perturbed returns s re-expanded to nt clusters: each live cluster is
// duplicated into the dead slots with a small random tilt, so annealing can
// find the splits (bifurcations) of the next β.
func perturbed(j *Joint, s *state, nt int, rng *rand.Rand) *state {
	ns := &state{nt: nt, qtx: make([]float64, j.NX*nt)}
	for x := 0; x < j.NX; x++ {
		src := s.qtx[x*s.nt : (x+1)*s.nt]
		dst := ns.qtx[x*nt : (x+1)*nt]
		sum := 0.0
		for t := 0; t < nt; t++ {
			v := src[t%s.nt]
			if t >= s.nt || s.nt == nt {
				v *= 1 + 0.1*(rng.Float64()-0.5)
			}
			dst[t] = v
			sum += v
		}
		for t := range dst {
			dst[t] /= sum
		}
	}
	return ns
}

func (m Method) solution(j *Joint, s *state, beta float64, it int, conv bool, keep bool) Solution {
	ixt, ity, ht, _ := s.metrics(j)
	sol := Solution{Beta: beta, IXT: ixt, ITY: ity, HT: ht, L: m.lagrangian(j, s, beta), Iterations: it, Converged: conv}
	// Count distinct clusters: live clusters with different q(y|t) (clusters
	// that coincide, as at low β, are one value of T).
	ny := j.NY
	var reps []int
	for t, q := range s.qt {
		if q <= ptol {
			continue
		}
		dup := false
		for _, r := range reps {
			same := true
			for y := 0; y < ny; y++ {
				if math.Abs(s.qyt[t*ny+y]-s.qyt[r*ny+y]) > 1e-6 {
					same = false
					break
				}
			}
			if same {
				dup = true
				break
			}
		}
		if !dup {
			reps = append(reps, t)
		}
	}
	sol.Clusters = len(reps)
	if keep {
		sol.Encoder = mat.NewDense(j.NX, s.nt, append([]float64(nil), s.qtx...))
	}
	return sol
}

// fit runs the restarts plus an optional warm start and the single-cluster
// solution and returns the best by L.
func (m Method) fit(j *Joint, beta float64, warm, upper *state, restarts int, rng *rand.Rand) (*state, Solution) {
	nt := m.tmax(j)
	type cand struct {
		s    *state
		it   int
		conv bool
	}
	// the starts are drawn in order from rng, then iterated at once (the
	// iterations use no randomness, so the result does not depend on the
	// number of workers)
	var starts []*state
	if warm != nil {
		wt := nt
		if !m.plain() {
			// each cluster of the previous solution gets one tilted copy
			// (a split is a cluster becoming two): the copies that stay
			// together merge again, and the steps cost |X|·2·clusters
			// instead of |X|·Tmax
			wt = min(nt, 2*warm.nt)
		}
		starts = append(starts, perturbed(j, warm, wt, rng))
	}
	rt := nt
	if !m.plain() && warm != nil {
		rt = min(nt, max(4, 2*warm.nt))
	}
	for r := 0; r < restarts; r++ {
		starts = append(starts, m.randomState(j, rt, rng))
	}
	if upper != nil {
		// the solution of a larger β, followed down its branch
		u := &state{}
		u.copyFrom(upper)
		starts = append(starts, u)
	}
	cands := make([]cand, len(starts), len(starts)+1)
	parallel.Blocks(len(starts), 1, m.Workers, func(b, _, _ int) {
		s, it, conv := m.iterate(j, starts[b], beta)
		cands[b] = cand{s, it, conv}
	})
	// the single-cluster solution (I(X;T) = 0)
	one := &state{nt: 1, qtx: make([]float64, j.NX)}
	for x := range one.qtx {
		one.qtx[x] = 1
	}
	one.marginals(j)
	cands = append(cands, cand{one, 0, true})
	best := 0
	bl := math.Inf(1)
	for i, c := range cands {
		if l := m.lagrangian(j, c.s, beta); l < bl-1e-12 {
			best, bl = i, l
		}
	}
	c := cands[best]
	return c.s, m.solution(j, c.s, beta, c.it, c.conv, true)
}

// Fit solves the IB problem of joint p (rows x, columns y; normalised here)
// at one β and returns the solution with the lowest Lagrangian over
// Restarts random initialisations and the one-cluster solution.
// Cost O(Restarts · iterations · |X|·Tmax·|Y|).
func (m Method) Fit(p mat.Matrix, beta float64) (Solution, error) {
	if err := m.validate(beta); err != nil {
		return Solution{}, err
	}
	j, err := NewJoint(p)
	if err != nil {
		return Solution{}, err
	}
	rng := rand.New(rand.NewPCG(m.Seed, 0x1b))
	_, sol := m.fit(j, beta, nil, nil, m.restarts(), rng)
	return sol, nil
}

// Curve is the IB curve of a joint distribution: the solutions over β in
// ascending order of β, with the joint's entropies (nats).
type Curve struct {
	// Points are the solutions, one per β (Frontier gives the curve as a
	// figure draws it).
	Points []Solution
	// HX, HY and IXY are H(X), H(Y) and I(X;Y) of the joint, in nats; no
	// point's ITY exceeds IXY.
	HX, HY, IXY float64
	// Reduced is the number of x values after merging identical p(y|x)
	// (see Joint.Reduce); NX the original number.
	NX, Reduced int
}

// CurveOptions configures Method.Curve.
type CurveOptions struct {
	// Betas is the initial grid of β; nil means 24 log-spaced values in
	// [0.5, 200].
	Betas []float64
	// Refinement inserts β between neighbouring solutions where the
	// frontier drawn through them may miss the curve by more than 1e-5
	// nats, or that differ by more than 5% of I(X;Y) in I(T;Y) or of H(X)
	// in I(X;T), as long as the two β differ by 0.1% (of max(1, β)), up to
	// MaxPoints. It is on unless NoRefine is set.
	NoRefine bool
	// MaxPoints caps the number of β (default 120).
	MaxPoints int
	// NoReduce skips merging x values with identical p(y|x).
	NoReduce bool
	// KeepEncoders keeps q(t|x) in the points (of the reduced joint).
	KeepEncoders bool
	// Progress, when set, is called after every fit with the number of β
	// solved so far (at most len(Betas) without refinement, MaxPoints with).
	Progress func(fits int)
}

// DefaultBetas returns n log-spaced values from lo to hi.
func DefaultBetas(n int, lo, hi float64) []float64 {
	b := make([]float64, n)
	for i := range b {
		if n == 1 {
			b[i] = lo
			continue
		}
		b[i] = lo * math.Pow(hi/lo, float64(i)/float64(n-1))
	}
	return b
}

// Curve traces the IB curve of joint p by deterministic annealing: β in
// ascending order, each fit started from the previous solution with each
// cluster duplicated and slightly perturbed (so the splits show up), and
// compared with fresh random starts and the one-cluster solution. It then
// anneals back down from the identity encoder (T = X) at the largest β,
// keeping each solution that beats the upward one, and re-fits every point
// from any other point's encoder that has a lower Lagrangian at its β. It
// refines one gap at a time, the one where the frontier's chord may lie
// farthest below the curve (the bound of chordGap, from the tangents of
// slope 1/β at both ends), at the β where the curve is parallel to that
// chord, until the bound is below 1e-5 nats everywhere or MaxPoints is
// reached; the new point starts from both neighbours' solutions. Each fit
// iterates with SQUAREM acceleration and merges clusters whose q(y|t)
// coincide (iterateAccel). x values with identical p(y|x) are merged first
// (Joint.Reduce), which leaves the curve unchanged and makes the 12-bit task
// a 2×2 problem.
//
// Cost: up to MaxPoints β, each a few fits of tens to hundreds of steps of
// O(|X|·clusters·|Y|), clusters being at most Tmax (= |X| by default) for
// the random starts of the first β and about twice the clusters of the
// solution otherwise: about 0.3 s of CPU for 40 distinct p(y|x) and |Y| = 2,
// 1 s for 80, 4 s for 200 (set Tmax lower, or NoRefine, to bound it).
func (m Method) Curve(p mat.Matrix, opt CurveOptions) (*Curve, error) {
	if err := m.validate(0); err != nil {
		return nil, err
	}
	j, err := NewJoint(p)
	if err != nil {
		return nil, err
	}
	c := &Curve{HX: j.HX, HY: j.HY, IXY: j.IXY, NX: j.NX}
	if !opt.NoReduce {
		j, _ = j.Reduce(0)
	}
	c.Reduced = j.NX
	betas := opt.Betas
	if betas == nil {
		betas = DefaultBetas(24, 0.5, 200)
	}
	betas = append([]float64(nil), betas...)
	for _, b := range betas {
		if err := m.validate(b); err != nil {
			return nil, err
		}
	}
	sort.Float64s(betas)
	maxPts := opt.MaxPoints
	if maxPts <= 0 {
		maxPts = 120
	}
	rng := rand.New(rand.NewPCG(m.Seed, 0x2c))
	type point struct {
		s   *state
		sol Solution
	}
	// Anneal over the initial grid.
	pts := make([]point, 0, len(betas))
	var warm *state
	fits := 0
	done := func() {
		fits++
		if opt.Progress != nil {
			opt.Progress(fits)
		}
	}
	for _, b := range betas {
		s, sol := m.fit(j, b, warm, nil, m.restarts(), rng)
		pts = append(pts, point{s, sol})
		warm = s
		done()
	}
	// polish re-fits every point from the encoder of any other point that
	// has a lower Lagrangian at its β (the Lagrangian of a fixed encoder is
	// linear in β), so that no point stays on a branch that another fit
	// has shown to be worse there.
	polish := func() {
		if m.plain() {
			return
		}
		alpha := m.alpha()
		at := func(s Solution, beta float64) float64 {
			return s.HT - alpha*(s.HT-s.IXT) - beta*s.ITY
		}
		for pass := 0; pass < 8; pass++ {
			changed := false
			for i := range pts {
				bi, li := pts[i].sol.Beta, pts[i].sol.L
				best, bl := -1, li
				for k := range pts {
					if l := at(pts[k].sol, bi); k != i && l < bl-1e-12*(1+math.Abs(bl)) {
						best, bl = k, l
					}
				}
				if best < 0 {
					continue
				}
				st := &state{}
				st.copyFrom(pts[best].s)
				s, it, conv := m.iterate(j, st, bi)
				if sol := m.solution(j, s, bi, it, conv, true); sol.L < li {
					pts[i] = point{s, sol}
					changed = true
				}
			}
			if !changed {
				break
			}
		}
	}
	if !m.plain() {
		// Anneal back down: from the identity encoder (T = X) at the
		// largest β, follow each solution to the next smaller β and keep it
		// where it beats the upward pass (reverse annealing: branches that
		// split off at a larger β are followed down to where they end).
		var u *state
		if m.tmax(j) >= j.NX {
			u = &state{nt: j.NX, qtx: make([]float64, j.NX*j.NX)}
			for x := 0; x < j.NX; x++ {
				u.qtx[x*j.NX+x] = 1
			}
		}
		for i := len(pts) - 1; i >= 0; i-- {
			if u == nil {
				u = pts[i].s
				continue
			}
			st := &state{}
			st.copyFrom(u)
			b := pts[i].sol.Beta
			s, it, conv := m.iterate(j, st, b)
			if sol := m.solution(j, s, b, it, conv, true); sol.L < pts[i].sol.L-1e-12*(1+math.Abs(pts[i].sol.L)) {
				pts[i] = point{s, sol}
			}
			u = s
		}
	}
	polish()
	if !opt.NoRefine && m.plain() {
		for len(pts) < maxPts {
			next := make([]point, 0, 2*len(pts))
			added := 0
			for i := range pts {
				if i > 0 && len(pts)+added < maxPts {
					a, b := pts[i-1].sol, pts[i].sol
					jy := math.Abs(b.ITY-a.ITY) > 0.05*math.Max(j.IXY, 1e-12)
					jx := math.Abs(b.IXT-a.IXT) > 0.05*math.Max(c.HX, 1e-12)
					gap := b.Beta-a.Beta >= 1e-2*math.Max(1, a.Beta)
					split := a.Clusters != b.Clusters && math.Max(a.IXT, b.IXT) > 1e-3*c.HX
					if gap && (jy || jx || split) {
						mid := math.Sqrt(a.Beta * b.Beta)
						if a.Beta == 0 {
							mid = b.Beta / 2
						}
						s, sol := m.fit(j, mid, pts[i-1].s, nil, m.restarts(), rng)
						next = append(next, point{s, sol})
						added++
						done()
					}
				}
				next = append(next, pts[i])
			}
			pts = next
			if added == 0 {
				break
			}
		}
	}
	if !opt.NoRefine && !m.plain() {
		// Refine where the drawn frontier may miss the curve: between
		// neighbours a, b the curve lies under both tangents (slopes
		// 1/β_a, 1/β_b) and above the chord, so chordGap bounds how far the
		// chord is below it. One gap is split at a time, the widest first,
		// so that a cap on the points leaves the largest error as small as
		// possible; jumps of 5% of I(X;Y) or H(X) are split too, last.
		for len(pts) < maxPts {
			best, score, mid := -1, 0.0, 0.0
			for i := 1; i < len(pts); i++ {
				a, b := pts[i-1].sol, pts[i].sol
				if !(b.Beta-a.Beta >= minBetaGap*math.Max(1, a.Beta)) {
					continue
				}
				jy := math.Abs(b.ITY-a.ITY) > 0.05*math.Max(j.IXY, 1e-12)
				jx := math.Abs(b.IXT-a.IXT) > 0.05*math.Max(c.HX, 1e-12)
				g, md := chordGap(a, b)
				if (jy || jx || g > refineTol) && (best < 0 || g > score) {
					best, score, mid = i, g, md
				}
			}
			if best < 0 {
				break
			}
			s, sol := m.fit(j, mid, pts[best-1].s, pts[best].s, 0, rng)
			pts = slices.Insert(pts, best, point{s, sol})
			done()
			polish()
		}
	}
	c.Points = make([]Solution, len(pts))
	for i, p := range pts {
		c.Points[i] = p.sol
		if !opt.KeepEncoders {
			c.Points[i].Encoder = nil
		}
	}
	return c, nil
}

// Frontier returns the points of the curve as (I(X;T), I(T;Y)) pairs in nats,
// sorted by I(X;T), keeping only points not dominated by another point (a
// point with larger or equal I(T;Y) at smaller or equal I(X;T)), starting
// from the origin. It is what a figure draws as the bound.
func (c *Curve) Frontier() (ixt, ity []float64) {
	pts := append([]Solution(nil), c.Points...)
	sort.Slice(pts, func(a, b int) bool {
		if pts[a].IXT != pts[b].IXT {
			return pts[a].IXT < pts[b].IXT
		}
		return pts[a].ITY > pts[b].ITY
	})
	ixt, ity = []float64{0}, []float64{0}
	for _, p := range pts {
		if p.ITY > ity[len(ity)-1]+1e-12 {
			ixt = append(ixt, p.IXT)
			ity = append(ity, p.ITY)
		}
	}
	return ixt, ity
}

// minBetaGap is the relative gap between neighbouring β below which Curve's
// refinement stops splitting.
const minBetaGap = 1e-3

// refineTol is the bound on the frontier's chord error (nats) below which
// Curve stops refining a gap.
const refineTol = 1e-5

// chordGap bounds how far the chord from a to b (in order of β) lies below
// the optimal curve between them: the curve is concave with slope 1/β_a at a
// and 1/β_b at b, so it lies under both tangents, and the largest distance
// from the chord (slope c) to the lower of the two tangents is
// (s_a − c)(c − s_b)·Δx/(s_a − s_b). When a is not optimal at β_a (b beats
// it: c > s_a), or b not at β_b, the bound does not hold and the gap in
// I(T;Y) is returned instead. It also returns the β at which to split the
// gap: 1/c, where the curve is parallel to the chord and farthest from it
// (the sandwich method of Pareto-front approximation), kept within the
// middle 80% of [β_a, β_b] on a log scale; the geometric midpoint when
// the bound does not hold.
func chordGap(a, b Solution) (gap, mid float64) {
	mid = math.Sqrt(a.Beta * b.Beta)
	if a.Beta == 0 {
		mid = b.Beta / 2
	}
	dx, dy := b.IXT-a.IXT, b.ITY-a.ITY
	if !(dx > 0) {
		return math.Abs(dy), mid
	}
	c := dy / dx
	sa, sb := math.Inf(1), 1/b.Beta
	if a.Beta > 0 {
		sa = 1 / a.Beta
	}
	const slack = 1e-9 // slopes equal to rounding: the curve is the chord
	if c > sa*(1+slack) || c < sb*(1-slack) {
		return math.Abs(dy), mid
	}
	if c >= sa || c <= sb {
		return 0, mid
	}
	if math.IsInf(sa, 1) {
		gap = (c - sb) * dx
		mid = math.Min(math.Max(1/c, 0.1*b.Beta), 0.9*b.Beta)
	} else {
		gap = (sa - c) * (c - sb) * dx / (sa - sb)
		la, lb := math.Log(a.Beta), math.Log(b.Beta)
		mid = math.Exp(math.Min(math.Max(-math.Log(c), la+0.1*(lb-la)), la+0.9*(lb-la)))
	}
	return gap, mid
}
