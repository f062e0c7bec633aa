package mi

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/entropy"
	"github.com/itlab/itlab/internal/check"
)

var discreteEstimators = []struct {
	name string
	e    Discrete
}{
	{"plugin", Discrete{}},
	{"miller-madow", Discrete{Entropy: entropy.MillerMadow{}}},
	{"grassberger", Discrete{Entropy: entropy.Grassberger{}}},
}

func column(v []int) *mat.Dense {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return mat.NewDense(len(v), 1, f)
}

// sampleJoint draws n pairs from the joint pmf p (rows x, columns y).
func sampleJoint(p [][]float64, n int, rng *rand.Rand) (xs, ys []int) {
	xs, ys = make([]int, n), make([]int, n)
	for i := range n {
		u := rng.Float64()
		acc := 0.0
	draw:
		for a, row := range p {
			for b, q := range row {
				acc += q
				if u < acc || (a == len(p)-1 && b == len(row)-1) {
					xs[i], ys[i] = a, b
					break draw
				}
			}
		}
	}
	return xs, ys
}

// jointTruth returns the exact I(X;Y) in nats of the pmf p and the variance of
// the information density log p(x,y)/(p(x)p(y)).
func jointTruth(p [][]float64) (mi, variance float64) {
	px := make([]float64, len(p))
	py := make([]float64, len(p[0]))
	for a, row := range p {
		for b, q := range row {
			px[a] += q
			py[b] += q
		}
	}
	var m2 float64
	for a, row := range p {
		for b, q := range row {
			if q > 0 {
				i := math.Log(q / (px[a] * py[b]))
				mi += q * i
				m2 += q * i * i
			}
		}
	}
	return mi, m2 - mi*mi
}

func TestDiscreteExactCases(t *testing.T) {
	cases := []struct {
		name       string
		x, y       []int
		plugin     float64 // exact plug-in value
		kx, ky, kj int     // observed symbols of X, Y and (X, Y)
	}{
		// Y = X, X uniform over 4 symbols: I = H(X) = log 4
		{"copy", []int{0, 0, 1, 1, 2, 2, 3, 3}, []int{0, 0, 1, 1, 2, 2, 3, 3}, math.Log(4), 4, 4, 4},
		// every (x, y) pair equally often: I = 0
		{"product", []int{0, 0, 1, 1, 0, 0, 1, 1}, []int{0, 1, 0, 1, 0, 1, 0, 1}, 0, 2, 2, 4},
		// Y a deterministic, non-injective function of X: I = H(Y) = log 2
		{"function", []int{0, 1, 2, 3, 0, 1, 2, 3}, []int{0, 0, 1, 1, 0, 0, 1, 1}, math.Log(2), 4, 2, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := float64(len(c.x))
			pi, err := Discrete{}.Symbols(c.x, c.y)
			require.NoError(t, err)
			assert.InDelta(t, c.plugin, pi, 1e-12)
			// Miller–Madow adds (K−1)/(2N) to each entropy term
			mm, err := Discrete{Entropy: entropy.MillerMadow{}}.Symbols(c.x, c.y)
			require.NoError(t, err)
			assert.InDelta(t, c.plugin+float64(c.kx+c.ky-c.kj-1)/(2*n), mm, 1e-12)
			// Grassberger: the same composition of its three entropies
			gr, err := Discrete{Entropy: entropy.Grassberger{}}.Symbols(c.x, c.y)
			require.NoError(t, err)
			joint := make([]int, len(c.x))
			for i := range joint {
				joint[i] = 10*c.x[i] + c.y[i]
			}
			g := entropy.Grassberger{}
			hx, _ := g.Symbols(c.x)
			hy, _ := g.Symbols(c.y)
			hj, _ := g.Symbols(joint)
			assert.InDelta(t, hx+hy-hj, gr, 1e-12)
		})
	}
}

// TestDiscreteSampledTruth checks all three estimators against the exact MI
// of a 3×4 joint pmf at n = 20000. The standard deviation of the estimate is
// sqrt(Var[i(X;Y)]/n) (delta method), and the plug-in bias is
// (K_XY − K_X − K_Y + 1)/(2n) = 6/(2n) = 1.5e-4 nats; the tolerance is five
// standard deviations plus that bias.
func TestDiscreteSampledTruth(t *testing.T) {
	p := [][]float64{
		{0.20, 0.05, 0.03, 0.02},
		{0.02, 0.15, 0.10, 0.03},
		{0.05, 0.05, 0.05, 0.25},
	}
	truth, v := jointTruth(p)
	const n = 20000
	tol := 5*math.Sqrt(v/n) + 6.0/(2*n)
	xs, ys := sampleJoint(p, n, rand.New(rand.NewPCG(1, 2)))
	for _, est := range discreteEstimators {
		t.Run(est.name, func(t *testing.T) {
			got, err := est.e.MI(column(xs), column(ys))
			require.NoError(t, err)
			assert.InDelta(t, truth, got, tol, "truth %.5f", truth)
			lab, err := est.e.MILabels(column(xs), ys)
			require.NoError(t, err)
			assert.InDelta(t, got, lab, 1e-12, "MILabels must equal MI on the same symbols")
		})
	}
}

func TestDiscreteProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 500
	xs, ys := make([]int, n), make([]int, n)
	for i := range n {
		xs[i] = rng.IntN(6)
		ys[i] = (xs[i] + rng.IntN(3)) % 7
	}
	for _, est := range discreteEstimators {
		t.Run(est.name, func(t *testing.T) {
			base, err := est.e.Symbols(xs, ys)
			require.NoError(t, err)
			sym, err := est.e.Symbols(ys, xs)
			require.NoError(t, err)
			assert.InDelta(t, base, sym, 1e-12, "symmetry")

			// relabelling the symbols by any bijection (here to huge, sparse
			// values, beyond float64's exact integers) changes nothing
			rx := make([]int, n)
			for i, v := range xs {
				rx[i] = (1 << 60) + 1 - 7*v
			}
			rel, err := est.e.Symbols(rx, ys)
			require.NoError(t, err)
			assert.InDelta(t, base, rel, 1e-12, "relabelling")

			// permuting the pairs changes nothing
			perm := rng.Perm(n)
			px, py := make([]int, n), make([]int, n)
			for i, j := range perm {
				px[i], py[i] = xs[j], ys[j]
			}
			pm, err := est.e.Symbols(px, py)
			require.NoError(t, err)
			assert.InDelta(t, base, pm, 1e-12, "permutation")

			// multi-column rows: (x, x) carries the same information as x
			two := mat.NewDense(n, 2, nil)
			for i, v := range xs {
				two.Set(i, 0, float64(v))
				two.Set(i, 1, float64(v))
			}
			rows, err := est.e.MI(two, column(ys))
			require.NoError(t, err)
			assert.InDelta(t, base, rows, 1e-12, "rows as symbols")
		})
	}
}

// TestDiscreteBiasCorrection: for independent uniform X and Y over 8 symbols
// with n = 100, the plug-in is biased up by about 49/200 ≈ 0.25 nats; the
// corrected estimators must have a smaller mean absolute error over many
// replicates.
func TestDiscreteBiasCorrection(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n, reps = 100, 200
	mae := map[string]float64{}
	xs, ys := make([]int, n), make([]int, n)
	for range reps {
		for i := range n {
			xs[i], ys[i] = rng.IntN(8), rng.IntN(8)
		}
		for _, est := range discreteEstimators {
			got, err := est.e.Symbols(xs, ys)
			require.NoError(t, err)
			mae[est.name] += math.Abs(got) / reps
		}
	}
	assert.Greater(t, mae["plugin"], 0.15, "plug-in bias should be visible")
	assert.Less(t, mae["miller-madow"], mae["plugin"])
	assert.Less(t, mae["grassberger"], mae["plugin"])
}

func TestDiscreteErrors(t *testing.T) {
	one := column([]int{1, 2, 3})
	cases := []struct {
		name string
		run  func() (float64, error)
		want error
	}{
		{"row mismatch", func() (float64, error) { return Discrete{}.MI(one, column([]int{1, 2})) }, check.ErrShape},
		{"label mismatch", func() (float64, error) { return Discrete{}.MILabels(one, []int{1}) }, check.ErrShape},
		{"symbol mismatch", func() (float64, error) { return Discrete{}.Symbols([]int{1}, []int{1, 2}) }, check.ErrShape},
		{"empty", func() (float64, error) { return Discrete{}.Symbols(nil, nil) }, check.ErrTooFewSamples},
		{"nan", func() (float64, error) {
			return Discrete{}.MI(mat.NewDense(2, 1, []float64{1, math.NaN()}), column([]int{1, 2}))
		}, check.ErrNonFinite},
		{"nsb", func() (float64, error) { return Discrete{Entropy: entropy.NSB{K: 4}}.Symbols([]int{1}, []int{1}) }, check.ErrParam},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := c.run()
			require.ErrorIs(t, err, c.want)
			assert.True(t, math.IsNaN(v))
		})
	}
}
