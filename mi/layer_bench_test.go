package mi

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// ipBenchLayer is a tanh layer of n×d activations with two classes.
func ipBenchLayer(n, d int) (*mat.Dense, []int, [][]float64) {
	r := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(n, d, nil)
	rows := make([][]float64, n)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		y[i] = r.IntN(2)
		rows[i] = make([]float64, d)
		for k := 0; k < d; k++ {
			rows[i][k] = math.Tanh(r.NormFloat64() + 0.5*float64(y[i]))
		}
		x.SetRow(i, rows[i])
	}
	return x, y, rows
}

// BenchmarkInfoPlaneKDE: I(X;T) and I(T;Y) together at n = 4096, d = 10,
// σ² = 0.1, one thread, against the straightforward double loop (math.Exp,
// a full pass for H(T) and a per-class pass for H(T|Y)).
func BenchmarkInfoPlaneKDE(b *testing.B) {
	x, y, rows := ipBenchLayer(4096, 10)
	b.Run("fused", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := ipCPUNanos()
		for range b.N {
			if _, err := (KDE{NoiseVar: 0.1, Workers: 1}).Layer(x, y); err != nil {
				b.Fatal(err)
			}
		}
		ipReportCPU(b, c0)
	})
	b.Run("doubleloop", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := ipCPUNanos()
		for range b.N {
			naiveKDE(rows, y, 0.1)
		}
		ipReportCPU(b, c0)
	})
}

// ipReportCPU reports the thread CPU time per op since c0 (each
// sub-benchmark locks its goroutine to its thread, and the estimators run on
// it with one worker; work of the garbage collector on other threads is not
// counted).
func ipReportCPU(b *testing.B, c0 int64) {
	if c := ipCPUNanos(); c > 0 && c0 > 0 {
		b.ReportMetric(float64(c-c0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkInfoPlaneBinning: both coordinates at n = 4096, d = 10, against
// a map keyed by the formatted bin vector (what a string-key implementation
// does).
func BenchmarkInfoPlaneBinning(b *testing.B) {
	x, y, rows := ipBenchLayer(4096, 10)
	b.Run("binning", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := ipCPUNanos()
		for range b.N {
			if _, err := (Binning{}).Layer(x, y); err != nil {
				b.Fatal(err)
			}
		}
		ipReportCPU(b, c0)
	})
	b.Run("adaptive", func(b *testing.B) {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := ipCPUNanos()
		for range b.N {
			if _, err := (AdaptiveBinning{Low: EBABLowTanh}).Layer(x, y); err != nil {
				b.Fatal(err)
			}
		}
		ipReportCPU(b, c0)
	})
	b.Run("stringkeys", func(b *testing.B) {
		edges := ipLinspace(-1, 1, 30)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		c0 := ipCPUNanos()
		defer func() { ipReportCPU(b, c0) }()
		for range b.N {
			all := map[string]int{}
			byClass := []map[string]int{{}, {}}
			var sb strings.Builder
			for i, row := range rows {
				sb.Reset()
				for _, v := range row {
					k := 0
					for k < len(edges) && edges[k] <= v {
						k++
					}
					sb.WriteString(strconv.FormatFloat(edges[(k-1+len(edges))%len(edges)], 'g', -1, 64))
					sb.WriteByte(',')
				}
				key := sb.String()
				all[key]++
				byClass[y[i]][key]++
			}
			_ = len(all) + len(byClass[0])
		}
	})
}
