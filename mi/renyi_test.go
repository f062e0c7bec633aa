package mi

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Reference values of methods.md §3e (bits, from a port of the reference).
func TestRenyiGramReferenceValues(t *testing.T) {
	k3 := mat.NewSymDense(3, []float64{1, .9, 0, .9, 1, 0, 0, 0, 1})
	kb := mat.NewSymDense(3, []float64{1, .5, .2, .5, 1, .3, .2, .3, 1})
	cases := []struct {
		name string
		f    func() (float64, error)
		nats float64
	}{
		{"S1.01_K3", func() (float64, error) { return RenyiGramEntropy(k3, 1.01) }, 1.1068689199 * math.Ln2},
		{"S2_K3", func() (float64, error) { return RenyiGramEntropy(k3, 2) }, 0.9620321498 * math.Ln2},
		{"S1.01_KB", func() (float64, error) { return RenyiGramEntropy(kb, 1.01) }, 1.4045761032 * math.Ln2},
		{"S1.01_K3oKB", func() (float64, error) { return RenyiGramEntropy(renyiHadamard(k3, kb), 1.01) }, 1.4830769394 * math.Ln2},
		{"I1.01", func() (float64, error) { return RenyiGramMI(k3, kb, 1.01) }, 1.0283680837 * math.Ln2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.f()
			require.NoError(t, err)
			assert.InDelta(t, tc.nats, v, 1e-9) // printed to 10 decimals (bits)
		})
	}
	t.Run("alpha2_eigen_path", func(t *testing.T) {
		// α = 2 by ‖A‖_F² agrees with the eigenvalue formula near 2
		a, err := RenyiGramEntropy(k3, 2)
		require.NoError(t, err)
		b, err := RenyiGramEntropy(k3, 2+1e-9)
		require.NoError(t, err)
		assert.InDelta(t, a, b, 1e-8)
	})
}

func TestRenyiInvariants(t *testing.T) {
	n := 40
	t.Run("identity_lnN_all_alpha", func(t *testing.T) {
		id := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			id.SetSym(i, i, 1)
		}
		for _, a := range []float64{0.5, 1, 1.01, 2, 3} {
			s, err := RenyiGramEntropy(id, a)
			require.NoError(t, err)
			assert.InDelta(t, math.Log(float64(n)), s, 1e-12)
			i, err := RenyiGramMI(id, id, a)
			require.NoError(t, err)
			assert.InDelta(t, math.Log(float64(n)), i, 1e-12)
		}
	})
	t.Run("identical_points_zero", func(t *testing.T) {
		x := mat.NewDense(n, 2, nil)
		for i := 0; i < n; i++ {
			x.SetRow(i, []float64{1, 2})
		}
		s, err := Renyi{Sigma: 1}.Entropy(x)
		require.NoError(t, err)
		assert.InDelta(t, 0, s, 1e-10)
	})
	t.Run("labels_entropy_and_far_clusters", func(t *testing.T) {
		// delta kernel: S_α(Y) is the Rényi entropy of the class
		// frequencies; clusters far apart relative to σ carry all of it.
		x := mat.NewDense(n, 1, nil)
		y := make([]int, n)
		for i := 0; i < n; i++ {
			y[i] = i % 4
			x.Set(i, 0, float64(y[i])*100+float64(i)*1e-5)
		}
		l, err := Renyi{Sigma: 1}.Layer(x, y)
		require.NoError(t, err)
		assert.InDelta(t, math.Log(4), l.ITY, 1e-9)
		assert.InDelta(t, math.Log(4), l.IXT, 1e-6) // = S(T): 4 tight clusters
		mi, err := Renyi{Sigma: 1}.MILabels(x, y)
		require.NoError(t, err)
		assert.InDelta(t, l.ITY, mi, 1e-12)
	})
	t.Run("mi_symmetric_deterministic", func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 9))
		a := mat.NewDense(60, 2, nil)
		b := mat.NewDense(60, 1, nil)
		for i := 0; i < 60; i++ {
			u := r.NormFloat64()
			a.SetRow(i, []float64{u, r.NormFloat64()})
			b.Set(i, 0, u+0.3*r.NormFloat64())
		}
		ab, err := Renyi{}.MI(a, b)
		require.NoError(t, err)
		ba, err := Renyi{}.MI(b, a)
		require.NoError(t, err)
		assert.InDelta(t, ab, ba, 1e-10)
		assert.Greater(t, ab, 0.1)
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
		runtime.GOMAXPROCS(1)
		ab1, err := Renyi{}.MI(a, b)
		require.NoError(t, err)
		assert.Equal(t, ab, ab1)
	})
}

func TestRenyiErrors(t *testing.T) {
	good := mat.NewDense(3, 1, []float64{0, 1, 2})
	cases := []struct {
		name string
		f    func() error
		want error
	}{
		{"nan", func() error {
			_, err := Renyi{}.Layer(mat.NewDense(3, 1, []float64{0, math.NaN(), 1}), []int{0, 1, 0})
			return err
		}, check.ErrNonFinite},
		{"rows", func() error { _, err := Renyi{}.MI(good, mat.NewDense(2, 1, nil)); return err }, check.ErrShape},
		{"labels", func() error { _, err := Renyi{}.MILabels(good, []int{0, 1}); return err }, check.ErrShape},
		{"alpha", func() error { _, err := Renyi{Alpha: -1}.Layer(good, []int{0, 1, 0}); return err }, check.ErrParam},
		{"sigma", func() error { _, err := Renyi{Sigma: -1}.Layer(good, []int{0, 1, 0}); return err }, check.ErrParam},
		{"maxn", func() error { _, err := Renyi{MaxN: 2}.Layer(good, []int{0, 1, 0}); return err }, check.ErrParam},
		{"gram_dims", func() error { _, err := RenyiGramMI(mat.NewSymDense(2, nil), mat.NewSymDense(3, nil), 2); return err }, check.ErrShape},
		{"gram_diag", func() error { _, err := RenyiGramEntropy(mat.NewSymDense(2, nil), 2); return err }, check.ErrNotPSD},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f()
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

// renyiDelta returns (for the tests) the delta-kernel Gram matrix of labels.
func renyiDelta(y []int, n int) (*mat.SymDense, error) {
	if _, _, _, err := ipLabels(y, n); err != nil {
		return nil, err
	}
	k := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if y[i] == y[j] {
				k.SetSym(i, j, 1)
			}
		}
	}
	return k, nil
}

func TestRenyiLabelTermsMatchHadamard(t *testing.T) {
	// the block-diagonal shortcut equals the explicit n×n route
	r := rand.New(rand.NewPCG(14, 14))
	n := 45
	x := mat.NewDense(n, 2, nil)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = r.IntN(4)
		x.SetRow(i, []float64{r.NormFloat64() + float64(y[i]), r.NormFloat64()})
	}
	y[0] = 5 // an empty class 4 in between
	e := Renyi{Sigma: 0.8}
	kt, err := e.gram("t", x)
	require.NoError(t, err)
	ky, err := renyiDelta(y, n)
	require.NoError(t, err)
	for _, a := range []float64{1, 1.01, 2, 3} {
		sy, sty, err := renyiLabelTerms(kt, y, a)
		require.NoError(t, err)
		wy, err := renyiGramEntropy(ky, a)
		require.NoError(t, err)
		wty, err := renyiGramEntropy(renyiHadamard(kt, ky), a)
		require.NoError(t, err)
		assert.InDelta(t, wy, sy, 1e-10, "alpha %v", a)
		assert.InDelta(t, wty, sty, 1e-10, "alpha %v", a)
	}
}
