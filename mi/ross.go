package mi

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/internal/special"
)

// Ross is the nearest-neighbour estimator of the mutual information between
// a continuous X and a discrete label Y of Ross (2014), "Mutual information
// between discrete and continuous data sets", PLoS ONE 9(2): e87357, Eq. 2:
//
//	I = ψ(N) − ⟨ψ(N_y)⟩ + ψ(K) − ⟨ψ(m)⟩,
//
// where for sample i with label y, d_i is the distance (max norm) to its K-th
// nearest neighbour among the N_y samples with the same label, and m_i counts
// the samples of any label within d_i (strictly closer, plus sample i itself;
// this is m of the paper, which counts the K-th neighbour). As scikit-learn
// does, samples whose label occurs only once are dropped, and a label with
// N_y ≤ K uses K = N_y − 1 for its samples. Result in nats, not clamped.
//
// Preprocessing (standardisation and seeded jitter) is as for KSG.
// Cost O(N log N) in low dimension.
type Ross struct {
	// K is the number of neighbours (0 → 3).
	K int
	// Noise is the relative jitter (0 → 1e-8; negative → none).
	Noise float64
	// Seed seeds the jitter.
	Seed uint64
	// NoStandardize keeps the columns' own scales.
	NoStandardize bool
	// Ranks replaces every column of X by its ranks first (see KSG.Ranks).
	Ranks bool
	// Workers bounds the goroutines (0 → GOMAXPROCS).
	Workers int
}

var _ LabelEstimator = Ross{}

// MILabels estimates I(X;Y) in nats from x (n×d) and labels (n values ≥ 0).
func (e Ross) MILabels(xm mat.Matrix, labels []int) (float64, error) {
	st, err := e.prepare(xm, labels)
	if err != nil {
		return 0, err
	}
	if constantRows(xm) {
		return 0, nil // I(X;Y) = 0 exactly; the jitter would only add noise
	}
	return st.estimate(labels), nil
}

type rossState struct {
	n, d, k int
	workers int
	x       []float64
	all     knn.SelfCounter // over all n samples
}

func (e Ross) prepare(xm mat.Matrix, labels []int) (*rossState, error) {
	k, err := knnK(e.K)
	if err != nil {
		return nil, err
	}
	noise, err := knnNoiseLevel(e.Noise)
	if err != nil {
		return nil, err
	}
	x, n, d, err := knnFlatten("x", xm, e.NoStandardize)
	if err != nil {
		return nil, err
	}
	if e.Ranks {
		knnRanks(x, n, d)
	}
	if _, err := check.Labels("labels", labels, n); err != nil {
		return nil, err
	}
	if err := check.K(k, n); err != nil {
		return nil, err
	}
	if err := rossCheckClasses(labels); err != nil {
		return nil, err
	}
	var sx []float64
	if e.NoStandardize {
		sx = knnColumnSD(x, n, d)
	} else {
		knnStandardize(x, n, d)
	}
	knnJitter(noise, e.Seed, knnArray{x, n, d, sx})
	w := parallel.Workers(e.Workers)
	return &rossState{n: n, d: d, k: k, workers: w, x: x, all: knnCounter(x, n, d, w)}, nil
}

// estimate computes the estimate for the given labels. Samples of singleton
// labels stay in the counting structure built over all samples but are
// excluded from the sums and from the counts.
func (st *rossState) estimate(labels []int) float64 {
	n, d := st.n, st.d
	classes := 0
	for _, l := range labels {
		classes = max(classes, l+1)
	}
	if oneClass(labels) {
		// a constant Y carries no information: exactly 0, where the sums
		// below would leave rounding noise of either sign
		return 0
	}
	size := make([]int, classes)
	for _, l := range labels {
		size[l]++
	}
	// rows of each class
	start := make([]int, classes+1)
	for c := 0; c < classes; c++ {
		start[c+1] = start[c] + size[c]
	}
	rows := make([]int32, n)
	fill := append([]int(nil), start[:classes]...)
	for i, l := range labels {
		rows[fill[l]] = int32(i)
		fill[l]++
	}
	radius := make([]float64, n)
	kUsed := make([]int, n)
	singletons := 0
	for c := 0; c < classes; c++ {
		nc := size[c]
		if nc == 0 {
			continue
		}
		if nc == 1 {
			singletons++
			continue
		}
		kc := min(st.k, nc-1)
		pts := make([]float64, nc*d)
		for a, r := range rows[start[c]:start[c+1]] {
			copy(pts[a*d:a*d+d], st.x[int(r)*d:int(r)*d+d])
		}
		members := rows[start[c]:start[c+1]]
		s := knn.NewAllSearcherInPlace(pts, nc, d, knn.Max, st.workers)
		s.EachKNN(kc, false, knnBlock, st.workers, func(_, a int, dist []float64, _ []int32) {
			i := members[a]
			radius[i] = dist[kc-1]
			kUsed[i] = kc
		})
	}
	// With singletons present the counting set must exclude them: rebuild.
	counter := st.all
	kept := n - singletons
	if singletons > 0 {
		pts := make([]float64, 0, kept*d)
		for i, l := range labels {
			if size[l] > 1 {
				pts = append(pts, st.x[i*d:i*d+d]...)
			}
		}
		counter = knnCounter(pts, kept, d, st.workers)
	}
	if kept < 2 {
		return 0
	}
	// Without singletons the counting set is the whole sample: count around
	// every sample at once, in the structure's own order.
	var counts []int32
	if singletons == 0 {
		counts = make([]int32, n)
		st.all.CountSelf(radius, false, counts, st.workers)
	}
	parts := make([]float64, parallel.NumBlocks(n, knnBlock))
	parallel.Blocks(n, knnBlock, st.workers, func(b, lo, hi int) {
		var s float64
		for i := lo; i < hi; i++ {
			if size[labels[i]] < 2 {
				continue
			}
			r := radius[i]
			var m int
			if counts != nil {
				m = int(counts[i])
			} else {
				m = counter.Count(st.x[i*d:i*d+d], r, false)
			}
			if !(r > 0) {
				m++ // the sample itself
			}
			s += special.DigammaInt(kUsed[i]) - special.DigammaInt(size[labels[i]]) - special.DigammaInt(m)
		}
		parts[b] = s
	})
	return special.DigammaInt(kept) + knnSum(parts)/float64(kept)
}

func rossCheckClasses(labels []int) error {
	seen := map[int]int{}
	for _, l := range labels {
		seen[l]++
	}
	for _, c := range seen {
		if c > 1 {
			return nil
		}
	}
	return fmt.Errorf("every label occurs once: %w", check.ErrLabels)
}

// oneClass reports whether every label is the same.
func oneClass(labels []int) bool {
	for _, l := range labels {
		if l != labels[0] {
			return false
		}
	}
	return true
}

// constantRows reports whether every row of m equals the first (a constant
// variable, whose mutual information with anything is exactly 0). It stops
// at the first row that differs, so it costs a row or two on real data.
func constantRows(m mat.Matrix) bool {
	r, c := m.Dims()
	for i := 1; i < r; i++ {
		for j := 0; j < c; j++ {
			if m.At(i, j) != m.At(0, j) {
				return false
			}
		}
	}
	return true
}
