package ib

import (
	"math"
	"sort"
)

// CompressionOptions configures Compress.
type CompressionOptions struct {
	// LateFrom is the first epoch of the "late" phase: late compression
	// takes the maximum of I(X;T) only over snapshots with epoch ≥ LateFrom.
	// 0 means the default min(200, last epoch / 10): epoch 200 for the
	// reference 8000-epoch run, a tenth of the run when it is shorter than
	// 2000 epochs.
	LateFrom int
	// N is the number of distinct inputs (probe samples); a layer is flagged
	// saturated when I(X;T) stays within SaturationEps of ln N at every
	// snapshot. 0 disables the flag.
	N int
	// SaturationEps in nats; 0 means 0.05 bits (≈ 0.0347 nats).
	SaturationEps float64
}

// DefaultLateFrom returns the default late-phase start for a run whose last
// epoch is last: min(200, last/10).
func DefaultLateFrom(last int) int { return min(200, last/10) }

// Compression summarises one layer's I(X;T) trajectory under one estimator.
// Information is in nats.
type Compression struct {
	// Estimator is the layer estimator's Name(); Layer the 1-based hidden
	// layer. Every I(X;T) below is in nats, as in the Rows.
	Estimator string
	Layer     int
	// MaxEpoch is the epoch of the maximum of I(X;T) over all snapshots
	// (the first one when tied); MaxIXT is that maximum.
	MaxEpoch int
	MaxIXT   float64
	// FinalEpoch and FinalIXT, FinalITY are the values at the last snapshot.
	FinalEpoch         int
	FinalIXT, FinalITY float64
	// Compression = MaxIXT − FinalIXT (Chelombiev et al. 2019), ≥ 0.
	Compression float64
	// LateFrom is the late-phase start used; LateMaxEpoch and LateMaxIXT
	// the maximum over snapshots with epoch ≥ LateFrom; LateCompression =
	// LateMaxIXT − FinalIXT. It separates the slow compression Shwartz-Ziv
	// & Tishby describe from the quick dip of the first ~100 epochs.
	LateFrom        int
	LateMaxEpoch    int
	LateMaxIXT      float64
	LateCompression float64
	// Saturated is true when I(X;T) stays within the tolerance of ln N at
	// every snapshot (the layer keeps all the input; wide early layers).
	Saturated bool
	// Dead is true when the layer was all zeros at the first snapshot
	// (set by the caller from LayerInfo; Compress leaves it false).
	Dead bool
}

// Compress computes the compression metrics of every (estimator, layer) in
// rows. The result is sorted by estimator (in order of first appearance)
// and layer. Rows of one (estimator, layer) need not be contiguous but are
// taken in epoch order. O(len(rows) log len(rows)).
func Compress(rows []Row, opt CompressionOptions) []Compression {
	type key struct {
		est   string
		layer int
	}
	order := map[string]int{}
	groups := map[key][]Row{}
	last := math.MinInt
	for _, r := range rows {
		if _, ok := order[r.Estimator]; !ok {
			order[r.Estimator] = len(order)
		}
		k := key{r.Estimator, r.Layer}
		groups[k] = append(groups[k], r)
		last = max(last, r.Epoch)
	}
	lateFrom := opt.LateFrom
	if lateFrom <= 0 {
		lateFrom = DefaultLateFrom(last)
	}
	eps := opt.SaturationEps
	if eps <= 0 {
		eps = 0.05 * math.Ln2
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].est != keys[j].est {
			return order[keys[i].est] < order[keys[j].est]
		}
		return keys[i].layer < keys[j].layer
	})
	out := make([]Compression, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return g[i].Epoch < g[j].Epoch })
		c := Compression{Estimator: k.est, Layer: k.layer, MaxIXT: math.Inf(-1), LateMaxIXT: math.Inf(-1), LateFrom: lateFrom, LateMaxEpoch: -1}
		sat := opt.N > 1
		lnN := math.Log(float64(opt.N))
		for _, r := range g {
			if r.IXT > c.MaxIXT {
				c.MaxIXT, c.MaxEpoch = r.IXT, r.Epoch
			}
			if r.Epoch >= lateFrom && r.IXT > c.LateMaxIXT {
				c.LateMaxIXT, c.LateMaxEpoch = r.IXT, r.Epoch
			}
			if math.Abs(r.IXT-lnN) > eps {
				sat = false
			}
		}
		f := g[len(g)-1]
		c.FinalEpoch, c.FinalIXT, c.FinalITY = f.Epoch, f.IXT, f.ITY
		c.Compression = math.Max(0, c.MaxIXT-c.FinalIXT)
		if c.LateMaxEpoch >= 0 {
			c.LateCompression = math.Max(0, c.LateMaxIXT-c.FinalIXT)
		} else {
			c.LateMaxIXT = c.FinalIXT
			c.LateMaxEpoch = c.FinalEpoch
		}
		c.Saturated = sat
		out = append(out, c)
	}
	return out
}

// MarkDead sets Dead on the metrics of layers that LayerInfo reports dead.
func MarkDead(cs []Compression, info []LayerInfo) {
	for i := range cs {
		l := cs[i].Layer - 1
		if l >= 0 && l < len(info) {
			cs[i].Dead = info[l].Dead()
		}
	}
}
