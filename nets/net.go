package nets

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/gemm"
	"gonum.org/v1/gonum/mat"
)

// Net is a fully connected feed-forward network: hidden layers
// a_l = f(a_{l−1}·W_l + b_l) with the configured activation f, then the
// output layer (softmax or linear). W_l is fan_in×fan_out, so rows of every
// activation matrix are samples. A Net also carries its optimizer state and
// its shuffling generator, so successive Train calls continue one run.
//
// A Net is not safe for concurrent use; Predict and friends may run
// concurrently with each other but not with Train.
type Net struct {
	cfg   Config
	sizes []int // in, hidden..., out

	params []float64   // all weights and biases: W_0, b_0, W_1, b_1, ...
	w, b   [][]float64 // views into params
	grad   []float64   // gradient, same layout as params
	gw, gb [][]float64 // views into grad
	m, v   []float64   // Adam moments, or m = SGD velocity
	step   int         // optimizer steps taken

	shuffle *rand.PCG // per-epoch shuffles (shufflePCG)
}

// New returns a network for inDim inputs and outDim outputs with the
// configuration cfg (zero fields take their defaults, see Config), its
// weights drawn from cfg.Init with a generator seeded by cfg.Seed and its
// biases 0. It returns an ErrParam error for an invalid configuration or
// dimension (inDim ≥ 1; outDim ≥ 2 for Softmax, ≥ 1 for MSE).
func New(cfg Config, inDim, outDim int) (*Net, error) {
	c, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if inDim < 1 {
		return nil, fmt.Errorf("nets: input dimension %d, need ≥ 1: %w", inDim, check.ErrParam)
	}
	if outDim < 1 || (c.Output == Softmax && outDim < 2) {
		return nil, fmt.Errorf("nets: output dimension %d with %v output, need ≥ %d: %w", outDim, c.Output, map[Output]int{Softmax: 2, MSE: 1}[c.Output], check.ErrParam)
	}
	sizes := append(append([]int{inDim}, c.Layers...), outDim)
	n := newNet(c, sizes)
	initRNG := rand.New(rand.NewPCG(c.Seed, 0x1417))
	for l := range n.w {
		fanIn, fanOut := sizes[l], sizes[l+1]
		w := n.w[l]
		switch c.Init {
		case TruncNormal:
			sd := 1 / math.Sqrt(float64(fanIn))
			for i := range w {
				z := initRNG.NormFloat64()
				for math.Abs(z) > 2 {
					z = initRNG.NormFloat64()
				}
				w[i] = sd * z
			}
		case Xavier:
			a := math.Sqrt(6 / float64(fanIn+fanOut))
			for i := range w {
				w[i] = a * (2*initRNG.Float64() - 1)
			}
		case He:
			sd := math.Sqrt(2 / float64(fanIn))
			for i := range w {
				w[i] = sd * initRNG.NormFloat64()
			}
		}
	}
	return n, nil
}

// newNet allocates a network of the given sizes with zero parameters.
func newNet(c Config, sizes []int) *Net {
	total := 0
	for l := 0; l+1 < len(sizes); l++ {
		total += sizes[l]*sizes[l+1] + sizes[l+1]
	}
	n := &Net{cfg: c, sizes: sizes, params: make([]float64, total), grad: make([]float64, total),
		m: make([]float64, total), v: make([]float64, total)}
	off := 0
	for l := 0; l+1 < len(sizes); l++ {
		nw, nb := sizes[l]*sizes[l+1], sizes[l+1]
		n.w = append(n.w, n.params[off:off+nw:off+nw])
		n.gw = append(n.gw, n.grad[off:off+nw:off+nw+nb]) // capacity: the biases follow
		off += nw
		n.b = append(n.b, n.params[off:off+nb:off+nb])
		n.gb = append(n.gb, n.grad[off:off+nb:off+nb])
		off += nb
	}
	n.shuffle = rand.NewPCG(c.Seed, 0x5407)
	return n
}

// Config returns the configuration with defaults filled in.
func (n *Net) Config() Config {
	c := n.cfg
	c.Layers = append([]int(nil), c.Layers...)
	return c
}

// Sizes returns the layer widths: input, hidden layers, output.
func (n *Net) Sizes() []int { return append([]int(nil), n.sizes...) }

// InDim returns the input dimension.
func (n *Net) InDim() int { return n.sizes[0] }

// OutDim returns the output dimension.
func (n *Net) OutDim() int { return n.sizes[len(n.sizes)-1] }

// NumLayers returns the number of weight layers (hidden layers + output).
func (n *Net) NumLayers() int { return len(n.w) }

// NumParams returns the number of weights and biases.
func (n *Net) NumParams() int { return len(n.params) }

// Weights returns copies of layer l's weights (fan_in×fan_out) and biases,
// for l in [0, NumLayers()); it panics for any other l, as a slice index does.
func (n *Net) Weights(l int) (*mat.Dense, []float64) {
	w := mat.NewDense(n.sizes[l], n.sizes[l+1], append([]float64(nil), n.w[l]...))
	return w, append([]float64(nil), n.b[l]...)
}

// workspace holds the activation and gradient buffers of one batch size, so
// that the training loop does not allocate. The activations and gradients
// are feature-major (kernels.go): unit j of a layer is row j, sample r is
// column r, and rows are ld apart. Columns past the batch's rows, up to the
// next multiple of 16, are computed like the others but ignored; their output
// gradients are 0, so they add nothing to the weight gradients.
type workspace struct {
	rows    int         // capacity in samples
	ld      int         // row stride of the feature-major buffers: ≥ rows rounded up to 16
	x       []float64   // rows×in input, sample-major (forward's callers may fill it)
	xt      []float64   // in×ld input, feature-major, then a row of ones
	act     [][]float64 // per layer width×ld outputs, then a row of ones
	delta   [][]float64 // per layer width×ld gradients wrt the pre-activations (training only)
	tmp     []float64   // ld scratch for the softmax
	labels  []int       // rows labels, then room up to ld (training only)
	outGrad bool        // forwardT wrote the output gradient into delta (softmaxXent)
	target  []float64   // rows×out targets, sample-major (training with MSE only)
}

func (n *Net) newWorkspace(rows int, train bool) *workspace {
	ld := roundUp16(rows)
	if ld%64 == 0 {
		// A stride of a multiple of 512 bytes maps the rows' columns to few
		// L1 sets, and the transposing gather of each batch, which writes
		// one value to every row per sample, would thrash them.
		ld += 8
	}
	// Every input block (the input and each layer's output) has one more
	// row of ones: the weight-gradient product then yields the bias
	// gradient as its last row, which is where n.grad keeps it.
	withOnes := func(units int) []float64 {
		b := make([]float64, (units+1)*ld)
		for q := units * ld; q < len(b); q++ {
			b[q] = 1
		}
		return b
	}
	ws := &workspace{rows: rows, ld: ld, x: make([]float64, rows*n.sizes[0]), xt: withOnes(n.sizes[0]),
		tmp: make([]float64, ld)}
	for _, w := range n.sizes[1:] {
		ws.act = append(ws.act, withOnes(w))
		if train {
			ws.delta = append(ws.delta, make([]float64, ld*w))
		}
	}
	if train {
		ws.labels = make([]int, ld)
		if n.cfg.Output == MSE {
			ws.target = make([]float64, rows*n.OutDim())
		}
	}
	return ws
}

// gemm is C = op(A)·op(B) + beta·C on the calling goroutine for small
// products and with the configured worker budget for large ones.
func (n *Net) gemm(tA, tB bool, m, nn, k int, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	w := 1
	if m*nn*k >= 1<<16 {
		w = n.cfg.Workers
	}
	gemm.Dgemm(tA, tB, m, nn, k, 1, a, lda, b, ldb, beta, c, ldc, w)
}

// small reports whether layer l's products go through the small kernels.
func (n *Net) small(l int) bool {
	return useSmall && n.sizes[l] <= maxSmall && n.sizes[l+1] <= maxSmall
}

// forward computes every layer's output for the rows×in sample-major input
// x (rows ≤ ws.rows) into ws.act.
func (n *Net) forward(ws *workspace, x []float64, rows int) {
	in := n.InDim()
	nc := roundUp16(rows)
	for i := 0; i < in; i++ {
		dst := ws.xt[i*ws.ld : i*ws.ld+nc]
		for r := 0; r < rows; r++ {
			dst[r] = x[r*in+i]
		}
		clear(dst[rows:])
	}
	n.forwardT(ws, rows)
}

// forwardT computes every layer's output from the feature-major input
// ws.xt (its first rows columns) into ws.act.
func (n *Net) forwardT(ws *workspace, rows int) {
	ld, nc := ws.ld, roundUp16(rows)
	in := ws.xt
	last := len(n.w) - 1
	for l := range n.w {
		fi, fo := n.sizes[l], n.sizes[l+1]
		out := ws.act[l]
		fused := false // the activation done in the product's epilogue
		if n.small(l) {
			// Row j of the output is b_j + Σ_p W[p][j]·in[p]: A = Wᵀ.
			epi := epiNone
			if l < last && n.cfg.Activation == Tanh && useFused {
				epi, fused = epiTanh, true
			}
			fmaRowsEpi(fo, fi, n.w[l], 1, fo, in, ld, out, ld, nc, n.b[l], epi, nil)
		} else {
			n.gemm(true, false, fo, nc, fi, n.w[l], fo, in, ld, 0, out, ld)
			for j, bj := range n.b[l] {
				row := out[j*ld : j*ld+nc]
				for q := range row {
					row[q] += bj
				}
			}
		}
		switch {
		case l == last:
			ws.outGrad = false
			if n.cfg.Output == Softmax {
				if ws.delta != nil && useFused {
					// A training step: the output gradient comes with the softmax.
					ws.outGrad = softmaxXent(out, ws.delta[l], fo, ld, nc, ws.labels, rows)
				}
				if !ws.outGrad {
					softmaxCols(out, fo, ld, nc, ws.tmp)
				}
			}
		case fused: // the product's epilogue applied the activation
		case nc == ld:
			n.cfg.Activation.apply(out[:fo*ld], n.cfg.LeakySlope)
		default:
			for j := 0; j < fo; j++ {
				n.cfg.Activation.apply(out[j*ld:j*ld+nc], n.cfg.LeakySlope)
			}
		}
		in = out
	}
}

// softmaxColsGo overwrites each of the first nc columns of the feature-major
// k×ld block z with softmax(column): it subtracts the column's maximum,
// exponentiates with expSlice and normalises. tmp holds ≥ nc values. It is
// the portable kernel of softmaxCols and the model of the vector kernel.
func softmaxColsGo(z []float64, k, ld, nc int, tmp []float64) {
	mx := tmp[:nc]
	copy(mx, z[:nc])
	for j := 1; j < k; j++ {
		for q, v := range z[j*ld : j*ld+nc] {
			if v > mx[q] {
				mx[q] = v
			}
		}
	}
	for j := 0; j < k; j++ {
		row := z[j*ld : j*ld+nc]
		for q := range row {
			row[q] -= mx[q]
		}
		expSlice(row)
	}
	s := mx
	copy(s, z[:nc])
	for j := 1; j < k; j++ {
		for q, v := range z[j*ld : j*ld+nc] {
			s[q] += v
		}
	}
	for q, v := range s {
		s[q] = 1 / v
	}
	for j := 0; j < k; j++ {
		row := z[j*ld : j*ld+nc]
		for q := range row {
			row[q] *= s[q]
		}
	}
}

// backward computes the gradient of the mean batch loss (plus the L2 term)
// into n.grad, after forward on the same rows.
func (n *Net) backward(ws *workspace, rows int) {
	L := len(n.w)
	k := n.OutDim()
	ld, nc := ws.ld, roundUp16(rows)
	out := ws.act[L-1]
	d := ws.delta[L-1]
	for j := 0; j < k && !ws.outGrad; j++ {
		dr, or := d[j*ld:j*ld+nc], out[j*ld:j*ld+rows]
		switch n.cfg.Output {
		case Softmax:
			inv := 1 / float64(rows)
			for q, v := range or {
				dr[q] = v * inv
			}
		case MSE:
			s := 2 / float64(rows*k)
			for q, v := range or {
				dr[q] = s * (v - ws.target[q*k+j])
			}
		}
		clear(dr[rows:]) // padding columns add nothing to the gradients
	}
	if n.cfg.Output == Softmax && !ws.outGrad {
		inv := 1 / float64(rows)
		for q, y := range ws.labels[:rows] {
			d[y*ld+q] -= inv
		}
	}
	for l := L - 1; l >= 0; l-- {
		fi, fo := n.sizes[l], n.sizes[l+1]
		in := ws.xt
		if l > 0 {
			in = ws.act[l-1]
		}
		d := ws.delta[l]
		small := n.small(l)
		// The weight gradient (fi×fo) and, from the ones row under the
		// input, the bias gradient (fo) that follows it in n.grad.
		gwb := n.gw[l][: fi*fo+fo : fi*fo+fo]
		if small {
			dotRows(fi+1, fo, in, ld, d, ld, nc, gwb, fo)
		} else {
			n.gemm(false, true, fi+1, fo, nc, in, ld, d, ld, 0, gwb, fo)
		}
		if lam := n.cfg.L2; lam != 0 {
			w := n.w[l]
			for i, v := range w {
				n.gw[l][i] += lam * v
			}
		}
		if l > 0 {
			dp := ws.delta[l-1]
			a := ws.act[l-1]
			if small && n.cfg.Activation == Tanh && useFused {
				// The product with the activation derivative fused in.
				fmaRowsEpi(fi, fo, n.w[l], fo, 1, d, ld, dp, ld, nc, nil, epiTanhBack, a)
				continue
			}
			if small {
				// Row i of the input gradient is Σ_p W[i][p]·d[p]: A = W.
				fmaRows(fi, fo, n.w[l], fo, 1, d, ld, dp, ld, nc, nil)
			} else {
				n.gemm(false, false, fi, nc, fo, n.w[l], fo, d, ld, 0, dp, ld)
			}
			if nc == ld {
				n.cfg.Activation.backprop(dp[:fi*ld], a[:fi*ld], n.cfg.LeakySlope)
			} else {
				for i := 0; i < fi; i++ {
					n.cfg.Activation.backprop(dp[i*ld:i*ld+nc], a[i*ld:i*ld+nc], n.cfg.LeakySlope)
				}
			}
		}
	}
}

// update applies one optimizer step with n.grad.
func (n *Net) update() {
	n.step++
	c := &n.cfg
	p, g, m := n.params, n.grad, n.m
	g, m = g[:len(p)], m[:len(p)] // one length for the bounds-check eliminator
	switch c.Optimizer {
	case Adam:
		t := float64(n.step)
		lr := c.LR * math.Sqrt(1-math.Pow(c.Beta2, t)) / (1 - math.Pow(c.Beta1, t))
		if useFused {
			adamStep(p, g, m, n.v[:len(p)], c.Beta1, c.Beta2, lr, c.Eps)
		} else {
			adamStepGo(p, g, m, n.v[:len(p)], c.Beta1, c.Beta2, lr, c.Eps)
		}
	case SGD:
		mu, lr := c.Momentum, c.LR
		for i, gi := range g {
			u := mu*m[i] + gi
			m[i] = u
			p[i] -= lr * u
		}
	}
}

// adamStepGo is one Adam step on every parameter: m = b1·m + (1−b1)·g,
// v = b2·v + (1−b2)·g², p −= lr·m/(√v + eps), lr already bias-corrected. It
// is the portable kernel of adamStep and the model of the vector kernel.
func adamStepGo(p, g, m, v []float64, b1, b2, lr, eps float64) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	for i, gi := range g {
		mi := b1*m[i] + (1-b1)*gi
		vi := b2*v[i] + (1-b2)*gi*gi
		m[i], v[i] = mi, vi
		p[i] -= lr * mi / (math.Sqrt(vi) + eps)
	}
}

// Data is a labelled data set for training or evaluation. X is n×InDim,
// rows are samples. Y holds n class labels in [0, OutDim) (with one MSE
// output, labels 0/1 compare with the output thresholded at ½). Target,
// used only by MSE outputs, is n×OutDim; when it is nil the MSE target is the
// one-hot encoding of Y. A Data with a nil X is empty (a missing test set).
type Data struct {
	X      mat.Matrix // n×InDim inputs, rows are samples
	Y      []int      // n class labels in [0, OutDim)
	Target mat.Matrix // n×OutDim regression targets for MSE outputs; nil means one-hot Y
}

// dataset is a validated, contiguous copy of a Data.
type dataset struct {
	n      int
	x      []float64 // n×in
	xt     []float64 // in×n, the transpose of x, built by the first training epoch without gatherRows
	y      []int     // n labels, or nil
	target []float64 // n×out MSE targets, or nil
}

// prepare validates d against the network and copies it into contiguous form.
func (n *Net) prepare(name string, d Data) (*dataset, error) {
	if check.IsNil(d.X) {
		if d.Y != nil || !check.IsNil(d.Target) {
			return nil, fmt.Errorf("nets: %s: labels or targets without inputs: %w", name, check.ErrShape)
		}
		return &dataset{}, nil
	}
	rows, cols := d.X.Dims()
	if cols != n.InDim() {
		return nil, fmt.Errorf("nets: %s: %d input columns, the network takes %d: %w", name, cols, n.InDim(), check.ErrShape)
	}
	if err := check.Finite(name+" x", d.X); err != nil {
		return nil, fmt.Errorf("nets: %w", err)
	}
	ds := &dataset{n: rows, x: denseCopy(d.X)}
	k := n.OutDim()
	if d.Y != nil {
		if len(d.Y) != rows {
			return nil, fmt.Errorf("nets: %s: %d labels for %d rows: %w", name, len(d.Y), rows, check.ErrLabelCount)
		}
		hi := k
		if k == 1 {
			hi = 2
		}
		for i, y := range d.Y {
			if y < 0 || y >= hi {
				return nil, fmt.Errorf("nets: %s: label %d at row %d outside [0, %d): %w", name, y, i, hi, check.ErrLabels)
			}
		}
		ds.y = append([]int(nil), d.Y...)
	}
	switch {
	case n.cfg.Output == MSE && d.Target != nil:
		tr, tc := d.Target.Dims()
		if tr != rows || tc != k {
			return nil, fmt.Errorf("nets: %s: target is %d×%d, need %d×%d: %w", name, tr, tc, rows, k, check.ErrShape)
		}
		if err := check.Finite(name+" target", d.Target); err != nil {
			return nil, fmt.Errorf("nets: %w", err)
		}
		ds.target = denseCopy(d.Target)
	case n.cfg.Output == MSE && ds.y != nil:
		ds.target = make([]float64, rows*k)
		for i, y := range ds.y {
			if k == 1 {
				ds.target[i] = float64(y)
			} else {
				ds.target[i*k+y] = 1
			}
		}
	case d.Target != nil:
		return nil, fmt.Errorf("nets: %s: targets given for a softmax output (use Y): %w", name, check.ErrParam)
	}
	if n.cfg.Output == Softmax && ds.y == nil {
		return nil, fmt.Errorf("nets: %s: a softmax output needs labels Y: %w", name, check.ErrLabels)
	}
	if n.cfg.Output == MSE && ds.target == nil {
		return nil, fmt.Errorf("nets: %s: an MSE output needs Target or labels Y: %w", name, check.ErrShape)
	}
	return ds, nil
}

// denseCopy returns the entries of m in row-major order.
func denseCopy(m mat.Matrix) []float64 {
	r, c := m.Dims()
	out := make([]float64, r*c)
	if rm, ok := m.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		for i := 0; i < r; i++ {
			copy(out[i*c:i*c+c], raw.Data[i*raw.Stride:i*raw.Stride+c])
		}
		return out
	}
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			out[i*c+j] = m.At(i, j)
		}
	}
	return out
}

// metrics accumulates the loss and the number of correct predictions of the
// feature-major output block out (OutDim rows, stride ld), columns
// [col, col+rows), against ds rows [lo, lo+rows).
func (n *Net) metrics(out []float64, ld, col int, ds *dataset, lo, rows int) (loss float64, correct int) {
	k := n.OutDim()
	for r := 0; r < rows; r++ {
		c := col + r
		switch n.cfg.Output {
		case Softmax:
			p := out[ds.y[lo+r]*ld+c]
			loss -= math.Log(math.Max(p, math.SmallestNonzeroFloat64))
		case MSE:
			t := ds.target[(lo+r)*k : (lo+r)*k+k]
			for j, tj := range t {
				e := out[j*ld+c] - tj
				loss += e * e / float64(k)
			}
		}
		if ds.y != nil && predictCol(out, ld, c, k) == ds.y[lo+r] {
			correct++
		}
	}
	return loss, correct
}

// predictCol is predictRow for column c of a feature-major k×ld block.
func predictCol(out []float64, ld, c, k int) int {
	if k == 1 {
		if out[c] >= 0.5 {
			return 1
		}
		return 0
	}
	best := 0
	for j := 1; j < k; j++ {
		if out[j*ld+c] > out[best*ld+c] {
			best = j
		}
	}
	return best
}

// predictRow returns the predicted class of one output row: the index of the
// largest output (the first on ties), or for one output 1 if it is ≥ ½.
func predictRow(row []float64) int {
	if len(row) == 1 {
		if row[0] >= 0.5 {
			return 1
		}
		return 0
	}
	best := 0
	for j, v := range row {
		if v > row[best] {
			best = j
		}
	}
	return best
}

// evaluate returns the mean loss and the accuracy of the network on ds,
// computed in chunks of ws.rows rows (NaN, NaN for an empty set; accuracy
// NaN without labels). The loss excludes the L2 term.
func (n *Net) evaluate(ws *workspace, ds *dataset) (loss, acc float64) {
	if ds.n == 0 {
		return math.NaN(), math.NaN()
	}
	in := n.InDim()
	var sum float64
	correct := 0
	for lo := 0; lo < ds.n; lo += ws.rows {
		rows := min(ws.rows, ds.n-lo)
		n.forward(ws, ds.x[lo*in:(lo+rows)*in], rows)
		l, c := n.metrics(ws.act[len(ws.act)-1], ws.ld, 0, ds, lo, rows)
		sum += l
		correct += c
	}
	acc = math.NaN()
	if ds.y != nil {
		acc = float64(correct) / float64(ds.n)
	}
	return sum / float64(ds.n), acc
}

// Activations returns every layer's output on the rows of x: the hidden
// layers, then the output layer (softmax probabilities for a Softmax net).
// Each matrix is rows×width and freshly allocated.
func (n *Net) Activations(x mat.Matrix) ([]*mat.Dense, error) {
	ds, err := n.inputs(x)
	if err != nil {
		return nil, err
	}
	ws := n.newWorkspace(ds.n, false)
	n.forward(ws, ds.x, ds.n)
	out := make([]*mat.Dense, len(ws.act))
	for l := range ws.act {
		out[l] = mat.NewDense(ds.n, n.sizes[l+1], nil)
		ws.layer(l, out[l])
	}
	return out, nil
}

// layer copies layer l's activations of the last forward pass into dst
// (rows×width, sample-major).
func (ws *workspace) layer(l int, dst *mat.Dense) {
	rows, width := dst.Dims()
	raw := dst.RawMatrix()
	a := ws.act[l]
	for j := 0; j < width; j++ {
		src := a[j*ws.ld : j*ws.ld+rows]
		for r, v := range src {
			raw.Data[r*raw.Stride+j] = v
		}
	}
}

func (n *Net) inputs(x mat.Matrix) (*dataset, error) {
	if check.IsNil(x) {
		return nil, fmt.Errorf("nets: nil input: %w", check.ErrShape)
	}
	r, c := x.Dims()
	if r == 0 {
		return nil, fmt.Errorf("nets: no input rows: %w", check.ErrTooFewSamples)
	}
	if c != n.InDim() {
		return nil, fmt.Errorf("nets: %d input columns, the network takes %d: %w", c, n.InDim(), check.ErrShape)
	}
	if err := check.Finite("x", x); err != nil {
		return nil, fmt.Errorf("nets: %w", err)
	}
	return &dataset{n: r, x: denseCopy(x)}, nil
}

// Predict returns the network output on the rows of x (rows×OutDim):
// class probabilities for a Softmax net, the linear outputs for MSE.
func (n *Net) Predict(x mat.Matrix) (*mat.Dense, error) {
	acts, err := n.Activations(x)
	if err != nil {
		return nil, err
	}
	return acts[len(acts)-1], nil
}

// Classify returns the predicted class of every row of x: the argmax of the
// output (for a single MSE output, 1 if the output is ≥ ½, else 0).
func (n *Net) Classify(x mat.Matrix) ([]int, error) {
	p, err := n.Predict(x)
	if err != nil {
		return nil, err
	}
	r, _ := p.Dims()
	cls := make([]int, r)
	for i := range cls {
		cls[i] = predictRow(p.RawRowView(i))
	}
	return cls, nil
}

// Evaluate returns the mean loss (cross-entropy in nats, or MSE; without the
// L2 term) and the accuracy of the network on d. The accuracy is NaN when d
// has no labels.
func (n *Net) Evaluate(d Data) (loss, acc float64, err error) {
	if check.IsNil(d.X) {
		return 0, 0, fmt.Errorf("nets: evaluate: no data: %w", check.ErrTooFewSamples)
	}
	ds, err := n.prepare("data", d)
	if err != nil {
		return 0, 0, err
	}
	if ds.n == 0 {
		return 0, 0, fmt.Errorf("nets: evaluate: no rows: %w", check.ErrTooFewSamples)
	}
	loss, acc = n.evaluate(n.newWorkspace(min(ds.n, 4096), false), ds)
	return loss, acc, nil
}

// Accuracy returns the fraction of rows of x whose predicted class equals
// the label in y.
func (n *Net) Accuracy(x mat.Matrix, y []int) (float64, error) {
	if y == nil {
		return 0, fmt.Errorf("nets: accuracy: no labels: %w", check.ErrLabels)
	}
	_, acc, err := n.Evaluate(Data{X: x, Y: y})
	return acc, err
}

// ErrStop, returned by a SnapshotFunc, stops training early without an
// error: Train returns the result so far and a nil error.
var ErrStop = errors.New("nets: stop training")
