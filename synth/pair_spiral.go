package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// Spiral is the "spiral" diffeomorphism of ℝ^d used by the bmi benchmark
// (transforms/rotate.py): x ↦ exp(θ(x)·A)·x, where A is the canonical so(d)
// generator of the (I, J) coordinate plane (A_IJ = 1, A_JI = −1) and the
// angle θ(x) = Speed·‖x‖² grows with the squared norm. Each point is rotated
// in the (I, J) plane:
//
//	x_I ← cos θ·x_I + sin θ·x_J,   x_J ← −sin θ·x_I + cos θ·x_J.
//
// The norm is preserved, so the inverse rotates by −θ(x): the map is a
// smooth bijection with a smooth inverse and leaves MI unchanged. Unlike the
// marginal maps it mixes coordinates.
type Spiral struct {
	I, J  int     // the coordinate plane of the rotation (0-based)
	Speed float64 // θ(x) = Speed·‖x‖², in radians
}

// Apply maps the row x in place.
func (s Spiral) Apply(x []float64) {
	r := 0.0
	for _, v := range x {
		r += v * v
	}
	sn, cs := math.Sincos(s.Speed * r)
	a, b := x[s.I], x[s.J]
	x[s.I] = cs*a + sn*b
	x[s.J] = -sn*a + cs*b
}

// Invert undoes Apply on the row y in place.
func (s Spiral) Invert(y []float64) {
	Spiral{I: s.I, J: s.J, Speed: -s.Speed}.Apply(y) // ‖y‖ = ‖x‖, so θ is the same
}

// Spiraled is a base pair with a Spiral applied to every row of X and of Y.
type Spiraled struct {
	name   string
	Base   Pair   // the pair whose MI is kept
	SX, SY Spiral // the spirals applied to the rows of X and of Y
}

// NewSpiraled returns the bmi "spiral" task built on base: X is rotated in
// its (0, 1) plane and Y in its (1, 2) plane, at speeds speed/dx and speed/dy
// (bmi's normalize_speed; bmi's default speed is 1). It needs dx ≥ 2 and
// dy ≥ 3. The MI is the base's.
func NewSpiraled(base Pair, speed float64) (*Spiraled, error) {
	dx, dy := base.Dims()
	if dx < 2 || dy < 3 {
		return nil, fmt.Errorf("synth: spiral needs dx ≥ 2 and dy ≥ 3, got %d×%d: %w", dx, dy, check.ErrParam)
	}
	if math.IsNaN(speed) || math.IsInf(speed, 0) {
		return nil, fmt.Errorf("synth: spiral speed %v: %w", speed, check.ErrParam)
	}
	return &Spiraled{
		name: "spiral-" + base.Name(),
		Base: base,
		SX:   Spiral{I: 0, J: 1, Speed: speed / float64(dx)},
		SY:   Spiral{I: 1, J: 2, Speed: speed / float64(dy)},
	}, nil
}

// Name implements Pair.
func (s *Spiraled) Name() string { return s.name }

// Dims implements Pair.
func (s *Spiraled) Dims() (dx, dy int) { return s.Base.Dims() }

// MI returns the base pair's MI.
func (s *Spiraled) MI() float64 { return s.Base.MI() }

// Sample draws from the base with rng and applies the spirals.
func (s *Spiraled) Sample(n int, rng *rand.Rand) (x, y *mat.Dense) {
	x, y = s.Base.Sample(n, rng)
	for i := 0; i < n; i++ {
		s.SX.Apply(x.RawRowView(i))
		s.SY.Apply(y.RawRowView(i))
	}
	return x, y
}
