package nets

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/itlab/itlab/internal/check"
)

// modelFormat identifies the JSON model files written by Save.
const modelFormat = "itlab-nets/1"

type savedModel struct {
	Format  string    `json:"format"`
	Config  Config    `json:"config"`
	Sizes   []int     `json:"sizes"`
	Params  []float64 `json:"params"`            // W_0, b_0, W_1, b_1, … with W_l row-major fan_in×fan_out
	Step    int       `json:"step"`              // optimizer steps taken
	M       []float64 `json:"m,omitempty"`       // Adam first moments or SGD velocity
	V       []float64 `json:"v,omitempty"`       // Adam second moments
	Shuffle []byte    `json:"shuffle,omitempty"` // state of the shuffling generator (PCG)
}

// Save writes the network as one JSON object: configuration, layer sizes,
// parameters, optimizer state and the state of the shuffling generator, so
// that Load gives a network with identical predictions that also continues
// training exactly where this one stopped. Floats are written in Go's
// shortest round-trip form, so the parameters are restored bit for bit.
func (n *Net) Save(w io.Writer) error {
	st, err := n.shuffle.MarshalBinary()
	if err != nil {
		return fmt.Errorf("nets: save: %w", err)
	}
	m := savedModel{Format: modelFormat, Config: n.cfg, Sizes: n.sizes, Params: n.params, Step: n.step, Shuffle: st}
	if n.step > 0 {
		m.M = n.m
		if n.cfg.Optimizer == Adam {
			m.V = n.v
		}
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(&m); err != nil {
		return fmt.Errorf("nets: save: %w", err)
	}
	return nil
}

// Load reads a network written by Save. A malformed file, an unknown format
// or inconsistent sizes give an error (ErrShape, ErrParam or ErrNonFinite, or
// the JSON decoding error).
func Load(r io.Reader) (*Net, error) {
	if r == nil {
		return nil, fmt.Errorf("nets: load: nil reader: %w", check.ErrParam)
	}
	var m savedModel
	dec := json.NewDecoder(r)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("nets: load: %w", err)
	}
	if m.Format != modelFormat {
		return nil, fmt.Errorf("nets: load: format %q, want %q: %w", m.Format, modelFormat, check.ErrParam)
	}
	c, err := m.Config.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("nets: load: %w", err)
	}
	if len(m.Sizes) != len(c.Layers)+2 {
		return nil, fmt.Errorf("nets: load: %d sizes for %d hidden layers: %w", len(m.Sizes), len(c.Layers), check.ErrShape)
	}
	for i, s := range m.Sizes {
		if s < 1 || (i > 0 && i <= len(c.Layers) && s != c.Layers[i-1]) {
			return nil, fmt.Errorf("nets: load: layer size %d at %d does not match the config: %w", s, i, check.ErrShape)
		}
	}
	if c.Output == Softmax && m.Sizes[len(m.Sizes)-1] < 2 {
		return nil, fmt.Errorf("nets: load: softmax output of width %d: %w", m.Sizes[len(m.Sizes)-1], check.ErrShape)
	}
	n := newNet(c, m.Sizes)
	if len(m.Params) != len(n.params) {
		return nil, fmt.Errorf("nets: load: %d parameters, sizes need %d: %w", len(m.Params), len(n.params), check.ErrShape)
	}
	if err := check.FiniteSlice("params", m.Params); err != nil {
		return nil, fmt.Errorf("nets: load: %w", err)
	}
	copy(n.params, m.Params)
	for _, st := range []struct {
		name string
		src  []float64
		dst  []float64
	}{{"m", m.M, n.m}, {"v", m.V, n.v}} {
		if st.src == nil {
			continue
		}
		if len(st.src) != len(st.dst) {
			return nil, fmt.Errorf("nets: load: optimizer state %s has %d values, need %d: %w", st.name, len(st.src), len(st.dst), check.ErrShape)
		}
		copy(st.dst, st.src)
	}
	if m.Step < 0 {
		return nil, fmt.Errorf("nets: load: step %d: %w", m.Step, check.ErrParam)
	}
	n.step = m.Step
	if m.Shuffle != nil {
		var p rand.PCG
		if err := p.UnmarshalBinary(m.Shuffle); err != nil {
			return nil, fmt.Errorf("nets: load: shuffle state: %w", err)
		}
		*n.shuffle = p
	}
	return n, nil
}
