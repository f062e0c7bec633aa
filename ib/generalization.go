package ib

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/divergence"
	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/vendi"
)

// GenRow holds the generalisation measures of one layer at one epoch.
// NaN marks a measure that could not be computed (for example the Vendi
// score of a layer with an all-zero row, where the cosine is undefined).
type GenRow struct {
	Epoch, Layer int
	// W1 is Σ_y p̂(y)·SW1(P_train(t|y), P_test(t|y)): the sliced
	// 1-Wasserstein distance between the train and test representations of
	// each class, weighted by the test class frequencies, in activation
	// units. Sliced W1 is a lower bound of W1 (a different distance); it
	// needs no n×m matrix, and the train and test sets differ in size.
	W1 float64
	// KL is KL(P_train(t,y) ‖ P_test(t,y)) = Σ_y p̂_train(y)·KL(P_train(t|y) ‖ P_test(t|y))
	// + KL(p̂_train(y) ‖ p̂_test(y)) in nats (the chain rule), by the k-NN estimator of Wang, Kulkarni & Verdú (2009)
	// (divergence.KNN) on the representations jittered by 1e-9 of their
	// scale (the estimator rejects duplicate points).
	KL float64
	// Vendi is the Vendi score (order 1, cosine kernel) of the layer's
	// representation of all probe samples: the effective number of distinct
	// representations, between 1 and the number of samples. Rows of zero
	// norm, where the cosine is undefined (the all-zero input of the 12-bit
	// task through a network with zero biases, dead ReLU units), are left out.
	Vendi float64
}

// Generalization computes per layer and snapshot the train/test measures of
// He & Goldfeld (2024), "Information-theoretic generalization bounds for deep
// neural networks": their bounds shrink with the KL divergence or the
// 1-Wasserstein distance between the train and test distributions of a
// layer's representation (the layer of minimal W1 is the "generalisation
// funnel"). Its Observe method fits Config.Extra of a Tracker.
//
// The probe set must list the NTrain training samples first, then the test
// samples, as the engine's default probe does.
type Generalization struct {
	NTrain int   // number of leading probe rows that are training samples
	Labels []int // labels of all probe rows
	// K of the k-NN KL estimator (0 = 1); Projections of the sliced W1
	// (0 = 50); Seed of the projections and the jitter.
	K           int
	Projections int
	Seed        uint64
	Workers     int
	Rows        []GenRow
}

// Observe computes the measures of every layer of one snapshot and appends
// them to Rows.
func (g *Generalization) Observe(epoch int, layers []*mat.Dense) error {
	n := len(g.Labels)
	if g.NTrain < 2 || g.NTrain > n-2 {
		return fmt.Errorf("ib: generalization: %d training rows of %d, need ≥ 2 of each: %w", g.NTrain, n, check.ErrTooFewSamples)
	}
	classes := 0
	for _, l := range g.Labels {
		classes = max(classes, l+1)
	}
	// Rows of each class in train and test.
	tr := make([][]int, classes)
	te := make([][]int, classes)
	for i, l := range g.Labels {
		if i < g.NTrain {
			tr[l] = append(tr[l], i)
		} else {
			te[l] = append(te[l], i)
		}
	}
	nte := float64(n - g.NTrain)
	labelKL := 0.0
	for y := 0; y < classes; y++ {
		p := float64(len(tr[y])) / float64(g.NTrain)
		q := float64(len(te[y])) / nte
		if p > 0 {
			if q == 0 {
				labelKL = math.Inf(1)
			} else {
				labelKL += p * math.Log(p/q)
			}
		}
	}
	for l, a := range layers {
		r, c := a.Dims()
		if r != n {
			return fmt.Errorf("ib: generalization: layer %d has %s for %s: %w", l+1, check.Count(r, "row"), check.Count(n, "label"), check.ErrLabelCount)
		}
		row := GenRow{Epoch: epoch, Layer: l + 1, KL: labelKL}
		// jitter scale: 1e-9 of the layer's largest magnitude (or 1e-9)
		scale := math.Max(mat.Max(a), -mat.Min(a))
		if !(scale > 0) {
			scale = 1
		}
		rng := rand.New(rand.NewPCG(g.Seed, uint64(epoch)<<16|uint64(l)))
		sub := func(idx []int, jitter bool) *mat.Dense {
			m := mat.NewDense(len(idx), c, nil)
			for k, i := range idx {
				for j := 0; j < c; j++ {
					v := a.At(i, j)
					if jitter {
						v += 1e-9 * scale * rng.NormFloat64()
					}
					m.Set(k, j, v)
				}
			}
			return m
		}
		var w1 float64
		for y := 0; y < classes; y++ {
			if len(tr[y]) == 0 || len(te[y]) == 0 {
				continue
			}
			wy := float64(len(te[y])) / nte
			p, q := sub(tr[y], false), sub(te[y], false)
			d, err := divergence.Sliced{Projections: g.Projections, Seed: g.Seed}.W(p, q, 1)
			if err != nil {
				return fmt.Errorf("ib: generalization: layer %d: W1: %w", l+1, err)
			}
			w1 += wy * d
			if len(tr[y]) > max(g.K, 1) && len(te[y]) >= max(g.K, 1) {
				kl, err := divergence.KNN{K: g.K, Workers: g.Workers}.KL(sub(tr[y], true), sub(te[y], true))
				switch {
				case err == nil:
					row.KL += float64(len(tr[y])) / float64(g.NTrain) * kl
				case errors.Is(err, check.ErrParam):
					row.KL = math.NaN()
				default:
					return fmt.Errorf("ib: generalization: layer %d: KL: %w", l+1, err)
				}
			}
		}
		row.W1 = w1
		var nz []int
		for i := 0; i < r; i++ {
			if mat.Norm(a.RowView(i), 2) > 0 {
				nz = append(nz, i)
			}
		}
		if len(nz) == 0 {
			row.Vendi = math.NaN()
		} else if v, err := vendi.ScoreFeatures(sub(nz, false), vendi.Cosine{}, 1); err == nil {
			row.Vendi = v
		} else {
			row.Vendi = math.NaN()
		}
		g.Rows = append(g.Rows, row)
	}
	return nil
}
