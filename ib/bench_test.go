package ib

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
)

// deterministicJoint is p(x,y) with x uniform over n values and y = x mod 2.
func deterministicJoint(n int) *mat.Dense {
	p := mat.NewDense(n, 2, nil)
	for x := 0; x < n; x++ {
		p.Set(x, x%2, 1/float64(n))
	}
	return p
}

// The IB curve of a deterministic task with 64 x values: merged to 2 rows
// (the default) against the baseline without merging.
func BenchmarkCurveReduced64(b *testing.B)   { benchCurve(b, 64, false) }
func BenchmarkCurveUnreduced64(b *testing.B) { benchCurve(b, 64, true) }

func benchCurve(b *testing.B, n int, noReduce bool) {
	p := deterministicJoint(n)
	opt := CurveOptions{NoReduce: noReduce, Betas: DefaultBetas(8, 0.5, 50), NoRefine: true}
	for b.Loop() {
		if _, err := (Method{Restarts: 1}).Curve(p, opt); err != nil {
			b.Fatal(err)
		}
	}
}

// Tracker over 5 layers × 2 cheap estimators on 4096 samples: synchronous
// against the asynchronous queue (the baseline is the synchronous call).
func BenchmarkTrackerSync(b *testing.B)  { benchTracker(b, 0) }
func BenchmarkTrackerQueue(b *testing.B) { benchTracker(b, 2) }

func benchTracker(b *testing.B, queue int) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 4096
	labels := make([]int, n)
	var layers []*mat.Dense
	for l, w := range []int{10, 7, 5, 4, 3} {
		m := mat.NewDense(n, w, nil)
		for i := 0; i < n; i++ {
			labels[i] = i % 2
			for j := 0; j < w; j++ {
				m.Set(i, j, rng.Float64()*2-1)
			}
		}
		_ = l
		layers = append(layers, m)
	}
	ests := []mi.LayerEstimator{mi.Binning{}, mi.AdaptiveBinning{AutoLow: true}}
	for b.Loop() {
		tr, err := NewTracker(Config{Estimators: ests, Labels: labels, Queue: queue})
		if err != nil {
			b.Fatal(err)
		}
		for e := 0; e < 4; e++ {
			if err := tr.Observe(&nets.Snapshot{Epoch: e, Layers: layers}); err != nil {
				b.Fatal(err)
			}
		}
		if err := tr.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// The IB curve of random (flat Dirichlet) joints with |Y| = 2, default
// options: the accelerated path against the session-5 algorithm (the
// baseline) on the sizes the baseline finishes in seconds; the larger sizes
// (it takes about 80 s of CPU at 80×2 and minutes at 200×2) run the new
// path only.
func BenchmarkIBCurve(b *testing.B) {
	for _, c := range []struct {
		nx     int
		legacy bool
	}{{20, true}, {20, false}, {40, true}, {40, false}, {80, false}, {200, false}} {
		name := fmt.Sprintf("%dx2", c.nx)
		if c.legacy {
			name += "/legacy"
		}
		b.Run(name, func(b *testing.B) {
			p := dirichletJoint(1, c.nx, 2)
			m := Method{Seed: 1, legacy: c.legacy}
			for b.Loop() {
				if _, err := m.Curve(p, CurveOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
