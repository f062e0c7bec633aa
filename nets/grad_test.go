package nets

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// batchLoss is the training objective of one batch: the mean data loss plus
// (λ/2)·Σ W², computed from a fresh forward pass.
func batchLoss(n *Net, ws *workspace, rows int) float64 {
	n.forward(ws, ws.x, rows)
	k := n.OutDim()
	out := ws.act[len(ws.act)-1]
	var loss float64
	for r := 0; r < rows; r++ { // out is feature-major: output j of row r at j*ld + r
		switch n.cfg.Output {
		case Softmax:
			loss -= math.Log(out[ws.labels[r]*ws.ld+r])
		case MSE:
			for j := 0; j < k; j++ {
				e := out[j*ws.ld+r] - ws.target[r*k+j]
				loss += e * e / float64(k)
			}
		}
	}
	loss /= float64(rows)
	var w2 float64
	for _, w := range n.w {
		for _, v := range w {
			w2 += v * v
		}
	}
	return loss + n.cfg.L2/2*w2
}

// TestGradientFiniteDifferences compares the back-propagated gradient of
// every parameter with the central difference (L(θ+h) − L(θ−h))/2h, h = 1e-6,
// for every activation, both outputs, with and without L2. The central
// difference has truncation error O(h²·L”') ≈ 1e-12 and rounding error
// ≈ ε·|L|/h ≈ 1e-10, so a tolerance of 1e-7·(1 + |g|) leaves a wide margin
// while a wrong derivative (errors of order |g|) fails.
func TestGradientFiniteDifferences(t *testing.T) {
	const h = 1e-6
	type shape struct {
		name   string
		in     int
		layers []int
		out    int
	}
	// "narrow" runs the small-product kernels, "wide" (widths > 16) the
	// general GEMM path for the forward pass and both gradients.
	shapes := []shape{{"narrow", 3, []int{5, 4}, 3}, {"wide", 18, []int{20, 17}, 3}}
	for act := Activation(0); act < numActivations; act++ {
		for _, out := range []Output{Softmax, MSE} {
			for _, l2 := range []float64{0, 0.3} {
				for _, sh := range shapes {
					if sh.name == "wide" && (l2 != 0 || (act != Tanh && act != ReLU)) {
						continue // the layer path does not depend on these
					}
					name := fmt.Sprintf("%s/%v/%v/l2=%v", sh.name, act, out, l2)
					t.Run(name, func(t *testing.T) {
						testGradient(t, h, Config{Layers: sh.layers, Activation: act, Output: out, L2: l2, Seed: 3, Init: Xavier, LeakySlope: 0.1}, sh.in, sh.out)
					})
				}
			}
		}
	}
}

func testGradient(t *testing.T, h float64, cfg Config, in, nout int) {
	act := cfg.Activation
	n, err := New(cfg, in, nout)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(11, uint64(act)))
	for i := range n.b {
		for j := range n.b[i] {
			n.b[i][j] = 0.3 * rng.NormFloat64() // non-zero biases exercise their gradient
		}
	}
	const rows = 7
	ws := n.newWorkspace(rows, true)
	for i := range ws.x {
		ws.x[i] = 1.5 * rng.NormFloat64()
	}
	for r := range rows {
		ws.labels[r] = rng.IntN(nout)
		if ws.target != nil {
			for j := 0; j < nout; j++ {
				ws.target[r*nout+j] = rng.NormFloat64()
			}
		}
	}
	n.forward(ws, ws.x, rows)
	n.backward(ws, rows)
	analytic := append([]float64(nil), n.grad...)
	for i := range n.params {
		p := n.params[i]
		n.params[i] = p + h
		up := batchLoss(n, ws, rows)
		n.params[i] = p - h
		down := batchLoss(n, ws, rows)
		n.params[i] = p
		fd := (up - down) / (2 * h)
		require.InDelta(t, fd, analytic[i], 1e-7*(1+math.Abs(fd)), "parameter %d", i)
	}
}

// TestActivationValues checks f against closed forms and the derivative
// used by backprop against a central difference of f itself.
func TestActivationValues(t *testing.T) {
	zs := []float64{-30, -3.2, -1, -0.4, -1e-3, 1e-3, 0.25, 0.9, 2.5, 7, 30}
	closed := map[Activation]func(float64) float64{
		Tanh:      math.Tanh,
		ReLU:      func(z float64) float64 { return math.Max(z, 0) },
		ELU:       func(z float64) float64 { return map[bool]float64{true: z, false: math.Exp(z) - 1}[z > 0] },
		Softsign:  func(z float64) float64 { return z / (1 + math.Abs(z)) },
		Softplus:  func(z float64) float64 { return math.Log(1 + math.Exp(z)) },
		Sigmoid:   func(z float64) float64 { return 1 / (1 + math.Exp(-z)) },
		LeakyReLU: func(z float64) float64 { return map[bool]float64{true: z, false: 0.2 * z}[z > 0] },
		Linear:    func(z float64) float64 { return z },
	}
	for act := Activation(0); act < numActivations; act++ {
		t.Run(act.String(), func(t *testing.T) {
			y := append([]float64(nil), zs...)
			act.apply(y, 0.2)
			for i, z := range zs {
				require.InDelta(t, closed[act](z), y[i], 1e-15*(1+math.Abs(y[i])), "f(%v)", z)
			}
			d := make([]float64, len(zs))
			for i := range d {
				d[i] = 1
			}
			act.backprop(d, y, 0.2)
			for i, z := range zs {
				const h = 1e-6
				fd := (closed[act](z+h) - closed[act](z-h)) / (2 * h)
				require.InDelta(t, fd, d[i], 1e-8*(1+math.Abs(fd)), "f'(%v)", z)
			}
		})
	}
}

// TestTanhKernel checks the tanh kernel against math.Tanh on a dense grid
// and at the edges (±0, tiny, large, ±Inf, NaN).
func TestTanhKernel(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 5e-324, 1e-8, -1e-8, 0.3465, 0.3466, 19, -19.5, 20, 25, -700, math.Inf(1), math.Inf(-1), math.MaxFloat64}
	for i := -40000; i <= 40000; i++ {
		xs = append(xs, float64(i)*5.123e-4)
	}
	got := append([]float64(nil), xs...)
	tanhSlice(got)
	worst := 0.0
	for i, x := range xs {
		want := math.Tanh(x)
		if want == 0 {
			require.Equal(t, math.Signbit(want), math.Signbit(got[i]), "sign of tanh(%v)", x)
			require.Zero(t, got[i])
			continue
		}
		worst = math.Max(worst, math.Abs(got[i]-want)/math.Abs(want))
		require.InDelta(t, want, got[i], 1e-15*math.Abs(want), "tanh(%v)", x)
		require.InDelta(t, want, tanhGo(x), 1e-15*math.Abs(want), "portable tanh(%v)", x)
	}
	// The result does not depend on a value's position in the slice (vector
	// body or tail).
	for shift := 1; shift < 4; shift++ {
		g := append([]float64(nil), xs[shift:shift+23]...)
		tanhSlice(g)
		require.Equal(t, got[shift:shift+23], g, "shift %d", shift)
	}
	nan := []float64{math.NaN()}
	tanhSlice(nan)
	require.True(t, math.IsNaN(nan[0]))
	// NaN and ±Inf in every lane of both chains of the eight-value loop.
	for lane := range 8 {
		v := make([]float64, 12)
		for i := range v {
			v[i] = 0.5
		}
		v[lane], v[(lane+3)%8], v[(lane+5)%8] = math.NaN(), math.Inf(1), math.Inf(-1)
		tanhSlice(v)
		require.True(t, math.IsNaN(v[lane]), "lane %d", lane)
		require.Equal(t, 1.0, v[(lane+3)%8])
		require.Equal(t, -1.0, v[(lane+5)%8])
		require.InDelta(t, math.Tanh(0.5), v[(lane+1)%8], 1e-15, "%v", v)
	}
	t.Logf("worst relative error %.2g", worst)
}

func TestDenseCopyGeneric(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	require.Equal(t, []float64{1, 2, 3, 4, 5, 6}, denseCopy(m.T().T()))
	require.Equal(t, []float64{1, 4, 2, 5, 3, 6}, denseCopy(m.T()))
}

// TestExpKernel checks the exp kernel against math.Exp over the range the
// softmax feeds it (x ≤ 0 after the row maximum is subtracted) and beyond.
func TestExpKernel(t *testing.T) {
	var xs []float64
	for i := -70000; i <= 7000; i++ {
		xs = append(xs, float64(i)*1.0001e-2)
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1e-300, -1e-17, 709, -708)
	got := append([]float64(nil), xs...)
	expSlice(got)
	worst := 0.0
	for i, x := range xs {
		want := math.Exp(x)
		worst = math.Max(worst, math.Abs(got[i]-want)/want)
		require.InDelta(t, want, got[i], 1e-15*want, "exp(%v)", x)
	}
	t.Logf("worst relative error %.2g", worst)
	low := []float64{-1000, -800}
	expSlice(low)
	for _, v := range low {
		require.GreaterOrEqual(t, v, 0.0)
		require.Less(t, v, 1e-300)
	}
	for shift := 1; shift < 4; shift++ {
		g := append([]float64(nil), xs[shift:shift+23]...)
		expSlice(g)
		require.Equal(t, got[shift:shift+23], g, "shift %d", shift)
	}
}

// TestTanhBack checks the tanh derivative kernel against the plain loop.
func TestTanhBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{0, 1, 3, 4, 5, 17, 64} {
		y := make([]float64, n)
		d := make([]float64, n)
		for i := range y {
			y[i] = math.Tanh(2 * rng.NormFloat64())
			d[i] = rng.NormFloat64()
		}
		want := append([]float64(nil), d...)
		tanhBackGo(want, y)
		tanhBack(d, y)
		for i := range d {
			require.InDelta(t, want[i], d[i], 1e-15*(1+math.Abs(want[i])), "n=%d i=%d", n, i)
		}
	}
}
