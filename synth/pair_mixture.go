package synth

import (
	"fmt"
	"math"

	"github.com/itlab/itlab/internal/check"
)

// GaussianMixtureMap returns the strictly increasing map t ↦ F⁻¹(Φ(t)),
// where Φ is the standard normal CDF and F the CDF of the 1-D Gaussian
// mixture Σ_k w_k·N(μ_k, σ_k²): a standard normal coordinate becomes a
// mixture-distributed one (bmi's "bimodal" tasks use 0.3·N(0,1) + 0.7·N(5,1)
// for X and 0.5·N(−1,1) + 0.5·N(3,1) for Y). Being a composition of
// diffeomorphisms it leaves MI unchanged. Each evaluation solves F(y) = Φ(t)
// by safeguarded Newton steps (on the survival functions for t > 0, so the
// upper tail keeps its precision); about 10 iterations.
func GaussianMixtureMap(name string, w, mu, sigma []float64) (Map, error) {
	if len(w) == 0 || len(w) != len(mu) || len(w) != len(sigma) {
		return Map{}, fmt.Errorf("synth: mixture needs equal, non-zero numbers of weights, means and scales: %w", check.ErrParam)
	}
	tot := 0.0
	for k := range w {
		if !(w[k] > 0) || !(sigma[k] > 0) || math.IsInf(w[k], 0) || math.IsInf(sigma[k], 0) || math.IsNaN(mu[k]) || math.IsInf(mu[k], 0) {
			return Map{}, fmt.Errorf("synth: mixture component %d: w=%v μ=%v σ=%v: %w", k, w[k], mu[k], sigma[k], check.ErrParam)
		}
		tot += w[k]
	}
	ww := make([]float64, len(w))
	for k := range w {
		ww[k] = w[k] / tot
	}
	mu = append([]float64(nil), mu...)
	sigma = append([]float64(nil), sigma...)
	lo, hi := math.Inf(1), math.Inf(-1)
	for k := range mu {
		lo = math.Min(lo, mu[k]-40*sigma[k])
		hi = math.Max(hi, mu[k]+40*sigma[k])
	}
	// tail(y, upper) is F(y) (upper = false) or 1 − F(y) (upper = true).
	tail := func(y float64, upper bool) float64 {
		s := 0.0
		for k := range ww {
			z := (y - mu[k]) / sigma[k]
			if upper {
				s += ww[k] * 0.5 * math.Erfc(z/math.Sqrt2)
			} else {
				s += ww[k] * 0.5 * math.Erfc(-z/math.Sqrt2)
			}
		}
		return s
	}
	pdf := func(y float64) float64 {
		s := 0.0
		for k := range ww {
			z := (y - mu[k]) / sigma[k]
			s += ww[k] * math.Exp(-0.5*z*z) / (sigma[k] * math.Sqrt(2*math.Pi))
		}
		return s
	}
	f := func(t float64) float64 {
		upper := t > 0
		target := 0.5 * math.Erfc(math.Abs(t)/math.Sqrt2) // Φ(−|t|)
		// g(y) = tail(y) − target, increasing in y for the lower tail and
		// decreasing for the upper one.
		a, b := lo, hi
		y := 0.0
		for k := range ww {
			y += ww[k] * (mu[k] + t*sigma[k]) // a good start
		}
		for it := 0; it < 200; it++ {
			g := tail(y, upper) - target
			if g == 0 {
				return y
			}
			if (g > 0) != upper { // y too large
				b = y
			} else {
				a = y
			}
			d := pdf(y)
			next := y - g/d
			if upper {
				next = y + g/d
			}
			if !(next > a && next < b) || d == 0 {
				next = 0.5 * (a + b)
			}
			if math.Abs(next-y) <= 1e-15*math.Max(1, math.Abs(y)) || b-a <= 1e-15*math.Max(1, math.Abs(y)) {
				return next
			}
			y = next
		}
		return y
	}
	return Map{Name: name, F: f}, nil
}

// Bimodal returns bmi's "bimodal" 1×1 task: the bivariate normal with
// correlation rho (bmi: 0.75) whose X goes through the mixture map of
// 0.3·N(0,1) + 0.7·N(5,1) and Y through that of 0.5·N(−1,1) + 0.5·N(3,1).
// I = −½ log(1 − ρ²).
func Bimodal(rho float64) (*Transformed, error) {
	base, err := BivariateNormal(rho)
	if err != nil {
		return nil, err
	}
	fx, err := GaussianMixtureMap("bimodal", []float64{0.3, 0.7}, []float64{0, 5}, []float64{1, 1})
	if err != nil {
		return nil, err
	}
	fy, err := GaussianMixtureMap("bimodal", []float64{0.5, 0.5}, []float64{-1, 3}, []float64{1, 1})
	if err != nil {
		return nil, err
	}
	return Transform(base, fx, fy), nil
}

// ExtendedSuite returns Suite() followed by harder or slower bmi tasks that
// are not in Suite (whose cases other packages' tests pin): the bimodal 1×1
// task, the spiral of the sparse 3×3 and 5×5 Gaussians, Student-t 5×5 ν = 3,
// and the dense 25×25 Gaussian.
func ExtendedSuite() []Pair {
	must := func(p Pair, err error) Pair {
		if err != nil {
			panic(err)
		}
		return p
	}
	s3 := must(SparseNormal(3, 3, 2, 2))
	s5 := must(SparseNormal(5, 5, 2, 2))
	return append(Suite(),
		must(Bimodal(0.75)),
		must(NewSpiraled(s3, 1)),
		must(NewSpiraled(s5, 1)),
		must(NewStudentTPair(5, 5, 3, nil)),
		must(DenseNormal(25, 25, 0.5)),
	)
}
