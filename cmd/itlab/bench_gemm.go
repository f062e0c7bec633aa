package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/itlab/itlab/internal/gemm"
)

// BenchGemmCmd times itlab's GEMM against gonum's blas64.Gemm, both in the
// same run, on the shapes the network engine and the pairwise estimators use.
type BenchGemmCmd struct {
	JSON    bool          `name:"json" help:"Print a JSON array of {shape, gflops, gonum_gflops, threads}."`
	Threads []int         `default:"1,2" help:"Thread counts to measure (itlab's worker budget, gonum's GOMAXPROCS)."`
	MinTime time.Duration `name:"min-time" default:"150ms" help:"Minimum timed duration of each measurement batch (the best of 2 batches is kept)."`
	Quick   bool          `hidden:"" help:"Tiny shapes, for tests."`
}

// Help gives the command's example.
func (BenchGemmCmd) Help() string {
	return `Shapes are m×k·k×n, written mxkxn; GFLOPS = 2mkn / time, the best of 2 batches per cell.
gonum's Dgemm runs with GOMAXPROCS set to the thread count; itlab's with that worker budget.
The whole run takes about 10 s on an idle 2-core machine, longer on a loaded one.

Example:
  itlab bench gemm --json
  itlab bench gemm --threads 1`
}

// gemmBenchResult is one cell of the benchmark.
type gemmBenchResult struct {
	Shape       string    `json:"shape"`
	GFLOPS      jsonFloat `json:"gflops"`
	GonumGFLOPS jsonFloat `json:"gonum_gflops"`
	Threads     int       `json:"threads"`
}

// Run measures every shape at every thread count.
func (c BenchGemmCmd) Run(env *Env) error {
	for _, t := range c.Threads {
		if t < 1 {
			return usageErrorf("--threads: %d is not a positive thread count", t)
		}
	}
	if c.MinTime <= 0 {
		return usageErrorf("--min-time must be positive")
	}
	// m, k, n.
	shapes := [][3]int{{256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {4096, 256, 256}, {256, 4096, 256}, {4096, 12, 10}}
	minTime := c.MinTime
	if c.Quick {
		shapes = [][3]int{{64, 64, 64}, {37, 12, 10}}
		minTime = time.Millisecond
	}
	var res []gemmBenchResult
	for _, s := range shapes {
		m, k, n := s[0], s[1], s[2]
		x := newGemmOperands(m, k, n)
		for _, t := range c.Threads {
			ours := bestGFLOPS(m, k, n, minTime, func() {
				gemm.Dgemm(false, false, m, n, k, 1, x.a.Data, k, x.b.Data, n, 0, x.c.Data, n, t)
			})
			prev := runtime.GOMAXPROCS(t)
			theirs := bestGFLOPS(m, k, n, minTime, func() {
				blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, x.a, x.b, 0, x.c)
			})
			runtime.GOMAXPROCS(prev)
			res = append(res, gemmBenchResult{Shape: fmt.Sprintf("%dx%dx%d", m, k, n), GFLOPS: jsonFloat(ours), GonumGFLOPS: jsonFloat(theirs), Threads: t})
		}
	}
	if c.JSON {
		return writeJSON(env, res)
	}
	if load, err := os.ReadFile("/proc/loadavg"); err == nil {
		// The machine may be shared: say how busy it was.
		if f := strings.Fields(string(load)); len(f) > 0 {
			fmt.Fprintf(env.Stdout, "load average (1 min) %s on %d CPUs\n", f[0], runtime.NumCPU())
		}
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "shape (mxkxn)\tthreads\titlab GFLOPS\tgonum GFLOPS\tspeed-up\t")
	for _, r := range res {
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f×\t\n", r.Shape, r.Threads, float64(r.GFLOPS), float64(r.GonumGFLOPS), float64(r.GFLOPS)/float64(r.GonumGFLOPS))
	}
	return tw.Flush()
}

type gemmOperands struct{ a, b, c blas64.General }

func newGemmOperands(m, k, n int) gemmOperands {
	rng := rand.New(rand.NewPCG(1, 1))
	mk := func(r, c int) blas64.General {
		g := blas64.General{Rows: r, Cols: c, Stride: c, Data: make([]float64, r*c)}
		for i := range g.Data {
			g.Data[i] = rng.Float64() - 0.5
		}
		return g
	}
	return gemmOperands{a: mk(m, k), b: mk(k, n), c: mk(m, n)}
}

// bestGFLOPS runs f once to warm up, then times 2 batches of at least minTime
// each and returns the better rate. A call slower than minTime counts as a
// batch of its own (the warm-up included), which keeps slow cells short.
func bestGFLOPS(m, k, n int, minTime time.Duration, f func()) float64 {
	flops := 2 * float64(m) * float64(k) * float64(n)
	start := time.Now()
	f()
	best, batches := 0.0, 2
	if d := time.Since(start); d >= minTime {
		best, batches = flops/d.Seconds()/1e9, 1
	}
	for range batches {
		calls := 0
		start := time.Now()
		for calls == 0 || time.Since(start) < minTime {
			f()
			calls++
		}
		best = max(best, flops*float64(calls)/time.Since(start).Seconds()/1e9)
	}
	return best
}
