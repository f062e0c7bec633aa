package nets

import (
	"fmt"
	"math"
	"strings"

	"github.com/itlab/itlab/internal/check"
)

// Activation is the nonlinearity of the hidden layers. The zero value is
// Tanh, the activation of the 12-bit reference network. Its text form is the
// CLI name (tanh, relu, elu, softsign, softplus, sigmoid, leakyrelu, linear).
type Activation int

// The hidden-layer activations f(z), applied elementwise.
const (
	Tanh      Activation = iota // f(z) = tanh z, range (−1, 1)
	ReLU                        // f(z) = max(z, 0)
	ELU                         // f(z) = z for z > 0, e^z − 1 otherwise (α = 1)
	Softsign                    // f(z) = z / (1 + |z|), range (−1, 1)
	Softplus                    // f(z) = log(1 + e^z)
	Sigmoid                     // f(z) = 1 / (1 + e^−z), range (0, 1)
	LeakyReLU                   // f(z) = z for z > 0, s·z otherwise (s = Config.LeakySlope)
	Linear                      // f(z) = z
	numActivations
)

var activationNames = [numActivations]string{"tanh", "relu", "elu", "softsign", "softplus", "sigmoid", "leakyrelu", "linear"}

// ActivationNames lists the names ParseActivation accepts, in CLI order
// (the first is the default).
func ActivationNames() []string { return append([]string(nil), activationNames[:]...) }

// String returns the CLI name of a, or "Activation(n)" for an invalid value.
func (a Activation) String() string {
	if a >= 0 && a < numActivations {
		return activationNames[a]
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// ParseActivation returns the activation with the given CLI name
// (case-insensitive), or an ErrParam error naming the valid choices.
func ParseActivation(s string) (Activation, error) {
	for i, n := range activationNames {
		if strings.EqualFold(s, n) {
			return Activation(i), nil
		}
	}
	return 0, fmt.Errorf("nets: unknown activation %q (want one of %s): %w", s, strings.Join(activationNames[:], "|"), check.ErrParam)
}

// MarshalText implements encoding.TextMarshaler (JSON and flags use the CLI name).
func (a Activation) MarshalText() ([]byte, error) {
	if a < 0 || a >= numActivations {
		return nil, fmt.Errorf("nets: invalid activation %d: %w", int(a), check.ErrParam)
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Activation) UnmarshalText(b []byte) error {
	v, err := ParseActivation(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// apply overwrites z with f(z), elementwise. slope is the LeakyReLU slope.
func (a Activation) apply(z []float64, slope float64) {
	switch a {
	case Tanh:
		tanhSlice(z)
	case ReLU:
		for i, v := range z {
			if !(v > 0) {
				z[i] = 0
			}
		}
	case ELU:
		for i, v := range z {
			if v <= 0 {
				z[i] = math.Expm1(v)
			}
		}
	case Softsign:
		for i, v := range z {
			z[i] = v / (1 + math.Abs(v))
		}
	case Softplus:
		for i, v := range z {
			z[i] = softplus(v)
		}
	case Sigmoid:
		for i, v := range z {
			z[i] = sigmoid(v)
		}
	case LeakyReLU:
		for i, v := range z {
			if v <= 0 {
				z[i] = slope * v
			}
		}
	case Linear:
	}
}

// backprop multiplies d elementwise by f'(z), expressed through the output
// y = f(z) so that the pre-activations need not be kept:
//
//	tanh: 1 − y²    relu: [y > 0]    elu: 1 if y > 0 else y + 1
//	softsign: (1 − |y|)²    softplus: 1 − e^−y    sigmoid: y(1 − y)
//	leakyrelu: 1 if y > 0 else s    linear: 1
func (a Activation) backprop(d, y []float64, slope float64) {
	y = y[:len(d)]
	switch a {
	case Tanh:
		tanhBack(d, y)
	case ReLU:
		for i, v := range y {
			if !(v > 0) {
				d[i] = 0
			}
		}
	case ELU:
		for i, v := range y {
			if v <= 0 {
				d[i] *= v + 1
			}
		}
	case Softsign:
		for i, v := range y {
			s := 1 - math.Abs(v)
			d[i] *= s * s
		}
	case Softplus:
		for i, v := range y {
			d[i] *= -math.Expm1(-v)
		}
	case Sigmoid:
		for i, v := range y {
			d[i] *= v * (1 - v)
		}
	case LeakyReLU:
		// Config validation keeps 0 < s < 1, so y > 0 exactly when z > 0.
		for i, v := range y {
			if !(v > 0) {
				d[i] *= slope
			}
		}
	case Linear:
	}
}

// softplus returns log(1 + e^z) without overflow.
func softplus(z float64) float64 {
	return math.Max(z, 0) + math.Log1p(math.Exp(-math.Abs(z)))
}

// sigmoid returns 1/(1 + e^−z) without overflow.
func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
