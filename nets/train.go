package nets

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/itlab/itlab/internal/check"
	"gonum.org/v1/gonum/mat"
)

// Schedule lists the epochs at which Train emits a snapshot, in increasing
// order without repeats. Epoch 0 is the network before training, epoch e ≥ 1
// the network after e epochs of this Train call. A nil Schedule emits none.
type Schedule []int

// Every returns the schedule 0, k, 2k, … up to epochs, always including the
// last epoch. Every(1, epochs) snapshots every epoch. It returns nil (no
// snapshots) for k < 1 or epochs < 0.
func Every(k, epochs int) Schedule {
	if k < 1 || epochs < 0 {
		return nil
	}
	s := make(Schedule, 0, epochs/k+2)
	for e := 0; e <= epochs; e += k {
		s = append(s, e)
	}
	if s[len(s)-1] != epochs {
		s = append(s, epochs)
	}
	return s
}

// LogSchedule returns about n epochs spaced evenly in log(1+e) over [0,
// epochs], always including 0 (before training) and epochs (the end), with
// repeats from rounding removed: early epochs are sampled densely, where the
// information plane moves fast. LogSchedule(8000, 250) gives 185 distinct
// epochs (the NumPy replication of the reference run used 190) and
// LogSchedule(8000, 200) 153. It returns Every(1, epochs) when n > epochs,
// and nil (no snapshots) for n < 1 or epochs < 0.
func LogSchedule(epochs, n int) Schedule {
	if epochs < 0 || n < 1 {
		return nil
	}
	if n > epochs || epochs == 0 {
		return Every(1, epochs)
	}
	s := Schedule{0}
	top := math.Log1p(float64(epochs))
	for i := 1; i < n; i++ {
		e := int(math.Round(math.Expm1(top * float64(i) / float64(n-1))))
		if e > s[len(s)-1] && e <= epochs {
			s = append(s, e)
		}
	}
	if s[len(s)-1] != epochs {
		s = append(s, epochs)
	}
	return s
}

// Merge returns the sorted union of schedules without repeats, e.g.
// Merge(LogSchedule(8000, 250), Schedule{100, 1000, 2000, 4000}) adds fixed
// epochs to a log-spaced schedule.
func Merge(schedules ...Schedule) Schedule {
	var out Schedule
	for _, s := range schedules {
		out = append(out, s...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (s Schedule) validate(epochs int) error {
	for i, e := range s {
		if e < 0 || e > epochs {
			return fmt.Errorf("nets: schedule epoch %d outside [0, %d]: %w", e, epochs, check.ErrParam)
		}
		if i > 0 && e <= s[i-1] {
			return fmt.Errorf("nets: schedule not strictly increasing at %d: %w", e, check.ErrParam)
		}
	}
	return nil
}

// Result summarises a Train call. Losses exclude the L2 term; accuracies
// and test figures are NaN when undefined (no labels, no test set).
type Result struct {
	Epochs              int           // epochs completed in this call
	Steps               int           // optimizer steps in this call
	Stopped             bool          // a SnapshotFunc returned ErrStop
	TrainLoss, TestLoss float64       // at the end
	TrainAcc, TestAcc   float64       // at the end
	Duration            time.Duration // wall time of the call, snapshots included
}

// Train runs cfg.Epochs epochs of mini-batch training on train. Each epoch
// reshuffles the train rows with the net's seeded generator (unless
// NoShuffle) and takes ⌈n/Batch⌉ optimizer steps on the mean loss of each
// batch (the last batch may be smaller), plus the L2 term.
//
// At every epoch of schedule (0 = before the first step) it calls fn with a
// Snapshot: every layer's activations on probe (hidden layers, then the
// output layer; for a Softmax net the probabilities), and the loss and
// accuracy on train and test. A nil probe means the train rows followed by
// the test rows, in data order (their labels are train.Y then test.Y); pass
// the full task's X as probe to get the snapshots in the task's own order
// (for the 12-bit task, counting order). The snapshot's matrices are reused at the
// next snapshot: fn copies whatever it keeps. Train itself keeps nothing
// between epochs, so memory is flat in the number of epochs. An error from fn
// stops training and is returned (ErrStop stops it with a nil error).
//
// test may be empty (Data{}); probe must have InDim columns. The only
// allocations are the buffers made once per call: O((Batch + probe rows +
// min(n, 4096))·Σ widths) floats plus a copy of the data.
//
// Errors: ErrShape / ErrLabels / ErrNonFinite for bad data, ErrParam for a bad
// schedule, ErrNonFinite if the parameters become non-finite (divergence).
func (n *Net) Train(train, test Data, schedule Schedule, probe *mat.Dense, fn SnapshotFunc) (Result, error) {
	start := time.Now()
	res := Result{TrainLoss: math.NaN(), TestLoss: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN()}
	epochs := n.cfg.Epochs
	if err := schedule.validate(epochs); err != nil {
		return res, err
	}
	if len(schedule) > 0 && fn == nil {
		return res, fmt.Errorf("nets: a schedule without a SnapshotFunc: %w", check.ErrParam)
	}
	if check.IsNil(train.X) {
		return res, fmt.Errorf("nets: no training data: %w", check.ErrTooFewSamples)
	}
	tr, err := n.prepare("train", train)
	if err != nil {
		return res, err
	}
	if tr.n == 0 {
		return res, fmt.Errorf("nets: no training rows: %w", check.ErrTooFewSamples)
	}
	te, err := n.prepare("test", test)
	if err != nil {
		return res, err
	}
	in := n.InDim()

	// Probe: the given rows, or train ++ test in data order.
	var probeX []float64
	probeRows := 0
	defaultProbe := probe == nil
	if len(schedule) > 0 {
		if defaultProbe {
			probeRows = tr.n + te.n
			probeX = slices.Concat(tr.x, te.x)
		} else {
			pr, pc := probe.Dims()
			if pc != in {
				return res, fmt.Errorf("nets: probe has %d columns, the network takes %d: %w", pc, in, check.ErrShape)
			}
			if err := check.Finite("probe", probe); err != nil {
				return res, fmt.Errorf("nets: %w", err)
			}
			probeRows, probeX = pr, denseCopy(probe)
		}
	}

	batch := min(n.cfg.Batch, tr.n)
	ws := n.newWorkspace(batch, true)
	evalWS := n.newWorkspace(min(max(tr.n, te.n), 4096), false)
	var probeWS *workspace
	snap := &Snapshot{}
	if len(schedule) > 0 {
		probeWS = n.newWorkspace(probeRows, false)
		for l := range probeWS.act {
			snap.Layers = append(snap.Layers, mat.NewDense(probeRows, n.sizes[l+1], nil))
		}
	}
	perm := make([]int, tr.n)
	for i := range perm {
		perm[i] = i
	}

	var lastEval = -1
	evalAt := func(epoch int) {
		if lastEval == epoch {
			return
		}
		res.TrainLoss, res.TrainAcc = n.evaluate(evalWS, tr)
		res.TestLoss, res.TestAcc = n.evaluate(evalWS, te)
		lastEval = epoch
	}
	next := 0
	emit := func(epoch int) error {
		if next >= len(schedule) || schedule[next] != epoch {
			return nil
		}
		next++
		n.forward(probeWS, probeX, probeRows)
		for l, m := range snap.Layers {
			probeWS.layer(l, m)
		}
		if defaultProbe {
			out := probeWS.act[len(probeWS.act)-1]
			res.TrainLoss, res.TrainAcc = n.splitMetrics(out, probeWS.ld, 0, tr)
			res.TestLoss, res.TestAcc = n.splitMetrics(out, probeWS.ld, tr.n, te)
			lastEval = epoch
		} else {
			evalAt(epoch)
		}
		snap.Epoch = epoch
		snap.TrainLoss, snap.TestLoss = res.TrainLoss, res.TestLoss
		snap.TrainAcc, snap.TestAcc = res.TrainAcc, res.TestAcc
		return fn(snap)
	}
	finish := func(err error) (Result, error) {
		if errors.Is(err, ErrStop) {
			res.Stopped, err = true, nil
		}
		if err == nil {
			evalAt(res.Epochs)
		}
		res.Duration = time.Since(start)
		return res, err
	}

	if err := emit(0); err != nil {
		return finish(err)
	}
	for e := 1; e <= epochs; e++ {
		res.Steps += n.epoch(ws, tr, perm, batch)
		res.Epochs = e
		if !finiteSlice(n.params) {
			res.Duration = time.Since(start)
			return res, fmt.Errorf("nets: parameters became non-finite in epoch %d (learning rate too large?): %w", e, check.ErrNonFinite)
		}
		if err := emit(e); err != nil {
			return finish(err)
		}
	}
	return finish(nil)
}

// splitMetrics is evaluate on outputs already computed for all rows of ds.
func (n *Net) splitMetrics(out []float64, ld, col int, ds *dataset) (loss, acc float64) {
	if ds.n == 0 {
		return math.NaN(), math.NaN()
	}
	l, c := n.metrics(out, ld, col, ds, 0, ds.n)
	acc = math.NaN()
	if ds.y != nil {
		acc = float64(c) / float64(ds.n)
	}
	return l / float64(ds.n), acc
}

// epoch runs one epoch of mini-batch steps and returns the number of steps.
// It does not allocate.
func (n *Net) epoch(ws *workspace, tr *dataset, perm []int, batch int) int {
	if !n.cfg.NoShuffle {
		shufflePCG(n.shuffle, perm)
	}
	in, k := n.InDim(), n.OutDim()
	steps := 0
	for lo := 0; lo < tr.n; lo += batch {
		rows := min(batch, tr.n-lo)
		ld, nc := ws.ld, roundUp16(rows)
		idx := perm[lo : lo+rows]
		// Gather the batch into the feature-major input: with the vector
		// kernel, each sample's row of tr.x (one or two cache lines) is
		// read once and transposed 4×4 in registers; otherwise row i of
		// ws.xt takes input i of the batch's samples from row i of tr.xt,
		// the feature-major copy of the data.
		if !useFused || !gatherRows(ws.xt, ld, tr.x, in, idx) {
			n.gatherT(ws, tr, idx)
		}
		for i := 0; i < in; i++ {
			clear(ws.xt[i*ld+rows : i*ld+nc])
		}
		if tr.y != nil {
			lab := ws.labels[:rows]
			for r, s := range idx {
				lab[r] = tr.y[s]
			}
		}
		if ws.target != nil {
			for r, s := range idx {
				copy(ws.target[r*k:r*k+k], tr.target[s*k:s*k+k])
			}
		}
		n.forwardT(ws, rows)
		n.backward(ws, rows)
		n.update()
		steps++
	}
	return steps
}

// gatherT gathers the samples idx into the first len(idx) columns of the
// feature-major ws.xt from the feature-major copy tr.xt (made here once):
// four input rows per pass over idx, each row (n values) read at random.
func (n *Net) gatherT(ws *workspace, tr *dataset, idx []int) {
	in, ld, rows := n.InDim(), ws.ld, len(idx)
	if tr.xt == nil {
		tr.xt = make([]float64, tr.n*in)
		for s := 0; s < tr.n; s++ {
			for i := 0; i < in; i++ {
				tr.xt[i*tr.n+s] = tr.x[s*in+i]
			}
		}
	}
	i := 0
	for ; i+4 <= in; i += 4 { // four input rows per pass over idx
		s0, s1 := tr.xt[i*tr.n:(i+1)*tr.n], tr.xt[(i+1)*tr.n:(i+2)*tr.n]
		s2, s3 := tr.xt[(i+2)*tr.n:(i+3)*tr.n], tr.xt[(i+3)*tr.n:(i+4)*tr.n]
		g0, g1 := ws.xt[i*ld:i*ld+rows], ws.xt[(i+1)*ld:(i+1)*ld+rows]
		g2, g3 := ws.xt[(i+2)*ld:(i+2)*ld+rows], ws.xt[(i+3)*ld:(i+3)*ld+rows]
		for r, s := range idx {
			g0[r], g1[r], g2[r], g3[r] = s0[s], s1[s], s2[s], s3[s]
		}
	}
	for ; i < in; i++ {
		src, g := tr.xt[i*tr.n:(i+1)*tr.n], ws.xt[i*ld:i*ld+rows]
		for r, s := range idx {
			g[r] = src[s]
		}
	}
}

// shufflePCG permutes p as rand.New(src).Shuffle(len(p), swap) does: the
// same Fisher–Yates steps with the same draws (math/rand/v2's uint64n:
// Lemire's multiply-and-reject, a mask for powers of two), so the
// permutation is the same, without the Rand's interface call and the swap
// closure per element. TestShufflePCG checks it against rand.Shuffle.
func shufflePCG(src *rand.PCG, p []int) {
	for i := len(p) - 1; i > 0; i-- {
		n := uint64(i + 1)
		var j uint64
		if n&(n-1) == 0 {
			j = src.Uint64() & (n - 1)
		} else {
			hi, lo := bits.Mul64(src.Uint64(), n)
			if lo < n {
				thresh := -n % n
				for lo < thresh {
					hi, lo = bits.Mul64(src.Uint64(), n)
				}
			}
			j = hi
		}
		p[i], p[j] = p[j], p[i]
	}
}

func finiteSlice(x []float64) bool {
	var s float64
	for _, v := range x {
		s += v * 0
	}
	return s == 0 // any NaN or ±Inf makes v·0 NaN
}
