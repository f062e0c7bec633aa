package ib

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"codeberg.org/sbinet/npyio"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
)

// plugin is a fake LayerEstimator: each distinct row of t (rounded to
// Digits decimals) is one symbol; I(X;T) = H(T) (deterministic net, unique
// inputs) and I(T;Y) = H(T) − H(T|Y), both in nats.
type plugin struct {
	name   string
	digits int
	fail   bool
}

func (p plugin) Name() string { return p.name }

func (p plugin) Layer(t mat.Matrix, y []int) (mi.Layer, error) {
	if p.fail {
		return mi.Layer{}, fmt.Errorf("fake failure: %w", check.ErrParam)
	}
	n, d := t.Dims()
	scale := math.Pow(10, float64(p.digits))
	key := func(i int) string {
		var b strings.Builder
		for j := 0; j < d; j++ {
			b.WriteString(strconv.FormatFloat(math.Round(t.At(i, j)*scale), 'f', 0, 64))
			b.WriteByte(',')
		}
		return b.String()
	}
	sym := map[string]int{}
	byLabel := map[int]map[string]int{}
	ny := map[int]int{}
	for i := 0; i < n; i++ {
		k := key(i)
		sym[k]++
		if byLabel[y[i]] == nil {
			byLabel[y[i]] = map[string]int{}
		}
		byLabel[y[i]][k]++
		ny[y[i]]++
	}
	h := func(c map[string]int, tot int) float64 {
		keys := make([]string, 0, len(c))
		for k := range c {
			keys = append(keys, k)
		}
		sort.Strings(keys) // fixed summation order
		s := 0.0
		for _, k := range keys {
			p := float64(c[k]) / float64(tot)
			s -= p * math.Log(p)
		}
		return s
	}
	ht := h(sym, n)
	hty := 0.0
	for l := 0; l < len(byLabel); l++ {
		hty += float64(ny[l]) / float64(n) * h(byLabel[l], ny[l])
	}
	return mi.Layer{IXT: ht, ITY: ht - hty}, nil
}

// ranged is a fake RangeEstimator that records the ranges it was given.
type ranged struct {
	lo, hi float64
	log    *rangeLog
}

type rangeLog struct {
	mu  sync.Mutex
	got map[int][]float64 // by layer width (identifies the layer in tests)
}

func (r ranged) Name() string { return "range" }
func (r ranged) Layer(t mat.Matrix, y []int) (mi.Layer, error) {
	_, d := t.Dims()
	r.log.mu.Lock()
	r.log.got[d] = append(r.log.got[d], r.hi)
	r.log.mu.Unlock()
	return mi.Layer{IXT: r.hi, ITY: r.lo}, nil
}
func (r ranged) WithRange(lo, hi float64) mi.LayerEstimator {
	return ranged{lo: lo, hi: hi, log: r.log}
}

var _ RangeEstimator = ranged{}

// fakeSnapshots makes a deterministic sequence of snapshots of a 2-layer
// "network" on n samples: a tanh layer of width 3 and a ReLU layer of width
// 2 whose scale grows with the epoch.
func fakeSnapshots(n int, epochs []int) ([]*nets.Snapshot, []int) {
	rng := rand.New(rand.NewPCG(1, 1))
	y := make([]int, n)
	base := mat.NewDense(n, 3, nil)
	for i := 0; i < n; i++ {
		y[i] = i % 2
		for j := 0; j < 3; j++ {
			base.Set(i, j, rng.NormFloat64()+float64(y[i]))
		}
	}
	var out []*nets.Snapshot
	for k, e := range epochs {
		a := mat.NewDense(n, 3, nil)
		r := mat.NewDense(n, 2, nil)
		s := 1 + float64(k)
		for i := 0; i < n; i++ {
			for j := 0; j < 3; j++ {
				a.Set(i, j, math.Tanh(base.At(i, j)*s))
			}
			for j := 0; j < 2; j++ {
				r.Set(i, j, math.Max(0, base.At(i, j)*s))
			}
		}
		out = append(out, &nets.Snapshot{Epoch: e, Layers: []*mat.Dense{a, r, mat.NewDense(n, 1, nil)},
			TrainLoss: 1 / s, TestLoss: 1.1 / s, TrainAcc: 1 - 0.5/s, TestAcc: 1 - 0.6/s})
	}
	return out, y
}

func TestTrackerRowsOrderAndDeterminism(t *testing.T) {
	snaps, y := fakeSnapshots(64, []int{0, 1, 3, 10})
	ests := []mi.LayerEstimator{plugin{name: "coarse", digits: 0}, plugin{name: "fine", digits: 2}}
	var ref []Row
	for _, c := range []struct {
		name           string
		workers, queue int
	}{{"serial", 1, 0}, {"parallel", 4, 0}, {"async", 3, 2}, {"async1", 1, 1}} {
		t.Run(c.name, func(t *testing.T) {
			tr, err := NewTracker(Config{Estimators: ests, Labels: y, Layers: 2, Workers: c.workers, Queue: c.queue})
			require.NoError(t, err)
			for _, s := range snaps {
				require.NoError(t, tr.Func()(s))
			}
			require.NoError(t, tr.Close())
			rows := tr.Rows()
			require.Len(t, rows, 4*2*2)
			// order: epoch, then layer, then estimator
			assert.Equal(t, Row{Estimator: "coarse", Epoch: 0, Layer: 1}, Row{Estimator: rows[0].Estimator, Epoch: rows[0].Epoch, Layer: rows[0].Layer})
			assert.Equal(t, "fine", rows[1].Estimator)
			assert.Equal(t, 2, rows[2].Layer)
			assert.Equal(t, 10, rows[15].Epoch)
			assert.Equal(t, snaps[3].TestAcc, rows[15].TestAcc)
			for _, r := range rows {
				assert.LessOrEqual(t, r.ITY, r.IXT+1e-12)
				assert.LessOrEqual(t, r.IXT, math.Log(64)+1e-12)
			}
			if ref == nil {
				ref = append([]Row(nil), rows...)
			} else {
				assert.Equal(t, ref, rows)
			}
			info := tr.Layers()
			require.Len(t, info, 2)
			assert.False(t, info[0].NonNegative)
			assert.True(t, info[1].NonNegative)
			assert.Equal(t, 0, info[0].FirstEpoch)
			assert.Equal(t, 10, info[1].LastEpoch)
		})
	}
}

func TestTrackerRunningMax(t *testing.T) {
	snaps, y := fakeSnapshots(32, []int{0, 5, 9})
	for _, c := range []struct {
		name      string
		mode      RangeMode
		reranged3 bool // is the tanh layer (width 3) re-ranged
		reranged2 bool
	}{
		{"auto", RangeAuto, false, true},
		{"fixed", RangeFixed, false, false},
		{"runningmax", RangeRunningMax, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			log := &rangeLog{got: map[int][]float64{}}
			tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{ranged{lo: -1, hi: 1, log: log}}, Labels: y, Layers: 2, Range: c.mode})
			require.NoError(t, err)
			want := map[int][]float64{}
			runMax := map[int]float64{2: 0, 3: -1}
			for _, s := range snaps {
				require.NoError(t, tr.Observe(s))
				for l, w := range []int{3, 2} {
					runMax[w] = math.Max(runMax[w], mat.Max(s.Layers[l]))
					if (w == 3 && c.reranged3) || (w == 2 && c.reranged2) {
						want[w] = append(want[w], runMax[w])
					} else {
						want[w] = append(want[w], 1)
					}
				}
			}
			require.NoError(t, tr.Close())
			assert.Equal(t, want, log.got)
			// the running max is non-decreasing
			assert.LessOrEqual(t, log.got[2][0], log.got[2][2])
		})
	}
}

func TestTrackerDeadLayer(t *testing.T) {
	n := 8
	y := []int{0, 1, 0, 1, 0, 1, 0, 1}
	dead := mat.NewDense(n, 2, nil)
	half := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		half.Set(i, 0, float64(i))
	}
	tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{plugin{name: "p"}}, Labels: y})
	require.NoError(t, err)
	require.NoError(t, tr.Observe(&nets.Snapshot{Epoch: 0, Layers: []*mat.Dense{half, dead}}))
	info := tr.Layers()
	assert.False(t, info[0].Dead())
	assert.Equal(t, 1, info[0].DeadUnitsAtStart)
	assert.True(t, info[1].Dead())
	cs := Compress(tr.Rows(), CompressionOptions{N: n})
	MarkDead(cs, info)
	assert.False(t, cs[0].Dead)
	assert.True(t, cs[1].Dead)
	assert.True(t, cs[0].Saturated, "8 distinct rows: I(X;T) = ln 8")
	assert.Equal(t, 0.0, cs[1].FinalIXT)
}

func TestTrackerErrors(t *testing.T) {
	snaps, y := fakeSnapshots(16, []int{0, 1})
	p := plugin{name: "p"}
	_, err := NewTracker(Config{Labels: y})
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = NewTracker(Config{Estimators: []mi.LayerEstimator{p, p}, Labels: y})
	assert.ErrorIs(t, err, check.ErrParam)
	_, err = NewTracker(Config{Estimators: []mi.LayerEstimator{p}, Labels: []int{0, -1}})
	assert.ErrorIs(t, err, check.ErrLabels)

	t.Run("rows", func(t *testing.T) {
		tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{p}, Labels: y[:10]})
		require.NoError(t, err)
		assert.ErrorIs(t, tr.Observe(snaps[0]), check.ErrShape)
	})
	t.Run("nan", func(t *testing.T) {
		tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{p}, Labels: y})
		require.NoError(t, err)
		bad := mat.DenseCopyOf(snaps[0].Layers[0])
		bad.Set(3, 1, math.NaN())
		assert.ErrorIs(t, tr.Observe(&nets.Snapshot{Layers: []*mat.Dense{bad}}), check.ErrNonFinite)
	})
	t.Run("order", func(t *testing.T) {
		tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{p}, Labels: y})
		require.NoError(t, err)
		require.NoError(t, tr.Observe(snaps[1]))
		assert.ErrorIs(t, tr.Observe(snaps[0]), check.ErrParam)
	})
	t.Run("estimator-async", func(t *testing.T) {
		tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{plugin{name: "f", fail: true}}, Labels: y, Queue: 1})
		require.NoError(t, err)
		_ = tr.Observe(snaps[0])
		_ = tr.Observe(snaps[1])
		err = tr.Close()
		assert.ErrorIs(t, err, check.ErrParam)
		assert.Contains(t, err.Error(), "estimator f")
	})
	t.Run("widths", func(t *testing.T) {
		tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{p}, Labels: y, Layers: 1})
		require.NoError(t, err)
		require.NoError(t, tr.Observe(snaps[0]))
		assert.ErrorIs(t, tr.Observe(&nets.Snapshot{Epoch: 2, Layers: []*mat.Dense{snaps[1].Layers[1]}}), check.ErrShape)
	})
}

func TestCompress(t *testing.T) {
	// A layer that rises to 5 at epoch 20, dips, rises to 4 at epoch 500
	// and ends at 1; another that only grows.
	mk := func(est string, layer int, pts map[int]float64) []Row {
		var r []Row
		for _, e := range []int{0, 10, 20, 50, 100, 300, 500, 1000, 2000} {
			r = append(r, Row{Estimator: est, Epoch: e, Layer: layer, IXT: pts[e], ITY: 0.5})
		}
		return r
	}
	a := mk("b", 1, map[int]float64{0: 2, 10: 3, 20: 5, 50: 2, 100: 3, 300: 3.5, 500: 4, 1000: 2, 2000: 1})
	g := mk("b", 2, map[int]float64{0: 0, 10: 1, 20: 2, 50: 3, 100: 4, 300: 5, 500: 6, 1000: 7, 2000: 8})
	k := mk("a", 1, map[int]float64{})
	rows := append(append(append([]Row{}, g...), k...), a...)
	cs := Compress(rows, CompressionOptions{})
	require.Len(t, cs, 3)
	assert.Equal(t, "b", cs[0].Estimator, "estimators in order of first appearance")
	assert.Equal(t, 1, cs[0].Layer)
	c := cs[0]
	assert.Equal(t, 20, c.MaxEpoch)
	assert.Equal(t, 4.0, c.Compression)
	assert.Equal(t, 200, c.LateFrom, "min(200, 2000/10)")
	assert.Equal(t, 500, c.LateMaxEpoch)
	assert.Equal(t, 3.0, c.LateCompression)
	assert.Equal(t, 0.0, cs[1].Compression)
	assert.Equal(t, 2000, cs[1].MaxEpoch)
	assert.Equal(t, 0.0, cs[1].LateCompression)
	assert.Equal(t, "a", cs[2].Estimator)

	cs = Compress(a, CompressionOptions{LateFrom: 1000})
	assert.Equal(t, 1.0, cs[0].LateCompression)
	assert.Equal(t, 100, DefaultLateFrom(1000))
	assert.Equal(t, 200, DefaultLateFrom(8000))
}

// writeNpy writes m as a little-endian float64 .npy file (for the tests).
func writeNpy(t *testing.T, path string, m *mat.Dense) {
	f, err := os.Create(path)
	require.NoError(t, err)
	defer f.Close()
	require.NoError(t, npyio.Write(f, m))
}

func readNpy(path string) (*mat.Dense, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var m mat.Dense
	if err := npyio.Read(f, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

func readCSV(path string) (*mat.Dense, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var data []float64
	rows := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		for _, f := range strings.Split(line, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				return nil, err
			}
			data = append(data, v)
		}
		rows++
	}
	return mat.NewDense(rows, len(data)/rows, data), nil
}

func load(path string) (*mat.Dense, error) {
	if strings.HasSuffix(path, ".csv") {
		return readCSV(path)
	}
	return readNpy(path)
}

func TestSavedReplayMatchesLive(t *testing.T) {
	epochs := []int{0, 2, 7, 12}
	snaps, y := fakeSnapshots(40, epochs)
	dir := t.TempDir()
	for k, s := range snaps {
		// mixed zero padding, as users write it
		name := fmt.Sprintf("epoch_%06d", s.Epoch)
		if k == 2 {
			name = fmt.Sprintf("epoch_%d", s.Epoch)
		}
		sub := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(sub, 0o755))
		for l := 0; l < 2; l++ {
			if k == 1 && l == 1 { // one layer as CSV
				var b strings.Builder
				r, c := s.Layers[l].Dims()
				for i := 0; i < r; i++ {
					for j := 0; j < c; j++ {
						if j > 0 {
							b.WriteByte(',')
						}
						b.WriteString(strconv.FormatFloat(s.Layers[l].At(i, j), 'g', -1, 64))
					}
					b.WriteByte('\n')
				}
				require.NoError(t, os.WriteFile(filepath.Join(sub, "layer_2.csv"), []byte(b.String()), 0o644))
				continue
			}
			writeNpy(t, filepath.Join(sub, fmt.Sprintf("layer_%d.npy", l+1)), s.Layers[l])
		}
		require.NoError(t, os.WriteFile(filepath.Join(sub, "notes.txt"), []byte("ignored"), 0o644))
	}
	saved, err := ScanSaved(dir)
	require.NoError(t, err)
	assert.Equal(t, epochs, saved.Epochs)
	assert.Equal(t, 2, saved.Layers)

	ests := []mi.LayerEstimator{plugin{name: "p", digits: 1}}
	live, err := NewTracker(Config{Estimators: ests, Labels: y, Layers: 2})
	require.NoError(t, err)
	for _, s := range snaps {
		require.NoError(t, live.Observe(s))
	}
	rep, err := NewTracker(Config{Estimators: ests, Labels: y})
	require.NoError(t, err)
	var seen []int
	require.NoError(t, rep.Replay(saved, load, func(i int) { seen = append(seen, i) }))
	require.NoError(t, rep.Close())
	assert.Equal(t, []int{0, 1, 2, 3}, seen)
	require.Len(t, rep.Rows(), len(live.Rows()))
	for i, r := range rep.Rows() {
		l := live.Rows()[i]
		assert.Equal(t, l.IXT, r.IXT)
		assert.Equal(t, l.ITY, r.ITY)
		assert.Equal(t, l.Epoch, r.Epoch)
		assert.True(t, math.IsNaN(r.TrainAcc))
	}
}

func TestScanSavedErrors(t *testing.T) {
	mk := func(t *testing.T, files ...string) string {
		dir := t.TempDir()
		for _, f := range files {
			p := filepath.Join(dir, f)
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
			require.NoError(t, os.WriteFile(p, []byte{}, 0o644))
		}
		return dir
	}
	for _, c := range []struct {
		name  string
		files []string
	}{
		{"empty", nil},
		{"gap", []string{"epoch_1/layer_1.npy", "epoch_1/layer_3.npy"}},
		{"layer0", []string{"epoch_1/layer_0.npy"}},
		{"mismatch", []string{"epoch_1/layer_1.npy", "epoch_2/layer_1.npy", "epoch_2/layer_2.npy"}},
		{"dupEpoch", []string{"epoch_1/layer_1.npy", "epoch_001/layer_1.npy"}},
		{"dupLayer", []string{"epoch_1/layer_1.npy", "epoch_1/layer_1.csv"}},
		{"noLayers", []string{"epoch_1/x.npy"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ScanSaved(mk(t, c.files...))
			require.Error(t, err)
			assert.True(t, errors.Is(err, check.ErrShape), err)
		})
	}
	_, err := ScanSaved(filepath.Join(t.TempDir(), "missing"))
	assert.Error(t, err)
}

// An unbounded layer with negative values (ELU, linear) is binned over
// [running min, running max] under RangeAuto.
func TestTrackerRunningMinMax(t *testing.T) {
	log := &rangeLog{got: map[int][]float64{}}
	y := []int{0, 1, 0, 1}
	tr, err := NewTracker(Config{Estimators: []mi.LayerEstimator{ranged{lo: -1, hi: 1, log: log}}, Labels: y})
	require.NoError(t, err)
	a := mat.NewDense(4, 1, []float64{-3, 0, 1, 5})
	b := mat.NewDense(4, 1, []float64{-4, 0, 1, 2})
	require.NoError(t, tr.Observe(&nets.Snapshot{Epoch: 0, Layers: []*mat.Dense{a}}))
	require.NoError(t, tr.Observe(&nets.Snapshot{Epoch: 1, Layers: []*mat.Dense{b}}))
	require.NoError(t, tr.Close())
	assert.Equal(t, []float64{5, 5}, log.got[1], "running max")
	// ITY of the fake echoes lo: the running minimum
	rows := tr.Rows()
	assert.Equal(t, -3.0, rows[0].ITY)
	assert.Equal(t, -4.0, rows[1].ITY)
	info := tr.Layers()[0]
	assert.False(t, info.Bounded)
	assert.Equal(t, -4.0, info.RunningMin)
}
