package itlab_test

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/divergence"
	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/vendi"
)

// TestEstimatorsConcurrentUse runs every kind of estimator from several
// goroutines at once on shared inputs: each call must give the bits of the
// same call made alone (the package doc promises that estimator values may
// be shared; run with -race to check the buffers they reuse).
func TestEstimatorsConcurrentUse(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n = 200
	x := mat.NewDense(n, 3, nil)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 3; j++ {
			x.Set(i, j, math.Tanh(rng.NormFloat64()))
		}
		labels[i] = i % 3
	}
	orig := mat.DenseCopyOf(x)
	a, b := x.Slice(0, n, 0, 1), x.Slice(0, n, 1, 3)
	p, q := x.Slice(0, n/2, 0, 3), x.Slice(n/2, n, 0, 3)
	layer := func(e mi.LayerEstimator) func() (float64, error) {
		return func() (float64, error) { l, err := e.Layer(x, labels); return l.IXT + 2*l.ITY, err }
	}
	calls := map[string]func() (float64, error){
		"KSG":             func() (float64, error) { return mi.KSG{}.MI(a, b) },
		"KSG2":            func() (float64, error) { return mi.KSG{Algorithm: 2}.MI(b, a) },
		"Ross":            func() (float64, error) { return mi.Ross{}.MILabels(x, labels) },
		"CMI":             func() (float64, error) { return mi.CMI{}.CMI(a, b, x.Slice(0, n, 2, 3)) },
		"Gaussian":        func() (float64, error) { return mi.Gaussian{}.MI(a, b) },
		"Binning":         layer(mi.Binning{}),
		"AdaptiveBinning": layer(mi.AdaptiveBinning{AutoLow: true}),
		"KDE":             layer(mi.KDE{}),
		"AdaptiveKDE":     layer(mi.AdaptiveKDE{}),
		"Renyi":           layer(mi.Renyi{}),
		"entropy.KL":      func() (float64, error) { return entropy.KL{}.Entropy(x) },
		"entropy.KDE":     func() (float64, error) { return entropy.KDE{}.Entropy(x) },
		"divergence.KNN":  func() (float64, error) { return divergence.KNN{}.KL(p, q) },
		"divergence.CS":   func() (float64, error) { return divergence.CS{}.Divergence(p, q) },
		"vendi.Cosine":    func() (float64, error) { return vendi.ScoreFeatures(x, vendi.Cosine{}, 1) },
		"vendi.RBF":       func() (float64, error) { return vendi.ScoreFeatures(x, vendi.RBF{}, 1) },
	}
	want := map[string]float64{}
	for name, f := range calls {
		v, err := f()
		if assert.NoError(t, err, name) {
			want[name] = v
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string][]float64{}
	for rep := 0; rep < 3; rep++ {
		for name, f := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := f()
				assert.NoError(t, err, name)
				mu.Lock()
				got[name] = append(got[name], v)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	assert.True(t, mat.Equal(orig, x), "an estimator modified its input")
	for name, vs := range got {
		for _, v := range vs {
			assert.Equal(t, math.Float64bits(want[name]), math.Float64bits(v), "%s: %v concurrently, %v alone", name, v, want[name])
		}
	}
}
