package entropy

import (
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
)

// gonumGaussianEntropy is the benchmark baseline: stat.CovarianceMatrix and
// distmv.Normal.Entropy.
func gonumGaussianEntropy(x *mat.Dense) float64 {
	_, d := x.Dims()
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, x, nil)
	nrm, ok := distmv.NewNormal(make([]float64, d), &cov, nil)
	if !ok {
		return 0
	}
	return nrm.Entropy()
}
