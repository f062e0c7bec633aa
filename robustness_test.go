package itlab_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab"
	"github.com/itlab/itlab/divergence"
	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/inductivebias"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
	"github.com/itlab/itlab/plots"
	"github.com/itlab/itlab/vendi"
)

// badInputs are matrices no estimator can use, or can use only with care:
// nil, no rows, no columns in a 0-row view, one row, NaN, ±Inf, all rows
// equal, values at the ends of the float64 range.
func badInputs() map[string]mat.Matrix {
	grid := func(n, d int, f func(i, j int) float64) *mat.Dense {
		m := mat.NewDense(n, d, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				m.Set(i, j, f(i, j))
			}
		}
		return m
	}
	spread := func(i, j int) float64 { return math.Sin(float64(i*7+j*3)) + float64(i%5) }
	withAt := func(v float64) *mat.Dense {
		m := grid(40, 2, spread)
		m.Set(17, 1, v)
		return m
	}
	return map[string]mat.Matrix{
		"nil":           nil,
		"nil *Dense":    (*mat.Dense)(nil),
		"nil *VecDense": (*mat.VecDense)(nil),
		"empty Dense":   &mat.Dense{},
		"no rows":       mat.NewDense(1, 2, nil).Slice(0, 0, 0, 2),
		"one row":       grid(1, 2, spread),
		"two rows":      grid(2, 2, spread),
		"NaN":           withAt(math.NaN()),
		"+Inf":          withAt(math.Inf(1)),
		"-Inf":          withAt(math.Inf(-1)),
		"constant":      grid(40, 2, func(int, int) float64 { return 3 }),
		"huge":          grid(40, 2, func(i, j int) float64 { return 1e308 * spread(i, j) / 6 }),
		"tiny":          grid(40, 2, func(i, j int) float64 { return 1e-308 * spread(i, j) }),
		"max float":     grid(40, 2, func(i, j int) float64 { return math.MaxFloat64 * float64(1-2*((i+j)%2)) }),
	}
}

// TestLibraryNeverPanicsOnBadData calls every estimator on every bad input
// (against a good partner, and labels of the right and the wrong length):
// each must return an error or a value, never panic, and never return NaN
// without an error.
func TestLibraryNeverPanicsOnBadData(t *testing.T) {
	good := mat.NewDense(40, 2, nil)
	for i := 0; i < 40; i++ {
		good.Set(i, 0, math.Cos(float64(i)))
		good.Set(i, 1, math.Sin(float64(3*i)))
	}
	labels := make([]int, 40)
	for i := range labels {
		labels[i] = i % 2
	}
	ents := map[string]entropy.Estimator{"KL": entropy.KL{}, "Gaussian": entropy.Gaussian{}, "Spacing": entropy.Spacing{},
		"KDE": entropy.KDE{}, "KDEBound": entropy.KDEBound{NoiseVar: 0.1}, "PlugIn": entropy.PlugIn{},
		"MillerMadow": entropy.MillerMadow{}, "Grassberger": entropy.Grassberger{}, "NSB": entropy.NSB{K: 100}}
	mis := map[string]mi.Estimator{"KSG": mi.KSG{}, "KSG2": mi.KSG{Algorithm: 2}, "Gaussian": mi.Gaussian{},
		"Binning": mi.Binning{}, "AdaptiveBinning": mi.AdaptiveBinning{}, "Renyi": mi.Renyi{}, "Discrete": mi.Discrete{}}
	lab := map[string]mi.LabelEstimator{"Ross": mi.Ross{}, "KDE": mi.KDE{}, "AdaptiveKDE": mi.AdaptiveKDE{},
		"Binning": mi.Binning{}, "AdaptiveBinning": mi.AdaptiveBinning{}, "Renyi": mi.Renyi{}, "Discrete": mi.Discrete{}}
	divs := map[string]func(p, q mat.Matrix) (float64, error){
		"KNN":         divergence.KNN{}.KL,
		"KNNAdaptive": divergence.KNNAdaptive{}.KL,
		"KNNEnsemble": divergence.KNNEnsemble{}.KL,
		"KNNJS":       divergence.KNNJS{}.JS,
		"CS":          divergence.CS{}.Divergence,
		"MMD":         divergence.MMD{}.MMD2,
		"WExact":      func(p, q mat.Matrix) (float64, error) { return divergence.WExact(p, q, 1) },
		"Sinkhorn":    func(p, q mat.Matrix) (float64, error) { return divergence.Sinkhorn{}.W(p, q, 2) },
		"Sliced":      func(p, q mat.Matrix) (float64, error) { return divergence.Sliced{}.W(p, q, 1) },
	}
	vendis := map[string]vendi.Kernel{"cosine": vendi.Cosine{}, "linear": vendi.Linear{}, "rbf": vendi.RBF{}}

	check := func(t *testing.T, what string, f func() (float64, error)) {
		t.Helper()
		var v float64
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic: %v", what, r)
				}
			}()
			v, err = f()
		}()
		if err == nil {
			assert.False(t, math.IsNaN(v), "%s: NaN without an error", what)
		}
	}
	for name, x := range badInputs() {
		t.Run(name, func(t *testing.T) {
			for en, e := range ents {
				check(t, "entropy."+en, func() (float64, error) { return e.Entropy(x) })
			}
			for mn, e := range mis {
				check(t, "mi."+mn+"(bad, good)", func() (float64, error) { return e.MI(x, good) })
				check(t, "mi."+mn+"(good, bad)", func() (float64, error) { return e.MI(good, x) })
			}
			for ln, e := range lab {
				check(t, "mi."+ln+".MILabels", func() (float64, error) { return e.MILabels(x, labels) })
			}
			for dn, f := range divs {
				check(t, "divergence."+dn+"(bad, good)", func() (float64, error) { return f(x, good) })
				check(t, "divergence."+dn+"(good, bad)", func() (float64, error) { return f(good, x) })
			}
			for vn, k := range vendis {
				check(t, "vendi."+vn, func() (float64, error) { return vendi.ScoreFeatures(x, k, 1) })
			}
			check(t, "vendi.Score", func() (float64, error) { return vendi.Score(x, 1) })
			check(t, "mi.CMI", func() (float64, error) { return mi.CMI{}.CMI(x, good, good) })
			check(t, "mi.CMI(z bad)", func() (float64, error) { return mi.CMI{}.CMI(good, good, x) })
			for _, e := range []mi.LayerEstimator{mi.KDE{}, mi.AdaptiveKDE{}, mi.Binning{}, mi.AdaptiveBinning{}, mi.Renyi{}} {
				check(t, "mi."+e.Name()+".Layer", func() (float64, error) {
					l, err := e.Layer(x, labels)
					return l.IXT + l.ITY, err
				})
			}
			check(t, "mi.Permutation", func() (float64, error) {
				s, err := mi.Permutation(mi.KSG{}, x, good, 5, rand.New(rand.NewPCG(1, 1)))
				return s.PValue, err
			})
			check(t, "mi.BootstrapLabels", func() (float64, error) {
				iv, err := mi.BootstrapLabels(mi.Ross{}, x, labels, 5, 0.9, rand.New(rand.NewPCG(1, 1)))
				return iv.Low, err
			})
			check(t, "entropy.Rows", func() (float64, error) { return entropy.Rows(entropy.PlugIn{}, x) })
			check(t, "inductivebias.IntrinsicDim", func() (float64, error) { return inductivebias.IntrinsicDim(x, 0, 0, 1) })
			check(t, "inductivebias.Resolution", func() (float64, error) { return inductivebias.Resolution(x, labels, 0, 1) })
		})
	}
	// labels that do not fit
	for name, l := range map[string][]int{"nil": nil, "short": labels[:10], "negative": append([]int{-1}, labels[1:]...)} {
		for ln, e := range lab {
			check(t, fmt.Sprintf("mi.%s.MILabels(labels %s)", ln, name), func() (float64, error) { return e.MILabels(good, l) })
		}
	}
}

// TestLibraryNilArguments passes nil where an estimator, a kernel, a reader
// or a matrix belongs: each call must return an error (or a documented NaN
// or empty result), never panic. A nil Func kernel used to crash the whole
// process from a worker goroutine.
func TestLibraryNilArguments(t *testing.T) {
	x := mat.NewDense(20, 2, nil)
	for i := 0; i < 20; i++ {
		x.Set(i, 0, math.Sin(float64(i)))
		x.Set(i, 1, math.Cos(float64(3*i)))
	}
	labels := make([]int, 20)
	for i := range labels {
		labels[i] = i % 2
	}
	var nilDense *mat.Dense
	var nilKSG *mi.KSG
	rng := func() *rand.Rand { return rand.New(rand.NewPCG(1, 1)) }
	net, err := nets.New(nets.Config{Layers: []int{3}, Epochs: 1}, 2, 2)
	require.NoError(t, err)
	errCases := map[string]struct {
		f    func() error
		want error
	}{
		"mi.Permutation nil estimator":       {func() error { _, e := mi.Permutation(nil, x, x, 5, rng()); return e }, itlab.ErrParam},
		"mi.Permutation nil *KSG":            {func() error { _, e := mi.Permutation(nilKSG, x, x, 5, rng()); return e }, itlab.ErrParam},
		"mi.PermutationLabels nil estimator": {func() error { _, e := mi.PermutationLabels(nil, x, labels, 5, rng()); return e }, itlab.ErrParam},
		"mi.Bootstrap nil estimator":         {func() error { _, e := mi.Bootstrap(nil, x, x, 5, 0.9, rng()); return e }, itlab.ErrParam},
		"mi.BootstrapLabels nil estimator":   {func() error { _, e := mi.BootstrapLabels(nil, x, labels, 5, 0.9, rng()); return e }, itlab.ErrParam},
		"mi.RenyiGramMI nil":                 {func() error { _, e := mi.RenyiGramMI(nil, nil, 1.01); return e }, itlab.ErrShape},
		"entropy.Symbols nil estimator":      {func() error { _, e := entropy.Symbols(nil, labels); return e }, itlab.ErrParam},
		"entropy.Rows nil estimator":         {func() error { _, e := entropy.Rows(nil, x); return e }, itlab.ErrParam},
		"entropy.MutualInfoDiscreteWith":     {func() error { _, e := entropy.MutualInfoDiscreteWith(nil, labels, labels); return e }, itlab.ErrParam},
		"vendi nil Func":                     {func() error { _, e := vendi.ScoreFeatures(x, vendi.Func(nil), 1); return e }, itlab.ErrParam},
		"nets.Train nil *Dense X": {func() error {
			_, e := net.Train(nets.Data{X: nilDense}, nets.Data{}, nil, nil, nil)
			return e
		}, itlab.ErrTooFewSamples},
		"nets.Predict nil *Dense": {func() error { _, e := net.Predict(nilDense); return e }, itlab.ErrShape},
		"nets.Load nil reader":    {func() error { _, e := nets.Load(nil); return e }, itlab.ErrParam},
		"plots.InfoPlane only +Inf rows": {func() error {
			_, e := plots.InfoPlane([]ib.Row{{Estimator: "a", Epoch: 1, Layer: 1, IXT: math.Inf(1), ITY: 1}}, plots.InfoPlaneOptions{})
			return e
		}, itlab.ErrNonFinite},
	}
	for name, c := range errCases {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = c.f() })
			assert.ErrorIs(t, err, c.want)
		})
	}
	t.Run("documented NaN or empty results", func(t *testing.T) {
		require.NotPanics(t, func() {
			ids, k := entropy.RowSymbols(nilDense)
			assert.Nil(t, ids)
			assert.Zero(t, k)
			assert.True(t, math.IsNaN(entropy.LogDetCovariance(nil)))
			assert.True(t, math.IsNaN(divergence.Silverman(nilDense, nil)))
			assert.True(t, math.IsNaN(inductivebias.Radius(nil)))
			assert.Nil(t, nets.DeadUnits(nilDense))
		})
	})
	t.Run("plots skip a +Inf row among finite ones", func(t *testing.T) {
		rows := []ib.Row{
			{Estimator: "a", Epoch: 1, Layer: 1, IXT: math.Inf(1), ITY: 1},
			{Estimator: "a", Epoch: 2, Layer: 1, IXT: 1, ITY: 0.5},
			{Estimator: "a", Epoch: 3, Layer: 1, IXT: 1.2, ITY: 0.6},
		}
		_, err := plots.InfoPlane(rows, plots.InfoPlaneOptions{})
		assert.NoError(t, err)
		_, err = plots.InfoEpochs(rows, nil)
		assert.NoError(t, err)
	})
}
