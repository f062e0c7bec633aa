package inductivebias_test

import (
	"fmt"

	"github.com/itlab/itlab/inductivebias"
)

// The task difficulty of MNIST from the parameters of Boopathy et al. (2023).
func ExampleTaskDifficulty() {
	d, err := inductivebias.TaskDifficulty(inductivebias.TaskParams{
		Epsilon: 0.001, N: 60000, M: 14, R: 17.179045827183984,
		Classes: 10, Delta: 2.3987084824335305, D: 9, B: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4e bits (log10 %.3f)\n", d.Bits, d.Log10)
	// Output: 1.4848e+16 bits (log10 16.172)
}

// Inductive bias from sampled test losses: hypotheses f = μ + σξ scored by
// MSE, whose loss law is exactly a scaled non-central χ²; the estimate is
// compared with the exact −log₂ P(loss ≤ ε).
func ExampleFromLosses() {
	space := inductivebias.Isotropic{
		Mean:   []float64{0.3, 0, 0.6, 0.3, 0, 0.6, 0.3, 0},
		Target: []float64{0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1},
		Sigma:  0.5,
	}
	losses, err := space.Losses(inductivebias.Data{}, 4000, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	eps := 0.05
	r, err := inductivebias.FromLosses(losses, eps, inductivebias.Options{Bootstrap: -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	exact := -space.Exact().LogCDF(eps) / 0.6931471805599453
	fmt.Printf("estimate within 15%% of the exact %.1f bits: %v\n", exact, r.Bits > 0.85*exact && r.Bits < 1.15*exact)
	// Output: estimate within 15% of the exact 8.4 bits: true
}
