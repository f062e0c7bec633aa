package nets

import (
	"fmt"
	"math"
	"strings"

	"github.com/itlab/itlab/internal/check"
)

// Output is the output layer and its loss. The zero value is Softmax.
type Output int

const (
	// Softmax outputs p = softmax(z) and the loss is the mean cross-entropy
	// L = −(1/B)·Σᵢ log p_{i,yᵢ} over the B rows of a batch (nats).
	Softmax Output = iota
	// MSE outputs z unchanged (linear) and the loss is the mean squared error
	// L = (1/(B·K))·Σᵢ Σₖ (z_{ik} − t_{ik})² over B rows and K outputs, the
	// Keras convention. Targets are Data.Target, or the one-hot labels.
	MSE
	numOutputs
)

var outputNames = [numOutputs]string{"softmax", "mse"}

// String returns "softmax" or "mse".
func (o Output) String() string {
	if o >= 0 && o < numOutputs {
		return outputNames[o]
	}
	return fmt.Sprintf("Output(%d)", int(o))
}

// ParseOutput returns the output with the given name ("softmax" or "mse";
// "linear" is accepted for MSE).
func ParseOutput(s string) (Output, error) {
	if strings.EqualFold(s, "linear") {
		return MSE, nil
	}
	for i, n := range outputNames {
		if strings.EqualFold(s, n) {
			return Output(i), nil
		}
	}
	return 0, fmt.Errorf("nets: unknown output %q (want softmax|mse): %w", s, check.ErrParam)
}

// MarshalText implements encoding.TextMarshaler.
func (o Output) MarshalText() ([]byte, error) {
	if o < 0 || o >= numOutputs {
		return nil, fmt.Errorf("nets: invalid output %d: %w", int(o), check.ErrParam)
	}
	return []byte(o.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *Output) UnmarshalText(b []byte) error {
	v, err := ParseOutput(string(b))
	if err == nil {
		*o = v
	}
	return err
}

// Optimizer is the update rule. The zero value is Adam.
type Optimizer int

const (
	// Adam in the TensorFlow form: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
	// θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m/(√v + ε).
	Adam Optimizer = iota
	// SGD with momentum μ (Config.Momentum, 0 = plain SGD): u ← μ·u + g, θ ← θ − lr·u.
	SGD
	numOptimizers
)

var optimizerNames = [numOptimizers]string{"adam", "sgd"}

// String returns "adam" or "sgd".
func (o Optimizer) String() string {
	if o >= 0 && o < numOptimizers {
		return optimizerNames[o]
	}
	return fmt.Sprintf("Optimizer(%d)", int(o))
}

// ParseOptimizer returns the optimizer with the given name ("adam" or "sgd").
func ParseOptimizer(s string) (Optimizer, error) {
	for i, n := range optimizerNames {
		if strings.EqualFold(s, n) {
			return Optimizer(i), nil
		}
	}
	return 0, fmt.Errorf("nets: unknown optimizer %q (want adam|sgd): %w", s, check.ErrParam)
}

// MarshalText implements encoding.TextMarshaler.
func (o Optimizer) MarshalText() ([]byte, error) {
	if o < 0 || o >= numOptimizers {
		return nil, fmt.Errorf("nets: invalid optimizer %d: %w", int(o), check.ErrParam)
	}
	return []byte(o.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *Optimizer) UnmarshalText(b []byte) error {
	v, err := ParseOptimizer(string(b))
	if err == nil {
		*o = v
	}
	return err
}

// Init is the weight initialisation. Biases always start at 0. The zero
// value is TruncNormal, the initialisation of the 12-bit reference network.
type Init int

const (
	// TruncNormal draws W ~ N(0, 1/fan_in) truncated at ±2σ (values beyond
	// are redrawn, as TensorFlow's truncated_normal), σ = 1/√fan_in.
	TruncNormal Init = iota
	// Xavier is the Glorot–Bengio uniform initialisation,
	// W ~ U(−a, a) with a = √(6/(fan_in + fan_out)).
	Xavier
	// He is the He et al. normal initialisation, W ~ N(0, 2/fan_in).
	He
	numInits
)

var initNames = [numInits]string{"truncnormal", "xavier", "he"}

// String returns "truncnormal", "xavier" or "he".
func (i Init) String() string {
	if i >= 0 && i < numInits {
		return initNames[i]
	}
	return fmt.Sprintf("Init(%d)", int(i))
}

// ParseInit returns the initialisation with the given name ("truncnormal",
// "xavier" or "glorot", "he").
func ParseInit(s string) (Init, error) {
	if strings.EqualFold(s, "glorot") {
		return Xavier, nil
	}
	for i, n := range initNames {
		if strings.EqualFold(s, n) {
			return Init(i), nil
		}
	}
	return 0, fmt.Errorf("nets: unknown init %q (want truncnormal|xavier|he): %w", s, check.ErrParam)
}

// MarshalText implements encoding.TextMarshaler.
func (i Init) MarshalText() ([]byte, error) {
	if i < 0 || i >= numInits {
		return nil, fmt.Errorf("nets: invalid init %d: %w", int(i), check.ErrParam)
	}
	return []byte(i.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (i *Init) UnmarshalText(b []byte) error {
	v, err := ParseInit(string(b))
	if err == nil {
		*i = v
	}
	return err
}

// Defaults that New (and Net.Config) apply to the zero fields of a Config.
const (
	DefaultAdamLR     = 4e-4 // Adam learning rate of the reference network
	DefaultSGDLR      = 0.01 // SGD learning rate
	DefaultBatch      = 512  // mini-batch size of the reference network (IDNNs)
	DefaultEpochs     = 8000 // epochs of the reference training
	DefaultBeta1      = 0.9
	DefaultBeta2      = 0.999
	DefaultEps        = 1e-8
	DefaultLeakySlope = 0.01
)

// Config describes a fully connected network and its training. The zero
// value of every scalar field means its default (listed per field), so
// Config{Layers: []int{10, 7, 5, 4, 3}} is the 12-bit reference network
// (tanh, softmax + cross-entropy, truncated-normal init, Adam lr 4e-4, batch
// 512, 8000 epochs). Negative values are errors.
type Config struct {
	Layers     []int      // hidden layer widths, input side first; empty = no hidden layer
	Activation Activation // hidden activation (default Tanh)
	Output     Output     // output layer and loss (default Softmax)
	Optimizer  Optimizer  // update rule (default Adam)
	Init       Init       // weight initialisation (default TruncNormal)

	LR       float64 // learning rate (default 4e-4 for Adam, 0.01 for SGD)
	Momentum float64 // SGD momentum μ ∈ [0, 1) (default 0: plain SGD)
	Beta1    float64 // Adam β1 ∈ (0, 1) (default 0.9)
	Beta2    float64 // Adam β2 ∈ (0, 1) (default 0.999)
	Eps      float64 // Adam ε > 0 (default 1e-8)
	L2       float64 // weight decay λ ≥ 0: adds (λ/2)·Σ W² over weights (not biases) to the loss (default 0)

	LeakySlope float64 // LeakyReLU slope s ∈ (0, 1) (default 0.01)

	Batch  int    // mini-batch size (default 512; a batch larger than the train set means full batch)
	Epochs int    // epochs per Train call (default 8000)
	Seed   uint64 // seeds the initialisation and the per-epoch shuffles

	// NoShuffle keeps the train rows in data order in every epoch instead of
	// reshuffling them with the seeded generator.
	NoShuffle bool
	// Workers is the goroutine budget of the large matrix products (0 =
	// GOMAXPROCS). Products below about 64k multiply-adds always run on the
	// calling goroutine. Results are bit-identical for any value.
	Workers int
}

// Reference returns the configuration of the 12-bit reference network of
// Shwartz-Ziv & Tishby (IDNNs): hidden layers 10-7-5-4-3 with tanh, softmax
// output with cross-entropy, truncated normal init with σ = 1/√fan_in and
// zero biases, Adam lr 4e-4, batch 512, 8000 epochs, with the given seed.
func Reference(seed uint64) Config {
	return Config{
		Layers: []int{10, 7, 5, 4, 3}, Activation: Tanh, Output: Softmax, Optimizer: Adam, Init: TruncNormal,
		LR: DefaultAdamLR, Batch: DefaultBatch, Epochs: DefaultEpochs, Seed: seed,
	}
}

// withDefaults validates c and returns it with defaults filled in.
func (c Config) withDefaults() (Config, error) {
	bad := func(name string, v any, want string) error {
		return fmt.Errorf("nets: config %s = %v, need %s: %w", name, v, want, check.ErrParam)
	}
	for i, w := range c.Layers {
		if w < 1 {
			return c, bad(fmt.Sprintf("Layers[%d]", i), w, "≥ 1")
		}
	}
	c.Layers = append([]int(nil), c.Layers...)
	if c.Activation < 0 || c.Activation >= numActivations {
		return c, bad("Activation", int(c.Activation), "a defined Activation")
	}
	if c.Output < 0 || c.Output >= numOutputs {
		return c, bad("Output", int(c.Output), "Softmax or MSE")
	}
	if c.Optimizer < 0 || c.Optimizer >= numOptimizers {
		return c, bad("Optimizer", int(c.Optimizer), "Adam or SGD")
	}
	if c.Init < 0 || c.Init >= numInits {
		return c, bad("Init", int(c.Init), "TruncNormal, Xavier or He")
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for _, f := range []struct {
		name string
		v    float64
		ok   bool
		want string
	}{
		{"LR", c.LR, finite(c.LR) && c.LR >= 0, "a finite value > 0 (0 = default)"},
		{"Momentum", c.Momentum, c.Momentum >= 0 && c.Momentum < 1, "0 ≤ μ < 1"},
		{"Beta1", c.Beta1, c.Beta1 >= 0 && c.Beta1 < 1, "0 < β1 < 1 (0 = default)"},
		{"Beta2", c.Beta2, c.Beta2 >= 0 && c.Beta2 < 1, "0 < β2 < 1 (0 = default)"},
		{"Eps", c.Eps, finite(c.Eps) && c.Eps >= 0, "a finite value > 0 (0 = default)"},
		{"L2", c.L2, finite(c.L2) && c.L2 >= 0, "a finite value ≥ 0"},
		{"LeakySlope", c.LeakySlope, c.LeakySlope >= 0 && c.LeakySlope < 1, "0 < s < 1 (0 = default)"},
	} {
		if !f.ok {
			return c, bad(f.name, f.v, f.want)
		}
	}
	if c.Batch < 0 {
		return c, bad("Batch", c.Batch, "≥ 1 (0 = default)")
	}
	if c.Epochs < 0 {
		return c, bad("Epochs", c.Epochs, "≥ 1 (0 = default)")
	}
	if c.Workers < 0 {
		return c, bad("Workers", c.Workers, "≥ 0")
	}
	if c.LR == 0 {
		c.LR = DefaultAdamLR
		if c.Optimizer == SGD {
			c.LR = DefaultSGDLR
		}
	}
	if c.Beta1 == 0 {
		c.Beta1 = DefaultBeta1
	}
	if c.Beta2 == 0 {
		c.Beta2 = DefaultBeta2
	}
	if c.Eps == 0 {
		c.Eps = DefaultEps
	}
	if c.LeakySlope == 0 {
		c.LeakySlope = DefaultLeakySlope
	}
	if c.Batch == 0 {
		c.Batch = DefaultBatch
	}
	if c.Epochs == 0 {
		c.Epochs = DefaultEpochs
	}
	return c, nil
}
