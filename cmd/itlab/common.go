package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/dataio"
	"github.com/itlab/itlab/internal/fsutil"
)

// version is the itlab version printed by `itlab version` and written into run.json.
const version = "0.1.0-dev"

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// loadMatrix reads the sample matrix named by a flag. Errors name the flag and the file.
// No command takes NaN or ±Inf data, so they are refused here, where the error can say
// where in the file they are (a CSV's line and column, a .npy's element and byte offset).
func loadMatrix(flag, path string) (*mat.Dense, error) {
	if path == "" {
		return nil, usageErrorf("--%s is required", flag)
	}
	m, err := dataio.ReadMatrixFinite(path)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, err)
	}
	return m, nil
}

// loadLabels reads the integer labels named by a flag.
func loadLabels(flag, path string) ([]int, error) {
	if path == "" {
		return nil, usageErrorf("--%s is required", flag)
	}
	l, err := dataio.ReadLabels(path)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", flag, err)
	}
	// Labels are class names: map negative or sparse values (−1/+1, a
	// label 2147483647 among 100 rows) to 0..C−1 so that nothing downstream
	// allocates per possible index. Labels 0..n−1 are kept as they are; no
	// estimate depends on the names of the classes.
	for _, v := range l {
		if v < 0 || v >= len(l) {
			l, _ = denseLabels(l)
			return l, nil
		}
	}
	return l, nil
}

// BaseFlag is the --base flag shared by the estimating commands.
type BaseFlag struct {
	Base string `enum:"e,2" default:"e" help:"Logarithm base of the reported value: e (nats) or 2 (bits)."`
}

// convert turns a value in nats into the unit of --base and names the unit.
func (b BaseFlag) convert(nats float64) (float64, string) {
	if b.Base == "2" {
		return nats / math.Ln2, "bits"
	}
	return nats, "nats"
}

// Result is the JSON object every estimating command prints with --json.
// Commands embed it and add their own fields.
type Result struct {
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Estimator string  `json:"estimator"`
	N         int     `json:"n"`
}

// writeJSON prints v as one indented JSON object on stdout. Non-finite floats
// are not valid JSON, so callers must map them (see jsonFloat) first.
func writeJSON(env *Env, v any) error {
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	return nil
}

// jsonFloat is a float64 that encodes +Inf, -Inf and NaN as the strings
// "+Inf", "-Inf" and "NaN" (JSON has no numbers for them).
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return json.Marshal(v)
}

// writeAtomic writes an output file atomically (temp file, fsync, rename).
func writeAtomic(path string, write func(w io.Writer) error) error {
	return fsutil.WriteAtomic(path, write)
}

// progress is a progress bar on stderr that draws only when stderr is a
// terminal and the command is not quiet.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a progress bar over total steps. It is silent (but safe
// to use) when quiet is set or stderr is not a terminal.
func newProgress(env *Env, quiet bool, total int, desc string) *progress {
	if quiet || !env.StderrIsTerminal {
		return &progress{}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(env.Stderr),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(env.Stderr) }),
	)
	return &progress{bar: bar}
}

// Set moves the bar to step n with a description (for example "epoch 120 loss 0.31 acc 93%").
func (p *progress) Set(n int, desc string) {
	if p.bar == nil {
		return
	}
	if desc != "" {
		p.bar.Describe(desc)
	}
	_ = p.bar.Set(n)
}

// Finish completes and clears the bar.
func (p *progress) Finish() {
	if p.bar == nil {
		return
	}
	_ = p.bar.Finish()
}

// maxCount bounds count flags (samples, replicates, projections, widths):
// a typo such as --bootstrap 1000000000000 must be a usage error, not an
// allocation that takes the machine down.
const maxCount = 10_000_000

// checkCount returns a usage error when a count flag is negative or above maxCount.
func checkCount(flag string, v int) error {
	if v < 0 || v > maxCount {
		return usageErrorf("--%s %d: need 0 ≤ N ≤ %d", flag, v, maxCount)
	}
	return nil
}

// errNotYet is returned by commands whose implementation has not landed.
func errNotYet(cmd string) error {
	return fmt.Errorf("'%s' is not implemented yet in this version", cmd)
}
