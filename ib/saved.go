package ib

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/nets"
)

// Saved describes activations saved on disk in the layout
//
//	DIR/epoch_<E>/layer_<L>.npy      (or layer_<L>.csv)
//
// where <E> is the epoch as a decimal integer with any zero padding
// (epoch_7, epoch_000007 and epoch_0007 are all epoch 7; epoch 0 is the
// state before training) and <L> is the 1-based layer index, first hidden
// layer first (layer_1, layer_2, ...; zero padding allowed). Each file holds
// one matrix with one row per probe sample, in the same sample order in every
// file and in the labels file, and one column per unit. Every epoch folder
// must hold the same layers 1..L with no gaps. Other files and folders are
// ignored.
type Saved struct {
	Dir    string
	Epochs []int      // ascending
	Layers int        // L
	Files  [][]string // Files[i][l] is the file of Epochs[i], layer l+1
}

var (
	epochDirRe  = regexp.MustCompile(`^epoch_([0-9]+)$`)
	layerFileRe = regexp.MustCompile(`^layer_([0-9]+)\.(npy|csv)$`)
)

// ScanSaved lists the saved activations under dir and checks the layout.
func ScanSaved(dir string) (*Saved, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("ib: activations: %w", err)
	}
	s := &Saved{Dir: dir}
	type ep struct {
		epoch int
		name  string
	}
	var eps []ep
	for _, e := range ents {
		m := epochDirRe.FindStringSubmatch(e.Name())
		if m == nil || !e.IsDir() {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n > math.MaxInt32 {
			return nil, fmt.Errorf("ib: activations: bad epoch folder %q: %w", e.Name(), check.ErrParam)
		}
		eps = append(eps, ep{n, e.Name()})
	}
	if len(eps) == 0 {
		return nil, fmt.Errorf("ib: activations: no epoch_<N> folders in %s (expected DIR/epoch_000123/layer_1.npy): %w", dir, check.ErrShape)
	}
	sort.Slice(eps, func(i, j int) bool { return eps[i].epoch < eps[j].epoch })
	for i := 1; i < len(eps); i++ {
		if eps[i].epoch == eps[i-1].epoch {
			return nil, fmt.Errorf("ib: activations: folders %s and %s are the same epoch %d: %w", eps[i-1].name, eps[i].name, eps[i].epoch, check.ErrShape)
		}
	}
	for _, e := range eps {
		sub := filepath.Join(dir, e.name)
		fents, err := os.ReadDir(sub)
		if err != nil {
			return nil, fmt.Errorf("ib: activations: %w", err)
		}
		layers := map[int]string{}
		for _, f := range fents {
			m := layerFileRe.FindStringSubmatch(f.Name())
			if m == nil || f.IsDir() {
				continue
			}
			l, err := strconv.Atoi(m[1])
			if err != nil || l < 1 || l > 1<<16 {
				return nil, fmt.Errorf("ib: activations: bad layer file %s (layers are numbered from 1): %w", filepath.Join(sub, f.Name()), check.ErrShape)
			}
			if prev, ok := layers[l]; ok {
				return nil, fmt.Errorf("ib: activations: %s and %s are both layer %d: %w", prev, filepath.Join(sub, f.Name()), l, check.ErrShape)
			}
			layers[l] = filepath.Join(sub, f.Name())
		}
		if len(layers) == 0 {
			return nil, fmt.Errorf("ib: activations: no layer_<L>.npy files in %s: %w", sub, check.ErrShape)
		}
		files := make([]string, len(layers))
		for l := 1; l <= len(layers); l++ {
			p, ok := layers[l]
			if !ok {
				return nil, fmt.Errorf("ib: activations: %s has %d layer files but no layer_%d: %w", sub, len(layers), l, check.ErrShape)
			}
			files[l-1] = p
		}
		if s.Layers == 0 {
			s.Layers = len(files)
		} else if s.Layers != len(files) {
			return nil, fmt.Errorf("ib: activations: %s has %d layers, %s has %d: %w", sub, len(files), filepath.Dir(s.Files[0][0]), s.Layers, check.ErrShape)
		}
		s.Epochs = append(s.Epochs, e.epoch)
		s.Files = append(s.Files, files)
	}
	return s, nil
}

// Replay feeds the saved activations to the tracker, epoch by epoch, reading
// each matrix with load (for example dataio.ReadMatrix). Only one epoch's
// matrices are in memory at a time. Loss and accuracy are NaN in the rows.
// progress, when not nil, is called after each epoch with its index.
func (t *Tracker) Replay(s *Saved, load func(path string) (*mat.Dense, error), progress func(i int)) error {
	for i, e := range s.Epochs {
		snap := &nets.Snapshot{Epoch: e, TrainLoss: math.NaN(), TestLoss: math.NaN(), TrainAcc: math.NaN(), TestAcc: math.NaN()}
		for _, p := range s.Files[i] {
			m, err := load(p)
			if err != nil {
				if strings.Contains(err.Error(), p) { // the loader named the file
					return fmt.Errorf("ib: %w", err)
				}
				return fmt.Errorf("ib: %s: %w", p, err)
			}
			snap.Layers = append(snap.Layers, m)
		}
		if err := t.Observe(snap); err != nil {
			return err
		}
		if progress != nil {
			progress(i)
		}
	}
	return nil
}
