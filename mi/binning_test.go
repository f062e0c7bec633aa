package mi

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// The 8-sample example of methods.md §2b (two ReLU units).
var (
	ebabA = mat.NewDense(8, 2, []float64{0, .3, .1, 0, .25, .9, 0, 0, .5, .45, 1.2, .3, .05, 2, .7, 0})
	ebabY = []int{0, 0, 1, 0, 1, 1, 0, 1}
)

func TestBinningWorkedExamples(t *testing.T) {
	cases := []struct {
		name     string
		e        LayerEstimator
		ixt, ity float64 // bits
	}{
		{"ebab_3bins", AdaptiveBinning{Bins: 3}, 3, 1},
		{"ebab_3bins_autolow", AdaptiveBinning{Bins: 3, AutoLow: true}, 3, 1},
		{"floor_0.5", Binning{Width: 0.5}, 2.1556390622, 1.0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.e.Layer(ebabA, ebabY)
			require.NoError(t, err)
			// references printed to 10 decimals
			assert.InDelta(t, tc.ixt, l.IXT/math.Ln2, 1e-10)
			assert.InDelta(t, tc.ity, l.ITY/math.Ln2, 1e-10)
		})
	}
	t.Run("ebab_edges", func(t *testing.T) {
		edges, err := AdaptiveBinning{Bins: 3}.Edges(ebabA)
		require.NoError(t, err)
		assert.Equal(t, []float64{0, 0.05, 0.3, 0.7, 2.0}, edges)
	})
	t.Run("ebab_digitised_rows", func(t *testing.T) {
		// the digitised rows of methods.md are all distinct: 8 symbols
		ids, nsym, err := AdaptiveBinning{Bins: 3}.Symbols(ebabA)
		require.NoError(t, err)
		assert.Equal(t, 8, nsym)
		assert.Equal(t, []int32{0, 1, 2, 3, 4, 5, 6, 7}, ids)
	})
}

func szt12(t *testing.T) (*mat.Dense, []int) {
	raw, err := os.ReadFile("testdata/szt12-labels.txt")
	require.NoError(t, err)
	s := strings.TrimSpace(string(raw))
	require.Len(t, s, 4096)
	y := make([]int, 4096)
	x := mat.NewDense(4096, 12, nil)
	for i := range y {
		y[i] = int(s[i] - '0')
		for b := 0; b < 12; b++ {
			x.Set(i, b, float64((i>>(11-b))&1))
		}
	}
	return x, y
}

func TestBinningIdentityLayerSZT12(t *testing.T) {
	x, y := szt12(t)
	hy := 0.99915712085 // bits, methods.md §2b/§2c
	for _, e := range []LayerEstimator{
		Binning{},
		Binning{Observed: true},
		Binning{Width: 0.07},
		AdaptiveBinning{},
	} {
		t.Run(e.Name(), func(t *testing.T) {
			l, err := e.Layer(x, y)
			require.NoError(t, err)
			assert.InDelta(t, 12, l.IXT/math.Ln2, 1e-12)
			assert.InDelta(t, hy, l.ITY/math.Ln2, 1e-10)
		})
	}
}

func TestBinningDigitizeQuirks(t *testing.T) {
	// edges linspace(-1, 1, 3) = {-1, 0, 1}
	e := Binning{Bins: 3}
	col := func(v ...float64) *mat.Dense { return mat.NewDense(len(v), 1, v) }
	ids, nsym, err := e.Symbols(col(-0.5, -1, 0.5, 0, 1, 7, -3))
	require.NoError(t, err)
	// -0.5,-1 → edge −1; 0.5,0 → edge 0; 1,7 → last edge; −3 wraps to last
	assert.Equal(t, []int32{0, 0, 1, 1, 2, 2, 2}, ids)
	assert.Equal(t, 3, nsym)
	// a value just below the top edge is in the top interval, not its own bin
	ids, _, err = e.Symbols(col(1-1e-16, 1))
	require.NoError(t, err)
	assert.NotEqual(t, ids[0], ids[1])
}

func TestBinningBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n, d := 500, 3
	x := mat.NewDense(n, d, nil)
	y := make([]int, n)
	counts := make([]int, 4)
	for i := 0; i < n; i++ {
		y[i] = r.IntN(4)
		counts[y[i]]++
		for k := 0; k < d; k++ {
			x.Set(i, k, math.Tanh(r.NormFloat64()*0.3+0.2*float64(y[i])))
		}
	}
	hy := ipEntropyCounts(counts, n)
	for _, e := range []LayerEstimator{Binning{}, Binning{Bins: 5}, Binning{Width: 0.3}, AdaptiveBinning{AutoLow: true, Bins: 4}, AdaptiveBinning{Low: EBABLowTanh}} {
		t.Run(e.Name(), func(t *testing.T) {
			l, err := e.Layer(x, y)
			require.NoError(t, err)
			assert.LessOrEqual(t, l.ITY, hy+1e-12)
			assert.LessOrEqual(t, l.ITY, l.IXT+1e-12)
			assert.LessOrEqual(t, l.IXT, math.Log(float64(n))+1e-12)
			assert.Greater(t, l.ITY, 0.0)
			// permuting the samples changes nothing
			p := r.Perm(n)
			xp := mat.NewDense(n, d, nil)
			yp := make([]int, n)
			for i, j := range p {
				xp.SetRow(i, x.RawRowView(j))
				yp[i] = y[j]
			}
			lp, err := e.Layer(xp, yp)
			require.NoError(t, err)
			assert.InDelta(t, l.IXT, lp.IXT, 1e-12)
			assert.InDelta(t, l.ITY, lp.ITY, 1e-12)
		})
	}
	t.Run("explicit_x_symbols", func(t *testing.T) {
		// two copies of every input: H(T|X) = 0 still, and with X = Y
		// symbols I(X;T) = I(T;Y)
		l, err := Binning{Bins: 5}.LayerX(x, y, y)
		require.NoError(t, err)
		assert.InDelta(t, l.ITY, l.IXT, 1e-12)
	})
	t.Run("mi_symmetric", func(t *testing.T) {
		a := mat.NewDense(n, 1, nil)
		b := mat.NewDense(n, 1, nil)
		for i := 0; i < n; i++ {
			a.Set(i, 0, x.At(i, 0))
			b.Set(i, 0, x.At(i, 1))
		}
		ab, err := Binning{Bins: 6}.MI(a, b)
		require.NoError(t, err)
		ba, err := Binning{Bins: 6}.MI(b, a)
		require.NoError(t, err)
		assert.InDelta(t, ab, ba, 1e-12)
	})
}

func TestBinningDeterministic(t *testing.T) {
	x, y := szt12(t)
	ref, err := AdaptiveBinning{}.Layer(x, y)
	require.NoError(t, err)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	got, err := AdaptiveBinning{}.Layer(x, y)
	require.NoError(t, err)
	require.Equal(t, ref, got)
}

func TestBinningErrors(t *testing.T) {
	good := mat.NewDense(3, 1, []float64{0, 0.5, 0.2})
	neg := mat.NewDense(3, 1, []float64{0, -0.5, 0.2})
	nan := mat.NewDense(3, 1, []float64{0, math.NaN(), 0.2})
	cases := []struct {
		name string
		e    LayerEstimator
		t    mat.Matrix
		y    []int
		want error
	}{
		{"nan", Binning{}, nan, []int{0, 1, 0}, check.ErrNonFinite},
		{"nan_ebab", AdaptiveBinning{}, nan, []int{0, 1, 0}, check.ErrNonFinite},
		{"labels_len", Binning{}, good, []int{0, 1}, check.ErrShape},
		{"neg_label", AdaptiveBinning{}, good, []int{0, -1, 1}, check.ErrLabels},
		{"one_edge", Binning{Bins: 1}, good, []int{0, 1, 0}, check.ErrParam},
		{"bad_range", Binning{Lo: 1, Hi: -1}, good, []int{0, 1, 0}, check.ErrParam},
		{"neg_width", Binning{Width: -1}, good, []int{0, 1, 0}, check.ErrParam},
		{"below_low", AdaptiveBinning{}, neg, []int{0, 1, 0}, check.ErrParam},
		{"neg_bins", AdaptiveBinning{Bins: -2}, good, []int{0, 1, 0}, check.ErrParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Layer(tc.t, tc.y)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.want), "%v", err)
		})
	}
}

func TestIPSortedDistinct(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, n := range []int{1, 5, 63, 64, 300, 5000, 40000} {
		x := make([]float64, n)
		for i := range x {
			switch i % 6 {
			case 0:
				x[i] = r.NormFloat64()
			case 1:
				x[i] = -r.ExpFloat64() * 1e-300
			case 2:
				x[i] = float64(r.IntN(3)) // repeated values
			case 3:
				x[i] = r.NormFloat64() * 1e200
			case 4:
				x[i] = math.Tanh(r.NormFloat64() * 3) // crowds at ±1
			default:
				x[i] = math.Copysign(0, -1)
			}
		}
		for _, rng := range []string{"wide", "narrow", "huge"} {
			v := slices.Clone(x)
			switch rng {
			case "narrow": // no 1e200 values: most values in a few buckets
				for i := range v {
					if math.Abs(v[i]) > 1e100 {
						v[i] = 0.5
					}
				}
			case "huge": // a spread beyond MaxFloat64: the comparison sort
				v[0], v[n-1] = -math.MaxFloat64, math.MaxFloat64
			}
			want := slices.Clone(v)
			slices.Sort(want)
			want = slices.CompactFunc(want, func(a, b float64) bool { return a == b })
			orig := slices.Clone(v)
			got := ipSortedDistinct(v, slices.Min(v), slices.Max(v))
			require.Equal(t, orig, v, "the input is unchanged")
			require.Len(t, got, len(want), "n=%d %s", n, rng)
			for i := range got {
				require.True(t, got[i] == want[i], "n=%d %s i=%d: %v vs %v", n, rng, i, got[i], want[i])
			}
		}
	}
}

func TestAdaptiveBinningDigitizeMatchesLinearScan(t *testing.T) {
	// values on a coarse grid (many repeats, values equal to edges)
	r := rand.New(rand.NewPCG(12, 12))
	n, d := 400, 3
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for k := 0; k < d; k++ {
			x.Set(i, k, float64(r.IntN(50))/7)
		}
	}
	for _, nb := range []int{1, 3, 30, 80, 254, 255, 300} {
		e := AdaptiveBinning{Bins: nb}
		edges, err := e.Edges(x)
		require.NoError(t, err)
		ids, _, err := e.Symbols(x)
		require.NoError(t, err)
		// reference: np.digitize by linear scan, symbol = edge value vector
		ref := map[string]int32{}
		for i := 0; i < n; i++ {
			var sb strings.Builder
			for k := 0; k < d; k++ {
				v := x.At(i, k)
				g := 0
				for g < len(edges) && edges[g] <= v {
					g++
				}
				sb.WriteString(strconv.FormatFloat(edges[(g-1+len(edges))%len(edges)], 'g', -1, 64) + ",")
			}
			key := sb.String()
			if id, ok := ref[key]; ok {
				require.Equal(t, id, ids[i], "bins %d row %d", nb, i)
			} else {
				ref[key] = ids[i]
			}
		}
		require.Len(t, ref, int(slices.Max(ids))+1, "bins %d", nb)
	}
}

func TestBinningConstantAndObserved(t *testing.T) {
	y := []int{0, 1, 0, 1}
	c := mat.NewDense(4, 2, []float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3})
	for _, e := range []LayerEstimator{Binning{Observed: true}, Binning{}, AdaptiveBinning{}, Binning{Width: 0.1}} {
		l, err := e.Layer(c, y)
		require.NoError(t, err, e.Name())
		assert.Zero(t, l.IXT, e.Name())
		assert.Zero(t, l.ITY, e.Name())
	}
	// Observed uses [min, max]: a ReLU layer in [0, 10] with 3 edges
	// {0, 5, 10} has bins [0,5), [5,10) and the value 10
	r := mat.NewDense(4, 1, []float64{0, 4.9, 5, 10})
	ids, nsym, err := Binning{Bins: 3, Observed: true}.Symbols(r)
	require.NoError(t, err)
	assert.Equal(t, []int32{0, 0, 1, 2}, ids)
	assert.Equal(t, 3, nsym)
	// the same with the range given explicitly, as a tracker passes
	// [0, running max]
	ids2, _, err := Binning{Bins: 3, Lo: 0, Hi: 10}.Symbols(r)
	require.NoError(t, err)
	assert.Equal(t, ids, ids2)
}

// BenchmarkIPSortedDistinct: the sorted distinct values of a tanh layer
// (n·d = 40,960), the bucket sort against slices.Sort + Compact, call by
// call and interleaved; it reports the median and minimum µs per call.
func BenchmarkIPSortedDistinct(b *testing.B) {
	x, _, _ := ipBenchLayer(4096, 10)
	v := x.RawMatrix().Data
	lo, hi := slices.Min(v), slices.Max(v)
	sc := new(ipScratch)
	fs := []struct {
		name string
		f    func()
	}{
		{"bucket", func() { ipSortedDistinct(v, lo, hi) }},
		{"edges", func() { ipBucketEdges(v, lo, hi, EBABLowTanh, DefaultBins, sc) }},
		{"sortcompact", func() { _ = slices.Compact(slices.Sorted(slices.Values(v))) }},
	}
	ts := make([][]float64, len(fs))
	for range b.N {
		for i, f := range fs {
			t0 := time.Now()
			f.f()
			ts[i] = append(ts[i], float64(time.Since(t0))/1e3)
		}
	}
	for i, f := range fs {
		slices.Sort(ts[i])
		b.ReportMetric(ts[i][len(ts[i])/2], f.name+"-µs")
		b.ReportMetric(ts[i][0], f.name+"-min-µs")
	}
}

// BenchmarkBinningCalls: both information-plane coordinates of a tanh layer
// (n = 4096, d = 10, two classes) with fixed and with adaptive binning,
// timed call by call and interleaved (a loaded machine slows both alike);
// it reports the median and minimum ms per call. The baseline with string
// keys is BenchmarkInfoPlaneBinning/stringkeys.
func BenchmarkBinningCalls(b *testing.B) {
	x, y, _ := ipBenchLayer(4096, 10)
	es := []LayerEstimator{Binning{}, AdaptiveBinning{Low: EBABLowTanh}}
	ts := make([][]float64, len(es))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range b.N {
		for i, e := range es {
			t0 := time.Now()
			if _, err := e.Layer(x, y); err != nil {
				b.Fatal(err)
			}
			ts[i] = append(ts[i], float64(time.Since(t0))/1e6)
		}
	}
	for i, e := range es {
		slices.Sort(ts[i])
		b.ReportMetric(ts[i][len(ts[i])/2], e.Name()+"-ms")
		b.ReportMetric(ts[i][0], e.Name()+"-min-ms")
	}
}

// ipEdgesReference is the adaptive-edge formula on the full sorted distinct
// values (the direct reading of set_up_bins).
func ipEdgesReference(x []float64, low float64, nb int) []float64 {
	u := ipSortedDistinct(x, slices.Min(x), slices.Max(x))
	if i, ok := slices.BinarySearch(u, low); ok {
		u = slices.Delete(u, i, i+1)
	}
	edges := []float64{low}
	if len(u) == 0 {
		return edges
	}
	for k := 0; k < nb; k++ {
		edges = append(edges, u[k*len(u)/nb])
	}
	return append(edges, u[len(u)-1])
}

func TestIPBucketEdgesMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	gens := map[string]func(i int) float64{
		"tanh":   func(int) float64 { return math.Tanh(r.NormFloat64() * 2) },
		"relu":   func(int) float64 { return max(0, r.NormFloat64()) },
		"grid":   func(int) float64 { return float64(r.IntN(40)) / 7 },
		"twoval": func(i int) float64 { return float64(i % 2) },
		// a few values per bucket with frequent repeats
		"sparsedup3k":  func(int) float64 { return float64(r.IntN(3000)) / 3000 },
		"sparsedup30k": func(int) float64 { return float64(r.IntN(30000)) / 30000 },
		"zeros": func(i int) float64 {
			if i%3 == 0 {
				return math.Copysign(0, -1)
			}
			if i%3 == 1 {
				return 0
			}
			return r.Float64()
		},
		"crowd": func(i int) float64 { // most values in one bucket
			if i%50 == 0 {
				return 1000
			}
			return r.Float64() * 1e-3
		},
		"mixed": func(i int) float64 {
			switch i % 5 {
			case 0:
				return r.NormFloat64() * 1e200
			case 1:
				return -r.ExpFloat64() * 1e-300
			case 2:
				return float64(r.IntN(3))
			default:
				return math.Tanh(r.NormFloat64() * 3)
			}
		},
	}
	sc := new(ipScratch) // reused across calls, as the pool does
	for name, gen := range gens {
		for _, n := range []int{64, 65, 300, 4099, 40960} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen(i)
			}
			lo, hi := slices.Min(x), slices.Max(x)
			for _, low := range []float64{lo, lo - 1, math.Nextafter(lo, math.Inf(-1))} {
				for _, nb := range []int{1, 2, 3, 30, 257, 100000} {
					want := ipEdgesReference(x, low, nb)
					got, ok := ipBucketEdges(x, lo, hi, low, nb, sc)
					if !ok || len(got) != len(want) {
						t.Fatalf("%s n=%d low=%v nb=%d: ok %v, %d edges, want %d", name, n, low, nb, ok, len(got), len(want))
					}
					for i := range got {
						if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
							t.Fatalf("%s n=%d low=%v nb=%d edge %d: %v, want %v", name, n, low, nb, i, got[i], want[i])
						}
					}
				}
			}
		}
	}
}

// ipFlattenRange checks and copies in one pass: its errors must be those of
// check.Samples, its values and range those of the matrix, for contiguous,
// strided and non-raw matrices.
func TestIPFlattenRange(t *testing.T) {
	base := mat.NewDense(5, 4, nil)
	for i := 0; i < 5; i++ {
		for k := 0; k < 4; k++ {
			base.Set(i, k, math.Sin(float64(3*i+k))*float64(i+1))
		}
	}
	views := map[string]func(m *mat.Dense) mat.Matrix{
		"dense":     func(m *mat.Dense) mat.Matrix { return m },
		"strided":   func(m *mat.Dense) mat.Matrix { return m.Slice(1, 5, 1, 4) }, // odd width
		"transpose": func(m *mat.Dense) mat.Matrix { return m.T() },
	}
	for vname, view := range views {
		for _, bad := range []float64{0, math.NaN(), math.Inf(1), math.Inf(-1)} {
			m := mat.DenseCopyOf(base)
			m.Set(3, 2, bad)
			for _, min := range []int{1, 2, 5} {
				v := view(m)
				x, n, d, lo, hi, err := ipFlattenRange("t", v, min, nil)
				werr := check.Samples("t", v, min)
				if werr != nil {
					require.Error(t, err, "%s %v min %d", vname, bad, min)
					assert.Equal(t, werr.Error(), err.Error())
					continue
				}
				require.NoError(t, err)
				r, c := v.Dims()
				require.Equal(t, []int{r, c}, []int{n, d})
				require.Len(t, x, n*d)
				want := make([]float64, 0, n*d)
				for i := 0; i < n; i++ {
					for k := 0; k < d; k++ {
						want = append(want, v.At(i, k))
					}
				}
				assert.Equal(t, want, x, vname)
				assert.Equal(t, slices.Min(want), lo, vname)
				assert.Equal(t, slices.Max(want), hi, vname)
			}
		}
	}
	for name, m := range map[string]mat.Matrix{"nil": nil, "nocols": &mat.Dense{}} {
		_, _, _, _, _, err := ipFlattenRange("t", m, 1, nil)
		require.Error(t, err, name)
		if name == "nil" {
			assert.Equal(t, check.Samples("t", nil, 1).Error(), err.Error())
		}
	}
	_, _, _, _, _, err := ipFlattenRange("t", base, 6, nil)
	assert.Equal(t, check.Samples("t", base, 6).Error(), err.Error())
}

// The byte-key path must give the ids of the int64-key path: rows of every
// width around the 8-key words, with few and many distinct rows.
func TestIPRowSymbolsBytesMatchesInt64(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, d := range []int{1, 3, 7, 8, 9, 10, 16, 17} {
		for _, nk := range []int{2, 3, 31, 256} {
			n := 3000
			kb := make([]uint8, n*d)
			k64 := make([]int64, n*d)
			for i := range kb {
				kb[i] = uint8(r.IntN(nk))
				k64[i] = int64(kb[i])
			}
			ib, sb := ipRowSymbolsBytes(kb, n, d, nil)
			i64, s64 := ipRowSymbols(k64, n, d)
			require.Equal(t, s64, sb, "d=%d keys=%d", d, nk)
			require.Equal(t, i64, ib, "d=%d keys=%d", d, nk)
		}
	}
}

// The memoised logarithms must leave the plug-in entropies bit-for-bit
// those of the direct sums.
func TestIPEntropyMemoBitIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	for _, nsym := range []int{1, 7, 200, 3000} {
		for _, ncls := range []int{1, 2, 10} {
			n := 4096
			ids := make([]int32, n)
			cls := make([]int, n)
			for i := range ids {
				// a skewed symbol law: counts from 1 to hundreds
				ids[i] = int32(min(int(r.ExpFloat64()*float64(nsym)/4), nsym-1))
				cls[i] = r.IntN(ncls)
			}
			counts := make([]int, nsym)
			for _, s := range ids {
				counts[s]++
			}
			var want float64
			for _, c := range counts {
				if c > 0 {
					p := float64(c) / float64(n)
					want -= p * math.Log(p)
				}
			}
			got := ipEntropyCounts(counts, n)
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), "H nsym=%d", nsym)
			// H(S|C) directly: per class, symbols in order of first
			// appearance within the class
			var wc float64
			for c := 0; c < ncls; c++ {
				cnt := map[int32]int{}
				var order []int32
				nc := 0
				for i, s := range ids {
					if cls[i] == c {
						if cnt[s] == 0 {
							order = append(order, s)
						}
						cnt[s]++
						nc++
					}
				}
				if nc == 0 {
					continue
				}
				lnc := math.Log(float64(nc))
				for _, s := range order {
					k := float64(cnt[s])
					wc -= k * (math.Log(k) - lnc)
				}
			}
			wc /= float64(n)
			gc := ipCondEntropy(ids, nsym, cls, ncls)
			require.Equal(t, math.Float64bits(wc), math.Float64bits(gc), "H(S|C) nsym=%d ncls=%d", nsym, ncls)
		}
	}
}

// BenchmarkIPBucketEdges: the adaptive edges of a tanh layer (n·d =
// 40,960), against the full bucket sort they replace.
func BenchmarkIPBucketEdges(b *testing.B) {
	x, _, _ := ipBenchLayer(4096, 10)
	v := x.RawMatrix().Data
	lo, hi := slices.Min(v), slices.Max(v)
	b.Run("edges", func(b *testing.B) {
		sc := new(ipScratch)
		for range b.N {
			ipBucketEdges(v, lo, hi, EBABLowTanh, DefaultBins, sc)
		}
	})
	b.Run("fullsort", func(b *testing.B) {
		for range b.N {
			ipEdgesReference(v, EBABLowTanh, DefaultBins)
		}
	})
}

// ipDigitizeLinspace against np.digitize by linear scan, on values inside,
// outside and exactly on the edges, for byte and int64 keys.
func TestIPDigitizeLinspaceMatchesLinearScan(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	ranges := [][2]float64{{-1, 1}, {0, 7.3}, {-1e-300, 1e-300}, {-math.MaxFloat64, math.MaxFloat64}, {1, 1 + 1e-15}}
	for _, rg := range ranges {
		lo, hi := rg[0], rg[1]
		for _, nb := range []int{2, 3, 30, 256, 300} {
			edges := ipLinspace(lo, hi, nb)
			x := make([]float64, 2000)
			for i := range x {
				switch i % 4 {
				case 0:
					x[i] = edges[r.IntN(nb)]
				case 1:
					x[i] = lo + (hi/2-lo/2)*2*(r.Float64()*1.2-0.1)
				case 2:
					x[i] = math.Nextafter(edges[r.IntN(nb)], math.Inf(2*r.IntN(2)-1))
				default:
					x[i] = r.NormFloat64() * math.Max(math.Abs(lo), math.Abs(hi))
				}
				if math.IsInf(x[i], 0) || math.IsNaN(x[i]) {
					x[i] = 0
				}
			}
			k8 := make([]uint8, len(x))
			k64 := make([]int64, len(x))
			if nb <= 256 {
				ipDigitizeLinspace(k8, x, lo, hi, nb)
			}
			ipDigitizeLinspace(k64, x, lo, hi, nb)
			for i, v := range x {
				g := 0
				for g < nb && edges[g] <= v {
					g++
				}
				want := (g - 1 + nb) % nb
				if int(k64[i]) != want || (nb <= 256 && int(k8[i]) != want) {
					t.Fatalf("[%v,%v] nb=%d v=%v: got %d/%d, want %d", lo, hi, nb, v, k64[i], k8[i], want)
				}
			}
		}
	}
}

// ipDigitizeEdges against a linear scan, for non-decreasing edges with
// repeats and values below, inside, on and above the edges.
func TestIPDigitizeEdgesMatchesLinearScan(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 13))
	for _, ne := range []int{1, 2, 5, 32, 300} {
		edges := make([]float64, ne)
		for i := range edges {
			edges[i] = float64(r.IntN(2*ne)) / 3
		}
		slices.Sort(edges)
		x := make([]float64, 3000)
		for i := range x {
			if i%3 == 0 {
				x[i] = edges[r.IntN(ne)]
			} else {
				x[i] = r.Float64()*float64(ne) - 1
			}
		}
		key := func(g int) int64 { return int64(g) }
		k64 := make([]int64, len(x))
		ipDigitizeEdges(k64, x, edges, key)
		k8 := make([]uint8, len(x))
		ipDigitizeEdges(k8, x, edges, key)
		for i, v := range x {
			g := 0
			for g < ne && edges[g] <= v {
				g++
			}
			if int(k64[i]) != g || uint8(g) != k8[i] {
				t.Fatalf("ne=%d v=%v: got %d/%d, want %d", ne, v, k64[i], k8[i], g)
			}
		}
	}
}
