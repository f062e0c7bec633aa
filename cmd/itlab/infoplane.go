package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/dataio"
	"github.com/itlab/itlab/ib"
	"github.com/itlab/itlab/mi"
	"github.com/itlab/itlab/nets"
	"github.com/itlab/itlab/plots"
	"github.com/itlab/itlab/synth"
)

// InfoplaneCmd trains a network and draws its information plane (or draws the
// plane of saved activations).
type InfoplaneCmd struct {
	Dataset     string   `enum:"szt,xor,gauss,moons" default:"szt" help:"Task: szt (the 12-bit task of Shwartz-Ziv & Tishby), xor, gauss, moons."`
	Activation  string   `default:"tanh" help:"Hidden activation: tanh, relu, elu, softsign, softplus, sigmoid, leakyrelu, linear."`
	Layers      []int    `default:"10,7,5,4,3" help:"Hidden layer widths, input side first."`
	Estimator   []string `default:"binning,adaptive-binning,kde" help:"Estimators, one panel each: binning (30 edges on [-1,1] for tanh, [0, running max] for non-negative activations), adaptive-binning (equal counts of distinct values), kde (Kolchinsky-Tracey upper bound), kde-lower, adaptive-kde."`
	Epochs      int      `default:"8000" help:"Training epochs."`
	Batch       int      `default:"512" help:"Mini-batch size."`
	LR          float64  `name:"lr" help:"Learning rate (default 4e-4 for adam, 0.01 for sgd)."`
	Optimizer   string   `enum:"adam,sgd" default:"adam" help:"Optimizer: adam or sgd."`
	L2          float64  `name:"l2" help:"L2 weight decay λ (loss + λ/2·ΣW²)."`
	NoiseVar    float64  `name:"noise-var" default:"1e-3" help:"Noise variance σ² of the kde estimator (1e-3 is the reference value for the 12-bit network; 0.1 hides the compression)."`
	Bins        int      `default:"30" help:"Bins (edges) of the binning estimators."`
	Snapshots   int      `default:"200" help:"About this many log-spaced snapshots (epoch 0 and the last epoch included; early epochs that the spacing rounds to the same integer count once: 153 distinct for the defaults)."`
	Seed        uint64   `default:"0" help:"Seed of the initialisation, the shuffles and the train/test split."`
	Seeds       []uint64 `help:"Several seeds (e.g. 0,1,2,3), run in parallel; per-seed output in OUT/seed_N and the spread of the compression in run.json. Overrides --seed."`
	Samples     int      `help:"Samples of a generated task (xor, gauss, moons; default of the task)."`
	LateFrom    int      `name:"late-from" help:"First epoch of the late phase for the late compression (default min(200, epochs/10))."`
	IBCurve     bool     `name:"ib-curve" default:"true" negatable:"" help:"Draw the optimal IB curve of the probe set (x uniform over the samples, y the labels) under the trajectories (--no-ib-curve to omit)."`
	Generalize  bool     `name:"generalization" help:"Also compute per layer and snapshot the W1 distance and a k-NN KL estimate between the train and test representations, and the Vendi score (He & Goldfeld 2024); slower."`
	Workers     int      `help:"Goroutine budget (default GOMAXPROCS)."`
	Out         string   `default:"./itlab-out" type:"path" help:"Output folder."`
	Quiet       bool     `help:"No progress bar and no summary."`
	Activations string   `type:"path" help:"Analyse saved activations instead of training: DIR/epoch_<N>/layer_<L>.npy (or .csv), layer 1 = first hidden layer."`
	Labels      string   `type:"path" help:"Labels of the saved activations' rows (with --activations)."`
}

// Help gives the command's example.
func (InfoplaneCmd) Help() string {
	return `Trains a network and draws its information plane: for every hidden layer T,
I(X;T) against I(T;Y) in bits at about 150 log-spaced epochs, with each
estimator in its own panel. The defaults reproduce the setup of Shwartz-Ziv &
Tishby (2017): the 12-bit task, a 12-10-7-5-4-3-2 tanh network, Adam (lr 4e-4,
batch 512), 8000 epochs, a seeded 80/20 split, and the estimators fixed binning,
adaptive binning and KDE (σ² = 1e-3). X is the identity of the probe sample (all
train and test inputs), so I(X;T) ≤ log2(n) bits.

Writes to --out: infoplane.png/.svg, info-epochs.png/.svg (I(X;T), I(T;Y) per
epoch), training.png/.svg (loss, accuracy), trajectory.csv
(estimator,epoch,layer,ixt_bits,ity_bits,...) and run.json (configuration,
timings, final accuracy, per-layer compression: max − final I(X;T) and the late
compression after --late-from).

Saved activations (from PyTorch, JAX, ...): one .npy per epoch and layer,
  DIR/epoch_000010/layer_1.npy, DIR/epoch_000010/layer_2.npy, ...
rows = probe samples in the order of --labels, columns = units.

Examples:
  itlab infoplane                                   # the reference run, ./itlab-out
  itlab infoplane --activation relu --out relu-out
  itlab infoplane --seeds 0,1,2,3 --estimator binning --epochs 4000   # + compression.png: spread over seeds
  itlab infoplane --l2 0.015 --estimator binning,kde
  itlab infoplane --activations acts/ --labels y.npy --out acts-out`
}

// infoplaneEstimators builds the estimators named by --estimator.
func (c *InfoplaneCmd) estimators(workers int) ([]mi.LayerEstimator, error) {
	var out []mi.LayerEstimator
	seen := map[string]bool{}
	for _, name := range c.Estimator {
		name = strings.TrimSpace(strings.ToLower(name))
		if seen[name] {
			return nil, usageErrorf("--estimator: %s listed twice", name)
		}
		seen[name] = true
		switch name {
		case "binning":
			out = append(out, rangedBinning{mi.Binning{Bins: c.Bins, Lo: -1, Hi: 1}})
		case "adaptive-binning":
			out = append(out, mi.AdaptiveBinning{Bins: c.Bins, AutoLow: true})
		case "kde":
			out = append(out, mi.KDE{NoiseVar: c.NoiseVar, Workers: workers})
		case "kde-lower":
			out = append(out, mi.KDE{NoiseVar: c.NoiseVar, Lower: true, Workers: workers})
		case "adaptive-kde":
			out = append(out, mi.AdaptiveKDE{Workers: workers})
		default:
			return nil, usageErrorf("--estimator: unknown estimator %q (want binning, adaptive-binning, kde, kde-lower, adaptive-kde)", name)
		}
	}
	if len(out) == 0 {
		return nil, usageErrorf("--estimator: no estimator given")
	}
	return out, nil
}

// rangedBinning is fixed binning whose range the tracker sets per layer and
// snapshot ([0, running max] for non-negative activations).
type rangedBinning struct{ mi.Binning }

func (r rangedBinning) WithRange(lo, hi float64) mi.LayerEstimator {
	b := r.Binning
	b.Lo, b.Hi, b.Observed = lo, hi, false
	return b
}

var _ ib.RangeEstimator = rangedBinning{}

// seedRun is what one training run (or the saved-activations replay) gives.
type seedRun struct {
	Seed          uint64
	Rows          []ib.Row
	Info          []ib.LayerInfo
	Compression   []ib.Compression
	Gen           []ib.GenRow
	Result        nets.Result
	Train, Test   int
	InDim, OutDim int
	TrainSec      float64
	WaitSec       float64
	TotalSec      float64
	Labels        []int
}

func (c *InfoplaneCmd) validate() error {
	if (c.Activations == "") != (c.Labels == "") {
		return usageErrorf("--activations and --labels go together")
	}
	if c.Epochs < 1 {
		return usageErrorf("--epochs = %d, need ≥ 1", c.Epochs)
	}
	if c.Batch < 1 {
		return usageErrorf("--batch = %d, need ≥ 1", c.Batch)
	}
	if c.Snapshots < 2 {
		return usageErrorf("--snapshots = %d, need ≥ 2", c.Snapshots)
	}
	if c.Bins < 2 {
		return usageErrorf("--bins = %d, need ≥ 2", c.Bins)
	}
	if !(c.NoiseVar > 0) || math.IsInf(c.NoiseVar, 0) {
		return usageErrorf("--noise-var = %v, need a finite value > 0", c.NoiseVar)
	}
	if c.LR < 0 || c.L2 < 0 || math.IsNaN(c.LR) || math.IsNaN(c.L2) {
		return usageErrorf("--lr and --l2 must be ≥ 0")
	}
	for _, l := range c.Layers {
		if l < 1 || l > 100_000 {
			return usageErrorf("--layers: width %d, need 1 ≤ width ≤ 100000", l)
		}
	}
	if err := checkCount("samples", c.Samples); err != nil {
		return err
	}
	if len(c.Layers) == 0 && c.Activations == "" {
		return usageErrorf("--layers: need at least one hidden layer")
	}
	if _, err := nets.ParseActivation(c.Activation); err != nil {
		return usageErrorf("--activation: %v", err)
	}
	if c.Workers < 0 || c.LateFrom < 0 || c.Samples < 0 {
		return usageErrorf("--workers, --late-from and --samples must be ≥ 0")
	}
	return nil
}

// Run trains (or replays) and writes the outputs.
func (c InfoplaneCmd) Run(env *Env) error {
	if err := c.validate(); err != nil {
		return err
	}
	workers := c.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if _, err := c.estimators(workers); err != nil {
		return err
	}
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if err := checkOutputs(c.Out, "trajectory.csv", "run.json", "infoplane.png", "infoplane.svg", "info-epochs.png",
		"info-epochs.svg", "training.png", "training.svg", "compression.png", "compression.svg"); err != nil {
		return fmt.Errorf("--out %s: %w", c.Out, err)
	}
	start := time.Now()
	if c.Activations != "" {
		r, err := c.replay(env, workers)
		if err != nil {
			return err
		}
		r.TotalSec = time.Since(start).Seconds()
		var set outputSet
		defer set.Abort()
		return c.writeRun(env, &set, c.Out, r, true)
	}
	seeds := c.Seeds
	if len(seeds) == 0 {
		seeds = []uint64{c.Seed}
	}
	if dup := duplicateSeed(seeds); dup >= 0 {
		return usageErrorf("--seeds: seed %d listed twice", dup)
	}
	par := min(len(seeds), workers)
	perRun := max(1, workers/par)
	prog := newMultiProgress(env, c.Quiet, len(seeds), c.Epochs)
	runs := make([]*seedRun, len(seeds))
	errs := make([]error, len(seeds))
	var wg sync.WaitGroup
	sem := make(chan struct{}, par)
	for i, s := range seeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			t0 := time.Now()
			runs[i], errs[i] = c.train(s, perRun, func(epoch int, snap *nets.Snapshot) { prog.update(i, epoch, snap) })
			if runs[i] != nil {
				runs[i].TotalSec = time.Since(t0).Seconds()
			}
		}()
	}
	wg.Wait()
	prog.finish()
	for i, err := range errs {
		if err != nil {
			if len(seeds) > 1 {
				return fmt.Errorf("seed %d: %w", seeds[i], err)
			}
			return err
		}
	}
	// every output is staged and put in place at the end (outputSet)
	var set outputSet
	defer set.Abort()
	if len(seeds) == 1 {
		runs[0].TotalSec = time.Since(start).Seconds()
		return c.writeRun(env, &set, c.Out, runs[0], true)
	}
	for _, r := range runs {
		if err := c.writeRun(env, &set, filepath.Join(c.Out, fmt.Sprintf("seed_%d", r.Seed)), r, false); err != nil {
			return err
		}
	}
	return c.writeMulti(env, &set, runs, time.Since(start).Seconds())
}

func duplicateSeed(s []uint64) int64 {
	seen := map[uint64]bool{}
	for _, v := range s {
		if seen[v] {
			return int64(v)
		}
		seen[v] = true
	}
	return -1
}

// train runs one seed.
func (c *InfoplaneCmd) train(seed uint64, workers int, progress func(int, *nets.Snapshot)) (*seedRun, error) {
	task, err := synth.TaskByName(c.Dataset, c.Samples, seed)
	if err != nil {
		return nil, err
	}
	tr, te, err := task.Split(0.8, seed)
	if err != nil {
		return nil, err
	}
	act, _ := nets.ParseActivation(c.Activation)
	opt, err := nets.ParseOptimizer(c.Optimizer)
	if err != nil {
		return nil, usageErrorf("--optimizer: %v", err)
	}
	cfg := nets.Config{Layers: c.Layers, Activation: act, Optimizer: opt, LR: c.LR, L2: c.L2,
		Batch: c.Batch, Epochs: c.Epochs, Seed: seed, Workers: 1}
	net, err := nets.New(cfg, task.X.RawMatrix().Cols, task.Classes)
	if err != nil {
		return nil, err
	}
	labels := append(append([]int(nil), tr.Y...), te.Y...)
	ests, err := c.estimators(workers)
	if err != nil {
		return nil, err
	}
	ecfg := ib.Config{Estimators: ests, Labels: labels, Layers: len(c.Layers), Workers: workers, Queue: 2}
	var gen *ib.Generalization
	if c.Generalize {
		gen = &ib.Generalization{NTrain: len(tr.Y), Labels: labels, Seed: seed, Workers: 1}
		ecfg.Extra = gen.Observe
	}
	track, err := ib.NewTracker(ecfg)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	res, err := net.Train(nets.Data{X: tr.X, Y: tr.Y}, nets.Data{X: te.X, Y: te.Y}, nets.LogSchedule(c.Epochs, c.Snapshots), nil,
		func(s *nets.Snapshot) error {
			progress(s.Epoch, s)
			return track.Observe(s)
		})
	trainSec := time.Since(t0).Seconds()
	t1 := time.Now()
	cerr := track.Close()
	if err != nil {
		return nil, err
	}
	if cerr != nil {
		return nil, cerr
	}
	r := &seedRun{Seed: seed, Rows: track.Rows(), Info: track.Layers(), Result: res, Train: len(tr.Y), Test: len(te.Y), InDim: net.InDim(), OutDim: net.OutDim(),
		TrainSec: trainSec, WaitSec: time.Since(t1).Seconds(), Labels: labels}
	if gen != nil {
		r.Gen = gen.Rows
	}
	r.Compression = ib.Compress(r.Rows, ib.CompressionOptions{LateFrom: c.LateFrom, N: len(labels)})
	ib.MarkDead(r.Compression, r.Info)
	return r, nil
}

// replay analyses saved activations.
func (c *InfoplaneCmd) replay(env *Env, workers int) (*seedRun, error) {
	labels, err := loadLabels("labels", c.Labels)
	if err != nil {
		return nil, err
	}
	saved, err := ib.ScanSaved(c.Activations)
	if err != nil {
		return nil, fmt.Errorf("--activations: %w", err)
	}
	ests, err := c.estimators(workers)
	if err != nil {
		return nil, err
	}
	track, err := ib.NewTracker(ib.Config{Estimators: ests, Labels: labels, Workers: workers})
	if err != nil {
		return nil, fmt.Errorf("--labels: %w", err)
	}
	prog := newProgress(env, c.Quiet, len(saved.Epochs), "analyse")
	t0 := time.Now()
	err = track.Replay(saved, dataio.ReadMatrixFinite, func(i int) {
		prog.Set(i+1, fmt.Sprintf("epoch %d", saved.Epochs[i]))
	})
	prog.Finish()
	if err != nil {
		return nil, fmt.Errorf("--activations: %w", err)
	}
	if err := track.Close(); err != nil {
		return nil, err
	}
	r := &seedRun{Rows: track.Rows(), Info: track.Layers(), WaitSec: time.Since(t0).Seconds(), Labels: labels,
		Result: nets.Result{TrainAcc: math.NaN(), TestAcc: math.NaN(), TrainLoss: math.NaN(), TestLoss: math.NaN()}}
	r.Compression = ib.Compress(r.Rows, ib.CompressionOptions{LateFrom: c.LateFrom, N: len(labels)})
	ib.MarkDead(r.Compression, r.Info)
	return r, nil
}

// bound computes the optimal IB curve of the probe set: x uniform over the n
// samples, y their label (reduced to one row per class).
func bound(labels []int) (*ib.Curve, error) {
	classes := 0
	for _, l := range labels {
		classes = max(classes, l+1)
	}
	p := mat.NewDense(len(labels), classes, nil)
	for i, l := range labels {
		p.Set(i, l, 1)
	}
	return ib.Method{}.Curve(p, ib.CurveOptions{})
}

// writeRun stages the files of one run in dir; with summary it puts the
// set in place and prints the run's summary.
func (c *InfoplaneCmd) writeRun(env *Env, set *outputSet, dir string, r *seedRun, summary bool) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	files := []string{}
	var curve *ib.Curve
	if c.IBCurve {
		var err error
		if curve, err = bound(r.Labels); err != nil {
			return fmt.Errorf("IB curve: %w", err)
		}
	}
	if err := set.Write(filepath.Join(dir, "trajectory.csv"), func(w io.Writer) error {
		return writeTrajectory(w, []*seedRun{r}, false)
	}); err != nil {
		return err
	}
	files = append(files, "trajectory.csv")
	title := c.title(r)
	fig, err := plots.InfoPlane(r.Rows, plots.InfoPlaneOptions{Bound: curve, Title: title})
	if err != nil {
		return err
	}
	if err := writeFigure(set.Write, dir, "infoplane", fig); err != nil {
		return err
	}
	files = append(files, "infoplane.png", "infoplane.svg")
	if fig, err := plots.InfoEpochs(r.Rows, nil); err == nil {
		if err := writeFigure(set.Write, dir, "info-epochs", fig); err != nil {
			return err
		}
		files = append(files, "info-epochs.png", "info-epochs.svg")
	}
	if c.Activations == "" {
		if fig, err := plots.Training(r.Rows); err == nil {
			if err := writeFigure(set.Write, dir, "training", fig); err != nil {
				return err
			}
			files = append(files, "training.png", "training.svg")
		}
	}
	files = append(files, "run.json")
	rj := c.runJSON(r, curve, files)
	if err := set.Write(filepath.Join(dir, "run.json"), func(w io.Writer) error { return encodeJSON(w, rj) }); err != nil {
		return err
	}
	if summary {
		if err := set.Commit(); err != nil {
			return err
		}
		c.warnDead(env, r)
		if !c.Quiet {
			c.printSummary(env, r, dir, files)
		}
	}
	return nil
}

func (c *InfoplaneCmd) title(r *seedRun) string {
	if c.Activations != "" {
		return fmt.Sprintf("saved activations: %s (%s)", filepath.Base(filepath.Clean(c.Activations)), count(len(r.Labels), "sample"))
	}
	widths := []string{strconv.Itoa(r.InDim)}
	for _, l := range append(append([]int(nil), c.Layers...), r.OutDim) {
		widths = append(widths, strconv.Itoa(l))
	}
	t := fmt.Sprintf("%s, %s, %s, seed %d", c.Dataset, strings.Join(widths, "-"), strings.ToLower(c.Activation), r.Seed)
	if c.L2 > 0 {
		t += fmt.Sprintf(", L2 %g", c.L2)
	}
	return t
}

func writeFigure(put func(path string, write func(io.Writer) error) error, dir, name string, f *plots.Figure) error {
	for _, ext := range []string{"png", "svg"} {
		if err := put(filepath.Join(dir, name+"."+ext), func(w io.Writer) error { return f.WriteTo(w, ext) }); err != nil {
			return err
		}
	}
	return nil
}

// writeTrajectory writes the rows as CSV: estimator,epoch,layer,ixt_bits,
// ity_bits, then train_loss,test_loss,train_acc,test_acc, the generalisation
// columns when computed, and the seed when several runs are written.
func writeTrajectory(w io.Writer, runs []*seedRun, withSeed bool) error {
	bw := bufio.NewWriter(w)
	hasGen := len(runs) > 0 && len(runs[0].Gen) > 0
	header := "estimator,epoch,layer,ixt_bits,ity_bits,train_loss,test_loss,train_acc,test_acc"
	if hasGen {
		header += ",w1,kl_nats,vendi"
	}
	if withSeed {
		header += ",seed"
	}
	fmt.Fprintln(bw, header)
	for _, r := range runs {
		gen := map[[2]int]ib.GenRow{}
		for _, g := range r.Gen {
			gen[[2]int{g.Epoch, g.Layer}] = g
		}
		for _, row := range r.Rows {
			fmt.Fprintf(bw, "%s,%d,%d,%s,%s,%s,%s,%s,%s", row.Estimator, row.Epoch, row.Layer,
				csvFloat(ib.Bits(row.IXT)), csvFloat(ib.Bits(row.ITY)),
				csvFloat(row.TrainLoss), csvFloat(row.TestLoss), csvFloat(row.TrainAcc), csvFloat(row.TestAcc))
			if hasGen {
				g, ok := gen[[2]int{row.Epoch, row.Layer}]
				if !ok {
					g = ib.GenRow{W1: math.NaN(), KL: math.NaN(), Vendi: math.NaN()}
				}
				fmt.Fprintf(bw, ",%s,%s,%s", csvFloat(g.W1), csvFloat(g.KL), csvFloat(g.Vendi))
			}
			if withSeed {
				fmt.Fprintf(bw, ",%d", r.Seed)
			}
			fmt.Fprintln(bw)
		}
	}
	return bw.Flush()
}

func csvFloat(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', 8, 64)
}

// JSON shapes of run.json.
type compressionJSON struct {
	Estimator       string    `json:"estimator"`
	Layer           int       `json:"layer"`
	MaxEpoch        int       `json:"max_epoch"`
	MaxIXTBits      jsonFloat `json:"max_ixt_bits"`
	FinalIXTBits    jsonFloat `json:"final_ixt_bits"`
	FinalITYBits    jsonFloat `json:"final_ity_bits"`
	CompressionBits jsonFloat `json:"compression_bits"`
	LateFrom        int       `json:"late_from"`
	LateMaxEpoch    int       `json:"late_max_epoch"`
	LateCompBits    jsonFloat `json:"late_compression_bits"`
	Saturated       bool      `json:"saturated"`
	Dead            bool      `json:"dead"`
}

type layerJSON struct {
	Layer            int       `json:"layer"`
	Width            int       `json:"width"`
	NonNegative      bool      `json:"nonnegative"`
	RunningMax       jsonFloat `json:"running_max"`
	DeadUnitsAtStart int       `json:"dead_units_at_start"`
	DeadUnitsAtEnd   int       `json:"dead_units_at_end"`
	Dead             bool      `json:"dead"`
}

type finalJSON struct {
	Epoch     int       `json:"epoch"`
	TrainAcc  jsonFloat `json:"train_acc"`
	TestAcc   jsonFloat `json:"test_acc"`
	TrainLoss jsonFloat `json:"train_loss"`
	TestLoss  jsonFloat `json:"test_loss"`
	// FirstEpoch95 is the first snapshot epoch with train accuracy ≥ 0.95
	// (-1 if never).
	FirstEpoch95 int `json:"first_epoch_train_acc_95"`
}

// timingsJSON: total_s is the wall time of the run; train_s the wall time of
// the training loop, which includes waiting for the estimators when they are
// slower than training (the tracker queues at most 2 snapshots);
// analysis_wait_s the wait for the last snapshots after training.
type timingsJSON struct {
	TotalSec   float64 `json:"total_s"`
	TrainSec   float64 `json:"train_s"`
	AnalyseSec float64 `json:"analysis_wait_s"`
}

type configJSON struct {
	Dataset     string   `json:"dataset,omitempty"`
	Activation  string   `json:"activation,omitempty"`
	Layers      []int    `json:"layers,omitempty"`
	Estimators  []string `json:"estimators"`
	Epochs      int      `json:"epochs,omitempty"`
	Batch       int      `json:"batch,omitempty"`
	LR          float64  `json:"lr"`
	Optimizer   string   `json:"optimizer,omitempty"`
	L2          float64  `json:"l2"`
	NoiseVar    float64  `json:"noise_var"`
	Bins        int      `json:"bins"`
	Snapshots   int      `json:"snapshots_requested"`
	Split       string   `json:"split,omitempty"`
	Activations string   `json:"activations,omitempty"`
	Labels      string   `json:"labels,omitempty"`
	LateFrom    int      `json:"late_from"`
}

type runJSON struct {
	Command       string            `json:"command"`
	Version       string            `json:"version"`
	Seed          *uint64           `json:"seed,omitempty"`
	Config        configJSON        `json:"config"`
	ProbeSamples  int               `json:"probe_samples"`
	TrainSamples  int               `json:"train_samples,omitempty"`
	TestSamples   int               `json:"test_samples,omitempty"`
	SnapshotCount int               `json:"snapshots"`
	Timings       timingsJSON       `json:"timings"`
	Final         finalJSON         `json:"final"`
	Layers        []layerJSON       `json:"layers"`
	Compression   []compressionJSON `json:"compression"`
	IXYBits       *jsonFloat        `json:"ixy_bits,omitempty"`
	HXBits        jsonFloat         `json:"hx_bits"`
	Files         []string          `json:"files"`
}

func (c *InfoplaneCmd) configJSON(lateFrom int) configJSON {
	cj := configJSON{Estimators: c.Estimator, NoiseVar: c.NoiseVar, Bins: c.Bins, LateFrom: lateFrom}
	if c.Activations != "" {
		cj.Activations, cj.Labels = c.Activations, c.Labels
		return cj
	}
	cj.Dataset, cj.Activation, cj.Layers = c.Dataset, strings.ToLower(c.Activation), c.Layers
	cj.Epochs, cj.Batch, cj.Optimizer, cj.L2 = c.Epochs, c.Batch, c.Optimizer, c.L2
	cj.LR = c.LR
	if cj.LR == 0 {
		cj.LR = nets.DefaultAdamLR
		if c.Optimizer == "sgd" {
			cj.LR = nets.DefaultSGDLR
		}
	}
	cj.Snapshots = c.Snapshots
	cj.Split = "seeded random 80/20; probe = train then test rows"
	return cj
}

func (c *InfoplaneCmd) runJSON(r *seedRun, curve *ib.Curve, files []string) runJSON {
	lateFrom := 0
	if len(r.Compression) > 0 {
		lateFrom = r.Compression[0].LateFrom
	}
	rj := runJSON{Command: "infoplane", Version: version, Config: c.configJSON(lateFrom),
		ProbeSamples: len(r.Labels), TrainSamples: r.Train, TestSamples: r.Test,
		Timings: timingsJSON{TotalSec: r.TotalSec, TrainSec: r.TrainSec, AnalyseSec: r.WaitSec},
		HXBits:  jsonFloat(math.Log2(float64(len(r.Labels)))), Files: files}
	if c.Activations == "" {
		s := r.Seed
		rj.Seed = &s
	}
	epochs := map[int]bool{}
	first95 := -1
	last := ib.Row{Epoch: -1}
	for _, row := range r.Rows {
		epochs[row.Epoch] = true
		if first95 < 0 && row.TrainAcc >= 0.95 {
			first95 = row.Epoch
		}
		if row.Epoch > last.Epoch {
			last = row
		}
	}
	rj.SnapshotCount = len(epochs)
	rj.Final = finalJSON{Epoch: last.Epoch, TrainAcc: jsonFloat(last.TrainAcc), TestAcc: jsonFloat(last.TestAcc),
		TrainLoss: jsonFloat(last.TrainLoss), TestLoss: jsonFloat(last.TestLoss), FirstEpoch95: first95}
	for _, li := range r.Info {
		rj.Layers = append(rj.Layers, layerJSON{Layer: li.Layer, Width: li.Width, NonNegative: li.NonNegative,
			RunningMax: jsonFloat(li.RunningMax), DeadUnitsAtStart: li.DeadUnitsAtStart, DeadUnitsAtEnd: li.DeadUnitsAtEnd, Dead: li.Dead()})
	}
	rj.Compression = compressionRows(r.Compression)
	if curve != nil {
		v := jsonFloat(ib.Bits(curve.IXY))
		rj.IXYBits = &v
	}
	return rj
}

func compressionRows(cs []ib.Compression) []compressionJSON {
	out := make([]compressionJSON, 0, len(cs))
	for _, cm := range cs {
		out = append(out, compressionJSON{Estimator: cm.Estimator, Layer: cm.Layer, MaxEpoch: cm.MaxEpoch,
			MaxIXTBits: jsonFloat(ib.Bits(cm.MaxIXT)), FinalIXTBits: jsonFloat(ib.Bits(cm.FinalIXT)), FinalITYBits: jsonFloat(ib.Bits(cm.FinalITY)),
			CompressionBits: jsonFloat(ib.Bits(cm.Compression)), LateFrom: cm.LateFrom, LateMaxEpoch: cm.LateMaxEpoch,
			LateCompBits: jsonFloat(ib.Bits(cm.LateCompression)), Saturated: cm.Saturated, Dead: cm.Dead})
	}
	return out
}

func encodeJSON(w io.Writer, v any) error {
	var b strings.Builder
	if err := writeJSON(&Env{Stdout: &b}, v); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (c *InfoplaneCmd) warnDead(env *Env, r *seedRun) {
	if c.Quiet {
		return
	}
	for _, li := range r.Info {
		if li.Dead() {
			fmt.Fprintf(env.Stderr, "itlab: warning: seed %d: hidden layer %d is all zeros on every sample at epoch %d (dead units from initialisation): nothing below it can train; try another --seed\n", r.Seed, li.Layer, li.FirstEpoch)
		}
	}
}

func (c *InfoplaneCmd) printSummary(env *Env, r *seedRun, dir string, files []string) {
	w := env.Stdout
	if c.Activations == "" {
		fmt.Fprintf(w, "trained %s for %s in %.1f s: train accuracy %.3f, test accuracy %.3f\n",
			c.title(r), count(r.Result.Epochs, "epoch"), r.TrainSec, r.Result.TrainAcc, r.Result.TestAcc)
	} else {
		fmt.Fprintf(w, "analysed %s of %s in %.1f s\n", count(len(r.Rows)/max(1, len(r.Info)*len(c.Estimator)), "snapshot"), count(len(r.Info), "layer"), r.WaitSec)
	}
	fmt.Fprintf(w, "compression of I(X;T) in bits (max − final; late: max after epoch %d − final):\n", lateOf(r.Compression))
	fmt.Fprintf(w, "  %-17s %5s %9s %9s %9s %11s %5s\n", "estimator", "layer", "max@epoch", "final", "compr.", "late compr.", "flags")
	for _, cm := range r.Compression {
		flags := ""
		if cm.Saturated {
			flags += "saturated "
		}
		if cm.Dead {
			flags += "dead"
		}
		fmt.Fprintf(w, "  %-17s %5d %9d %9.2f %9.2f %11.2f %s\n", cm.Estimator, cm.Layer, cm.MaxEpoch,
			ib.Bits(cm.FinalIXT), ib.Bits(cm.Compression), ib.Bits(cm.LateCompression), strings.TrimSpace(flags))
	}
	fmt.Fprintf(w, "wrote %s: %s\n", dir, strings.Join(files, ", "))
}

func lateOf(cs []ib.Compression) int {
	if len(cs) == 0 {
		return 0
	}
	return cs[0].LateFrom
}

// Several seeds: trajectory.csv with a seed column, the first seed's figures,
// and run.json with each run and the spread of the compression.
type spreadJSON struct {
	Mean jsonFloat `json:"mean"`
	SD   jsonFloat `json:"sd"`
	Min  jsonFloat `json:"min"`
	Max  jsonFloat `json:"max"`
}

type seedSpreadJSON struct {
	Estimator       string     `json:"estimator"`
	Layer           int        `json:"layer"`
	CompressionBits spreadJSON `json:"compression_bits"`
	LateCompBits    spreadJSON `json:"late_compression_bits"`
	FinalIXTBits    spreadJSON `json:"final_ixt_bits"`
	Seeds           int        `json:"seeds"`
}

type multiJSON struct {
	Command  string           `json:"command"`
	Version  string           `json:"version"`
	Seeds    []uint64         `json:"seeds"`
	Config   configJSON       `json:"config"`
	Timings  timingsJSON      `json:"timings"`
	TrainAcc spreadJSON       `json:"final_train_acc"`
	TestAcc  spreadJSON       `json:"final_test_acc"`
	Spread   []seedSpreadJSON `json:"compression_spread"`
	Runs     []runJSON        `json:"runs"`
	Files    []string         `json:"files"`
}

func spread(v []float64) spreadJSON {
	if len(v) == 0 {
		n := jsonFloat(math.NaN())
		return spreadJSON{n, n, n, n}
	}
	mean, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
	for _, x := range v {
		mean += x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	mean /= float64(len(v))
	ss := 0.0
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	sd := 0.0
	if len(v) > 1 {
		sd = math.Sqrt(ss / float64(len(v)-1))
	}
	return spreadJSON{jsonFloat(mean), jsonFloat(sd), jsonFloat(lo), jsonFloat(hi)}
}

func (c *InfoplaneCmd) writeMulti(env *Env, set *outputSet, runs []*seedRun, total float64) error {
	files := []string{"trajectory.csv"}
	if err := set.Write(filepath.Join(c.Out, "trajectory.csv"), func(w io.Writer) error {
		return writeTrajectory(w, runs, true)
	}); err != nil {
		return err
	}
	var curve *ib.Curve
	if c.IBCurve {
		var err error
		if curve, err = bound(runs[0].Labels); err != nil {
			return err
		}
	}
	fig, err := plots.InfoPlane(runs[0].Rows, plots.InfoPlaneOptions{Bound: curve, Title: c.title(runs[0]) + fmt.Sprintf(" (1 of %d seeds)", len(runs))})
	if err != nil {
		return err
	}
	if err := writeFigure(set.Write, c.Out, "infoplane", fig); err != nil {
		return err
	}
	files = append(files, "infoplane.png", "infoplane.svg")
	comps := make([][]ib.Compression, len(runs))
	for i, r := range runs {
		comps[i] = r.Compression
	}
	if fig, err := plots.CompressionSpread(comps, nil); err == nil {
		if err := writeFigure(set.Write, c.Out, "compression", fig); err != nil {
			return err
		}
		files = append(files, "compression.png", "compression.svg")
	}
	files = append(files, "run.json")
	for _, r := range runs {
		files = append(files, fmt.Sprintf("seed_%d/", r.Seed))
	}
	mj := multiJSON{Command: "infoplane", Version: version, Files: files}
	var tra, tea []float64
	type key struct {
		est   string
		layer int
	}
	comp := map[key][3][]float64{}
	var order []key
	var trainSum float64
	for _, r := range runs {
		mj.Seeds = append(mj.Seeds, r.Seed)
		rj := c.runJSON(r, curve, nil)
		mj.Runs = append(mj.Runs, rj)
		tra = append(tra, r.Result.TrainAcc)
		tea = append(tea, r.Result.TestAcc)
		trainSum += r.TrainSec
		for _, cm := range r.Compression {
			k := key{cm.Estimator, cm.Layer}
			v, ok := comp[k]
			if !ok {
				order = append(order, k)
			}
			v[0] = append(v[0], ib.Bits(cm.Compression))
			v[1] = append(v[1], ib.Bits(cm.LateCompression))
			v[2] = append(v[2], ib.Bits(cm.FinalIXT))
			comp[k] = v
		}
		c.warnDead(env, r)
	}
	mj.Config = c.configJSON(lateOf(runs[0].Compression))
	mj.Timings = timingsJSON{TotalSec: total, TrainSec: trainSum}
	mj.TrainAcc, mj.TestAcc = spread(tra), spread(tea)
	for _, k := range order {
		v := comp[k]
		mj.Spread = append(mj.Spread, seedSpreadJSON{Estimator: k.est, Layer: k.layer, CompressionBits: spread(v[0]),
			LateCompBits: spread(v[1]), FinalIXTBits: spread(v[2]), Seeds: len(v[0])})
	}
	if err := set.Write(filepath.Join(c.Out, "run.json"), func(w io.Writer) error { return encodeJSON(w, mj) }); err != nil {
		return err
	}
	if err := set.Commit(); err != nil {
		return err
	}
	if !c.Quiet {
		w := env.Stdout
		fmt.Fprintf(w, "%d seeds in %.1f s: train accuracy %.3f ± %.3f, test accuracy %.3f ± %.3f\n", len(runs), total,
			float64(mj.TrainAcc.Mean), float64(mj.TrainAcc.SD), float64(mj.TestAcc.Mean), float64(mj.TestAcc.SD))
		fmt.Fprintf(w, "compression of I(X;T) in bits over seeds, mean ± sd [min, max] (late: max after epoch %d − final):\n", lateOf(runs[0].Compression))
		fmt.Fprintf(w, "  %-17s %5s %24s %24s\n", "estimator", "layer", "compression", "late compression")
		for _, s := range mj.Spread {
			fmt.Fprintf(w, "  %-17s %5d %24s %24s\n", s.Estimator, s.Layer, fmtSpread(s.CompressionBits), fmtSpread(s.LateCompBits))
		}
		fmt.Fprintf(w, "wrote %s: %s\n", c.Out, strings.Join(files, ", "))
	}
	return nil
}

func fmtSpread(s spreadJSON) string {
	return fmt.Sprintf("%.2f ± %.2f [%.2f, %.2f]", float64(s.Mean), float64(s.SD), float64(s.Min), float64(s.Max))
}

// multiProgress is one progress bar over the epochs of all seeds.
type multiProgress struct {
	mu     sync.Mutex
	p      *progress
	done   []int
	epochs int
	start  time.Time
}

func newMultiProgress(env *Env, quiet bool, runs, epochs int) *multiProgress {
	return &multiProgress{p: newProgress(env, quiet, runs*epochs, "train"), done: make([]int, runs), epochs: epochs, start: time.Now()}
}

func (m *multiProgress) update(run, epoch int, s *nets.Snapshot) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done[run] = epoch
	total := 0
	for _, d := range m.done {
		total += d
	}
	desc := fmt.Sprintf("epoch %d/%d loss %.3f acc %.1f%%", epoch, m.epochs, s.TrainLoss, 100*s.TrainAcc)
	if len(m.done) > 1 {
		desc = fmt.Sprintf("%d runs, %s", len(m.done), desc)
	}
	m.p.Set(total, desc)
}

func (m *multiProgress) finish() { m.p.Finish() }
