package ib

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
)

// Row is one point of an information-plane trajectory: one estimator, one
// epoch, one layer. Information is in nats (convert with Bits).
type Row struct {
	Estimator string  // the estimator's Name()
	Epoch     int     // epoch of the snapshot (0 = before training)
	Layer     int     // 1-based layer index (first hidden layer = 1)
	IXT, ITY  float64 // I(X;T) and I(T;Y) in nats

	// Loss and accuracy of the snapshot's epoch (NaN when unknown, for
	// example for saved activations).
	TrainLoss, TestLoss float64
	TrainAcc, TestAcc   float64
}

// Bits converts nats to bits.
func Bits(nats float64) float64 { return nats / math.Ln2 }

// RangeEstimator is a LayerEstimator with a value range (a fixed binning
// estimator: bins laid over [lo, hi]). The tracker uses it for layers whose
// activations are non-negative (ReLU, softplus, sigmoid): there it bins over
// [0, running maximum of the layer over the snapshots seen so far], as the
// reference code does (Chelombiev et al. 2019, `find_per_layer_max_value`),
// because the tanh range [-1, 1] puts every activation ≥ 1 in the top bin.
type RangeEstimator interface {
	mi.LayerEstimator
	// WithRange returns a copy of the estimator binning over [lo, hi].
	WithRange(lo, hi float64) mi.LayerEstimator
}

// RangeMode says when the tracker re-ranges a RangeEstimator.
type RangeMode int

const (
	// RangeAuto decides per layer from its first snapshot: a layer whose
	// values all lie in [-1, 1] and has a negative value (tanh, softsign)
	// keeps the estimator's own range; a non-negative layer (ReLU, softplus,
	// sigmoid) is binned over [0, running max]; any other layer (ELU, leaky
	// ReLU, linear) over [running min, running max]. It is the zero value.
	RangeAuto RangeMode = iota
	// RangeFixed always uses the estimator's own range.
	RangeFixed
	// RangeRunningMax always bins over [0, running max].
	RangeRunningMax
	// RangeRunningMinMax always bins over [running min, running max].
	RangeRunningMinMax
)

// Config configures a Tracker.
type Config struct {
	// Estimators run on every analysed layer of every snapshot. Their Names
	// must be distinct. At least one is required.
	Estimators []mi.LayerEstimator
	// Labels are the class labels of the probe samples (one per row of each
	// layer's activation matrix).
	Labels []int
	// Layers is the number of leading layers of each snapshot to analyse
	// (0 = all). The engine's snapshots list the hidden layers and then the
	// output layer, so Layers = number of hidden layers skips the output.
	Layers int
	// Range sets the binning range policy of RangeEstimators (see RangeMode).
	Range RangeMode
	// Workers bounds the goroutines used over layers × estimators
	// (0 = GOMAXPROCS). Estimators may use their own parallelism inside.
	Workers int
	// Queue > 0 makes the tracker asynchronous: Observe copies the
	// snapshot's activations and returns at once, and up to Queue snapshots
	// wait for the estimators while training goes on (memory stays bounded
	// by Queue copies). 0 analyses each snapshot inside Observe.
	Queue int
	// Extra, when set, is called with each analysed snapshot (after the
	// information-plane rows were computed, from the tracker's goroutine,
	// in snapshot order) and may compute further per-layer measures, for
	// example the generalisation measures of Generalization.
	Extra func(epoch int, layers []*mat.Dense) error
}

// LayerInfo is what the tracker learns about one layer's activations beyond
// the information-plane numbers.
type LayerInfo struct {
	Layer       int     // 1-based
	Width       int     // number of units
	NonNegative bool    // all activations ≥ 0 in the first snapshot
	Bounded     bool    // all activations in [-1, 1] in the first snapshot
	RunningMin  float64 // minimum activation over all snapshots seen
	RunningMax  float64 // maximum activation over all snapshots seen
	// DeadUnitsAtStart counts units that are exactly 0 on every probe
	// sample in the first snapshot (dead ReLU units from initialisation).
	DeadUnitsAtStart int
	// DeadUnitsAtEnd counts the same in the last snapshot.
	DeadUnitsAtEnd int
	// FirstEpoch and LastEpoch are the epochs of the first and last snapshot.
	FirstEpoch, LastEpoch int
}

// Dead reports whether every unit of the layer was 0 on every sample at the
// first snapshot, so no gradient reaches the layers below.
func (l LayerInfo) Dead() bool { return l.Width > 0 && l.DeadUnitsAtStart == l.Width }

// Tracker turns snapshots into information-plane rows: per snapshot, per
// analysed layer, per estimator, I(X;T) and I(T;Y). It keeps only the
// numbers, so its memory does not grow with the activations of past epochs.
//
// The row order is deterministic: snapshots in the order observed, then
// layers, then estimators in Config order; it does not depend on Workers.
// A Tracker is not safe for concurrent Observe calls (the engine calls it
// from one goroutine).
type Tracker struct {
	cfg   Config
	rows  []Row
	info  []LayerInfo
	n     int
	queue chan *nets.Snapshot
	done  chan struct{}
	mu    sync.Mutex
	err   error
	// lastEpoch guards against out-of-order epochs.
	lastEpoch int
	seen      int
}

// NewTracker validates cfg and returns a tracker.
func NewTracker(cfg Config) (*Tracker, error) {
	if len(cfg.Estimators) == 0 {
		return nil, fmt.Errorf("ib: no estimators: %w", check.ErrParam)
	}
	names := map[string]bool{}
	for i, e := range cfg.Estimators {
		if e == nil {
			return nil, fmt.Errorf("ib: estimator %d is nil: %w", i, check.ErrParam)
		}
		if names[e.Name()] {
			return nil, fmt.Errorf("ib: estimator name %q used twice: %w", e.Name(), check.ErrParam)
		}
		names[e.Name()] = true
	}
	if len(cfg.Labels) == 0 {
		return nil, fmt.Errorf("ib: no labels: %w", check.ErrLabels)
	}
	if _, err := check.Labels("labels", cfg.Labels, len(cfg.Labels)); err != nil {
		return nil, fmt.Errorf("ib: %w", err)
	}
	if cfg.Layers < 0 || cfg.Queue < 0 {
		return nil, fmt.Errorf("ib: Layers = %d, Queue = %d, need ≥ 0: %w", cfg.Layers, cfg.Queue, check.ErrParam)
	}
	t := &Tracker{cfg: cfg, n: len(cfg.Labels), lastEpoch: math.MinInt}
	if cfg.Queue > 0 {
		t.queue = make(chan *nets.Snapshot, cfg.Queue)
		t.done = make(chan struct{})
		go t.loop()
	}
	return t, nil
}

func (t *Tracker) loop() {
	defer close(t.done)
	for s := range t.queue {
		if t.failed() != nil {
			continue // drain
		}
		if err := t.analyse(s); err != nil {
			t.setErr(err)
		}
	}
}

func (t *Tracker) failed() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

func (t *Tracker) setErr(err error) {
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
}

// Observe analyses one snapshot. It has the nets.SnapshotFunc signature, so
// `tr.Observe` can be handed to training directly. In asynchronous mode it
// copies the activations and returns the first error of an earlier snapshot,
// if any (which stops training).
func (t *Tracker) Observe(s *nets.Snapshot) error {
	if s == nil {
		return fmt.Errorf("ib: nil snapshot: %w", check.ErrParam)
	}
	if s.Epoch < t.lastEpoch {
		return fmt.Errorf("ib: snapshot epoch %d after epoch %d: %w", s.Epoch, t.lastEpoch, check.ErrParam)
	}
	t.lastEpoch = s.Epoch
	if t.queue == nil {
		return t.analyse(s)
	}
	if err := t.failed(); err != nil {
		return err
	}
	cp := &nets.Snapshot{Epoch: s.Epoch, TrainLoss: s.TrainLoss, TestLoss: s.TestLoss, TrainAcc: s.TrainAcc, TestAcc: s.TestAcc}
	nl := len(s.Layers)
	if t.cfg.Layers > 0 && t.cfg.Layers < nl {
		nl = t.cfg.Layers
	}
	cp.Layers = make([]*mat.Dense, nl)
	for i := 0; i < nl; i++ {
		if s.Layers[i] == nil {
			return fmt.Errorf("ib: epoch %d: layer %d is nil: %w", s.Epoch, i+1, check.ErrShape)
		}
		cp.Layers[i] = mat.DenseCopyOf(s.Layers[i])
	}
	t.queue <- cp
	return nil
}

// Func returns Observe as a nets.SnapshotFunc.
func (t *Tracker) Func() nets.SnapshotFunc { return t.Observe }

// Close waits for queued snapshots (asynchronous mode) and returns the first
// error met. Call it once after training; Rows and Layers are complete only
// after Close. It is safe to call Close on a synchronous tracker.
func (t *Tracker) Close() error {
	if t.queue != nil {
		close(t.queue)
		<-t.done
		t.queue = nil
	}
	return t.failed()
}

// Rows returns the trajectory rows computed so far (the tracker's slice;
// do not modify it while the tracker is running).
func (t *Tracker) Rows() []Row { return t.rows }

// Layers returns what the tracker learnt about each analysed layer.
func (t *Tracker) Layers() []LayerInfo { return t.info }

// N returns the number of probe samples (the length of the labels).
func (t *Tracker) N() int { return t.n }

// analyse computes the rows of one snapshot.
func (t *Tracker) analyse(s *nets.Snapshot) error {
	nl := len(s.Layers)
	if t.cfg.Layers > 0 {
		if nl < t.cfg.Layers {
			return fmt.Errorf("ib: epoch %d: snapshot has %d layers, tracker analyses %d: %w", s.Epoch, nl, t.cfg.Layers, check.ErrShape)
		}
		nl = t.cfg.Layers
	}
	if nl == 0 {
		return fmt.Errorf("ib: epoch %d: snapshot has no layers: %w", s.Epoch, check.ErrShape)
	}
	if t.info != nil && len(t.info) != nl {
		return fmt.Errorf("ib: epoch %d: %d layers, earlier snapshots had %d: %w", s.Epoch, nl, len(t.info), check.ErrShape)
	}
	first := t.info == nil
	if first {
		t.info = make([]LayerInfo, nl)
	}
	// Layer statistics (cheap, sequential): shape, range, dead units.
	for l := 0; l < nl; l++ {
		a := s.Layers[l]
		if a == nil {
			return fmt.Errorf("ib: epoch %d: layer %d is nil: %w", s.Epoch, l+1, check.ErrShape)
		}
		r, c := a.Dims()
		if r != t.n {
			return fmt.Errorf("ib: epoch %d: layer %d has %s for %s: %w", s.Epoch, l+1, check.Count(r, "row"), check.Count(t.n, "label"), check.ErrLabelCount)
		}
		if err := check.Finite(fmt.Sprintf("epoch %d layer %d", s.Epoch, l+1), a); err != nil {
			return fmt.Errorf("ib: %w", err)
		}
		lo, hi, dead := layerStats(a)
		li := &t.info[l]
		if first {
			*li = LayerInfo{Layer: l + 1, Width: c, NonNegative: lo >= 0, Bounded: lo >= -1 && hi <= 1,
				RunningMin: lo, RunningMax: hi, DeadUnitsAtStart: dead, FirstEpoch: s.Epoch}
		} else if li.Width != c {
			return fmt.Errorf("ib: epoch %d: layer %d has %d units, earlier %d: %w", s.Epoch, l+1, c, li.Width, check.ErrShape)
		}
		li.RunningMax = math.Max(li.RunningMax, hi)
		li.RunningMin = math.Min(li.RunningMin, lo)
		li.DeadUnitsAtEnd = dead
		li.LastEpoch = s.Epoch
	}
	ne := len(t.cfg.Estimators)
	res := make([]mi.Layer, nl*ne)
	errs := make([]error, nl*ne)
	parallel.Blocks(nl*ne, 1, t.cfg.Workers, func(_, lo, _ int) {
		l, e := lo/ne, lo%ne
		est := t.estimator(e, l)
		r, err := est.Layer(s.Layers[l], t.cfg.Labels)
		if err == nil && (math.IsNaN(r.IXT) || math.IsNaN(r.ITY)) {
			err = fmt.Errorf("NaN result: %w", check.ErrNonFinite)
		}
		res[lo], errs[lo] = r, err
	})
	if err := errors.Join(errs...); err != nil {
		for i, e := range errs {
			if e != nil {
				return fmt.Errorf("ib: epoch %d, layer %d, estimator %s: %w", s.Epoch, i/ne+1, t.cfg.Estimators[i%ne].Name(), e)
			}
		}
	}
	for i, r := range res {
		t.rows = append(t.rows, Row{
			Estimator: t.cfg.Estimators[i%ne].Name(), Epoch: s.Epoch, Layer: i/ne + 1,
			IXT: r.IXT, ITY: r.ITY,
			TrainLoss: s.TrainLoss, TestLoss: s.TestLoss, TrainAcc: s.TrainAcc, TestAcc: s.TestAcc,
		})
	}
	t.seen++
	if t.cfg.Extra != nil {
		if err := t.cfg.Extra(s.Epoch, s.Layers[:nl]); err != nil {
			return fmt.Errorf("ib: epoch %d: %w", s.Epoch, err)
		}
	}
	return nil
}

// estimator returns estimator e configured for layer l (0-based) at the
// current snapshot.
func (t *Tracker) estimator(e, l int) mi.LayerEstimator {
	est := t.cfg.Estimators[e]
	re, ok := est.(RangeEstimator)
	if !ok {
		return est
	}
	li := t.info[l]
	mode := t.cfg.Range
	if mode == RangeAuto {
		switch {
		case li.NonNegative:
			mode = RangeRunningMax
		case li.Bounded:
			mode = RangeFixed
		default:
			mode = RangeRunningMinMax
		}
	}
	lo, hi := 0.0, li.RunningMax
	switch mode {
	case RangeFixed:
		return est
	case RangeRunningMinMax:
		lo = li.RunningMin
	}
	if !(hi > lo) {
		hi = lo + 1 // a constant layer: any range gives one bin
	}
	return re.WithRange(lo, hi)
}

// layerStats returns the minimum and maximum of a and the number of columns
// that are exactly zero in every row.
func layerStats(a *mat.Dense) (lo, hi float64, deadCols int) {
	r, c := a.Dims()
	raw := a.RawMatrix()
	lo, hi = math.Inf(1), math.Inf(-1)
	nonzero := make([]bool, c)
	for i := 0; i < r; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+c]
		for j, v := range row {
			if v < lo {
				lo = v
			}
			if v > hi {
				hi = v
			}
			if v != 0 {
				nonzero[j] = true
			}
		}
	}
	for _, nz := range nonzero {
		if !nz {
			deadCols++
		}
	}
	return lo, hi, deadCols
}
