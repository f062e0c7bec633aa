package divergence

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

// Sliced estimates the sliced p-Wasserstein distance (Rabin et al. 2011;
// Bonneel et al. 2015)
//
//	SW_p(P, Q) = ( E_θ [ W_p^p(θᵀP, θᵀQ) ] )^(1/p),   θ uniform on S^(d−1)
//
// by Monte Carlo over Projections random directions drawn from Seed (zero
// values: 50 projections, as POT, and seed 0). Each 1-D problem is solved
// exactly by sorting (W1D), so the cost is O(L·(n + m)·(d + 1)) for L
// projections, with no n×m matrix: the tool for high dimension. SW_p ≤ W_p;
// it is a different distance, not an estimate of W_p. Directions are drawn
// per projection index, so the result does not depend on GOMAXPROCS.
type Sliced struct {
	Projections int    // random directions L (0 means 50)
	Seed        uint64 // seeds the directions
}

// W returns SW_p between the rows of p and q, in the units of the data.
func (s Sliced) W(p, q mat.Matrix, order float64) (float64, error) {
	n, m, d, err := checkClouds(p, q)
	if err != nil {
		return 0, err
	}
	if !(order >= 1) || math.IsInf(order, 0) {
		return 0, fmt.Errorf("divergence: Wasserstein order %v, need a finite p ≥ 1: %w", order, check.ErrParam)
	}
	L := s.Projections
	if L < 0 {
		return 0, fmt.Errorf("divergence: %d projections: %w", L, check.ErrParam)
	}
	if L == 0 {
		L = 50
	}
	ps, qs := rowsOf(p), rowsOf(q)
	vals := make([]float64, L)
	parallel.Blocks(L, 1, 0, func(l, _, _ int) {
		rng := rand.New(rand.NewPCG(s.Seed, uint64(l)))
		theta := make([]float64, d)
		var nrm float64
		for nrm == 0 {
			nrm = 0
			for k := range theta {
				theta[k] = rng.NormFloat64()
				nrm += theta[k] * theta[k]
			}
		}
		nrm = math.Sqrt(nrm)
		for k := range theta {
			theta[k] /= nrm
		}
		u := project(ps, n, d, theta)
		v := project(qs, m, d, theta)
		radixSort(u, nil)
		radixSort(v, nil)
		vals[l] = sortedCost(u, v, nil, nil, order)
	})
	var sum float64
	for _, v := range vals {
		sum += v
	}
	return math.Pow(sum/float64(L), 1/order), nil
}

func project(x []float64, n, d int, theta []float64) []float64 {
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		row := x[i*d : (i+1)*d]
		var s float64
		for k, t := range theta {
			s += row[k] * t
		}
		out[i] = s
	}
	return out
}
