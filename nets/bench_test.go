package nets

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/itlab/itlab/synth"
	"gonum.org/v1/gonum/mat"
)

// cpuTimer reports the calling thread's CPU time per op as "cpu-ns/op".
type cpuTimer struct{ start int64 }

func startCPU(b *testing.B) *cpuTimer {
	runtime.LockOSThread()
	b.Cleanup(runtime.UnlockOSThread)
	b.ResetTimer()
	return &cpuTimer{start: threadCPU()}
}

func (c *cpuTimer) report(b *testing.B) {
	if end := threadCPU(); c.start >= 0 && end >= 0 {
		b.ReportMetric(float64(end-c.start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkEpochReference is one epoch of the reference training: the
// 12-bit task's 3277 train rows, 12-10-7-5-4-3-2 tanh, softmax cross-entropy,
// Adam lr 4e-4, batch 512 (7 steps), on one goroutine. Sub-benchmark
// "engine" is this package; "engine-dgemm" the same with every product
// through internal/gemm.Dgemm; "gonum-naive" is the same computation written
// the straightforward way on gonum's mat.Dense (Mul, math.Tanh, fresh
// matrices every step), the baseline. The NumPy figure is 1.1 ms per epoch.
func BenchmarkEpochReference(b *testing.B) {
	tr, _ := synth.SZT12Reference()
	b.Run("engine", func(b *testing.B) {
		n, err := New(Reference(1), 12, 2)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := n.prepare("train", Data{X: tr.X, Y: tr.Y})
		if err != nil {
			b.Fatal(err)
		}
		ws := n.newWorkspace(512, true)
		perm := make([]int, ds.n)
		for i := range perm {
			perm[i] = i
		}
		b.ReportAllocs()
		c := startCPU(b)
		for b.Loop() {
			n.epoch(ws, ds, perm, 512)
		}
		c.report(b)
	})
	b.Run("engine-dgemm", func(b *testing.B) {
		// The same engine with every product through internal/gemm.Dgemm.
		useSmall = false
		defer func() { useSmall = true }()
		n, err := New(Reference(1), 12, 2)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := n.prepare("train", Data{X: tr.X, Y: tr.Y})
		if err != nil {
			b.Fatal(err)
		}
		ws := n.newWorkspace(512, true)
		perm := make([]int, ds.n)
		for i := range perm {
			perm[i] = i
		}
		b.ReportAllocs()
		c := startCPU(b)
		for b.Loop() {
			n.epoch(ws, ds, perm, 512)
		}
		c.report(b)
	})
	b.Run("gonum-naive", func(b *testing.B) {
		nv := newNaiveNet(Reference(1), 12, 2)
		b.ReportAllocs()
		c := startCPU(b)
		for b.Loop() {
			nv.epoch(tr.X, tr.Y, 512)
		}
		c.report(b)
	})
}

// BenchmarkEpochFused times one reference epoch with the fused passes
// (useFused: activation in fmaRows's epilogue, softmax with the gradient,
// vector gather and Adam) against the same engine with them off, the two
// alternating epoch by epoch in one process on two identical networks, so
// that a loaded machine slows both alike. It reports both CPU times per
// epoch and their ratio, and fails if the two networks' parameters differ
// (the fused passes are bit-identical).
func BenchmarkEpochFused(b *testing.B) {
	tr, _ := synth.SZT12Reference()
	type run struct {
		n    *Net
		ds   *dataset
		ws   *workspace
		perm []int
		cpu  int64
	}
	mk := func() *run {
		n, err := New(Reference(1), 12, 2)
		if err != nil {
			b.Fatal(err)
		}
		ds, err := n.prepare("train", Data{X: tr.X, Y: tr.Y})
		if err != nil {
			b.Fatal(err)
		}
		perm := make([]int, ds.n)
		for i := range perm {
			perm[i] = i
		}
		return &run{n: n, ds: ds, ws: n.newWorkspace(512, true), perm: perm}
	}
	fused, unfused := mk(), mk()
	defer func() { useFused = true }()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, r := range []*run{unfused, fused} {
			useFused = r == fused
			t0 := threadCPU()
			r.n.epoch(r.ws, r.ds, r.perm, 512)
			r.cpu += threadCPU() - t0
		}
	}
	useFused = true
	b.StopTimer()
	for i, v := range fused.n.params {
		if math.Float64bits(v) != math.Float64bits(unfused.n.params[i]) {
			b.Fatalf("parameter %d: fused %v, unfused %v", i, v, unfused.n.params[i])
		}
	}
	b.ReportMetric(float64(fused.cpu)/float64(b.N), "fused-cpu-ns/epoch")
	b.ReportMetric(float64(unfused.cpu)/float64(b.N), "unfused-cpu-ns/epoch")
	b.ReportMetric(float64(fused.cpu)/float64(unfused.cpu), "fused/unfused")
}

// BenchmarkTanh compares the tanh kernel with math.Tanh on the 95k values of
// one reference epoch's hidden activations (3277 rows × 29 units).
func BenchmarkTanh(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, 3277*29)
	for i := range x {
		x[i] = 2 * rng.NormFloat64()
	}
	y := make([]float64, len(x))
	b.Run("kernel", func(b *testing.B) {
		c := startCPU(b)
		for b.Loop() {
			copy(y, x)
			tanhSlice(y)
		}
		c.report(b)
	})
	b.Run("math.Tanh", func(b *testing.B) {
		c := startCPU(b)
		for b.Loop() {
			for i, v := range x {
				y[i] = math.Tanh(v)
			}
		}
		c.report(b)
	})
}

// naiveNet is the baseline of BenchmarkEpochReference: the same network and
// Adam update written plainly on gonum matrices.
type naiveNet struct {
	w      []*mat.Dense
	b      []*mat.VecDense
	mw, vw []*mat.Dense
	mb, vb []*mat.VecDense
	step   int
	rng    *rand.Rand
}

func newNaiveNet(cfg Config, in, out int) *naiveNet {
	n, _ := New(cfg, in, out)
	nv := &naiveNet{rng: rand.New(rand.NewPCG(1, 2))}
	for l := range n.w {
		r, c := n.sizes[l], n.sizes[l+1]
		nv.w = append(nv.w, mat.NewDense(r, c, append([]float64(nil), n.w[l]...)))
		nv.b = append(nv.b, mat.NewVecDense(c, nil))
		nv.mw = append(nv.mw, mat.NewDense(r, c, nil))
		nv.vw = append(nv.vw, mat.NewDense(r, c, nil))
		nv.mb = append(nv.mb, mat.NewVecDense(c, nil))
		nv.vb = append(nv.vb, mat.NewVecDense(c, nil))
	}
	return nv
}

func (nv *naiveNet) epoch(x *mat.Dense, y []int, batch int) {
	rows, cols := x.Dims()
	perm := nv.rng.Perm(rows)
	for lo := 0; lo < rows; lo += batch {
		m := min(batch, rows-lo)
		xb := mat.NewDense(m, cols, nil)
		for r := 0; r < m; r++ {
			xb.SetRow(r, x.RawRowView(perm[lo+r]))
		}
		acts := []*mat.Dense{xb}
		for l := range nv.w {
			var z mat.Dense
			z.Mul(acts[l], nv.w[l])
			last := l == len(nv.w)-1
			z.Apply(func(i, j int, v float64) float64 {
				v += nv.b[l].AtVec(j)
				if !last {
					return math.Tanh(v)
				}
				return v
			}, &z)
			if last {
				for r := 0; r < m; r++ {
					naiveSoftmax(z.RawRowView(r))
				}
			}
			acts = append(acts, &z)
		}
		L := len(nv.w)
		var d mat.Dense
		d.Scale(1/float64(m), acts[L])
		for r := 0; r < m; r++ {
			d.Set(r, y[perm[lo+r]], d.At(r, y[perm[lo+r]])-1/float64(m))
		}
		nv.step++
		t := float64(nv.step)
		lr := DefaultAdamLR * math.Sqrt(1-math.Pow(DefaultBeta2, t)) / (1 - math.Pow(DefaultBeta1, t))
		for l := L - 1; l >= 0; l-- {
			var gw mat.Dense
			gw.Mul(acts[l].T(), &d)
			gb := mat.NewVecDense(d.RawMatrix().Cols, nil)
			for r := 0; r < m; r++ {
				gb.AddVec(gb, d.RowView(r))
			}
			var dp mat.Dense
			if l > 0 {
				dp.Mul(&d, nv.w[l].T())
				dp.Apply(func(i, j int, v float64) float64 { a := acts[l].At(i, j); return v * (1 - a*a) }, &dp)
			}
			adam := func(p, g, mm, vv []float64) {
				for i, gi := range g {
					mm[i] = DefaultBeta1*mm[i] + (1-DefaultBeta1)*gi
					vv[i] = DefaultBeta2*vv[i] + (1-DefaultBeta2)*gi*gi
					p[i] -= lr * mm[i] / (math.Sqrt(vv[i]) + DefaultEps)
				}
			}
			adam(nv.w[l].RawMatrix().Data, gw.RawMatrix().Data, nv.mw[l].RawMatrix().Data, nv.vw[l].RawMatrix().Data)
			adam(nv.b[l].RawVector().Data, gb.RawVector().Data, nv.mb[l].RawVector().Data, nv.vb[l].RawVector().Data)
			d = dp
		}
	}
}

// BenchmarkProbeForward is the forward pass of the reference network on all
// 4096 patterns of the 12-bit task, the work of one snapshot (NumPy: 0.8 ms).
// "gonum-naive" does it with mat.Dense.Mul and math.Tanh.
func BenchmarkProbeForward(b *testing.B) {
	task := synth.SZT12()
	n, err := New(Reference(1), 12, 2)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("engine", func(b *testing.B) {
		ds, err := n.inputs(task.X)
		if err != nil {
			b.Fatal(err)
		}
		ws := n.newWorkspace(ds.n, false)
		b.ReportAllocs()
		c := startCPU(b)
		for b.Loop() {
			n.forward(ws, ds.x, ds.n)
		}
		c.report(b)
	})
	b.Run("gonum-naive", func(b *testing.B) {
		nv := newNaiveNet(Reference(1), 12, 2)
		b.ReportAllocs()
		c := startCPU(b)
		for b.Loop() {
			var a mat.Matrix = task.X
			for l := range nv.w {
				var z mat.Dense
				z.Mul(a, nv.w[l])
				last := l == len(nv.w)-1
				z.Apply(func(i, j int, v float64) float64 {
					v += nv.b[l].AtVec(j)
					if !last {
						return math.Tanh(v)
					}
					return v
				}, &z)
				a = &z
			}
		}
		c.report(b)
	})
}

// naiveSoftmax overwrites row with softmax(row) the textbook way.
func naiveSoftmax(row []float64) {
	mx := math.Inf(-1)
	for _, v := range row {
		mx = math.Max(mx, v)
	}
	var s float64
	for j, v := range row {
		row[j] = math.Exp(v - mx)
		s += row[j]
	}
	for j := range row {
		row[j] /= s
	}
}
