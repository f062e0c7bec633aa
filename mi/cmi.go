package mi

import (
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/knn"
	"github.com/itlab/itlab/internal/parallel"
	"github.com/itlab/itlab/internal/special"
)

// CMI is the conditional mutual information estimator of Frenzel & Pompe
// (2007), "Partial mutual information for coupling analysis of multivariate
// time series", Phys. Rev. Lett. 99, 204101 — KSG algorithm 1 carried over to
// I(X;Y|Z):
//
//	I(X;Y|Z) = ψ(K) − ⟨ψ(n_xz+1) + ψ(n_yz+1) − ψ(n_z+1)⟩,
//
// where ε_i is the max-norm distance from sample i to its K-th neighbour in
// the joint (x,y,z) space and n_xz, n_yz, n_z count the other samples
// strictly within ε_i in the (x,z), (y,z) and z subspaces. Result in nats,
// not clamped. Preprocessing (standardisation, seeded jitter) is as for KSG.
type CMI struct {
	// K is the number of neighbours (0 → 3).
	K int
	// Noise is the relative jitter (0 → 1e-8; negative → none).
	Noise float64
	// Seed seeds the jitter.
	Seed uint64
	// NoStandardize keeps the columns' own scales.
	NoStandardize bool
	// Workers bounds the goroutines (0 → GOMAXPROCS).
	Workers int
}

// CMI estimates I(X;Y|Z) in nats from x (n×dx), y (n×dy) and z (n×dz), rows
// paired. Cost O(N log N) in low dimension.
func (e CMI) CMI(xm, ym, zm mat.Matrix) (float64, error) {
	k, err := knnK(e.K)
	if err != nil {
		return 0, err
	}
	noise, err := knnNoiseLevel(e.Noise)
	if err != nil {
		return 0, err
	}
	x, n, dx, err := knnFlatten("x", xm, e.NoStandardize)
	if err != nil {
		return 0, err
	}
	y, ny, dy, err := knnFlatten("y", ym, e.NoStandardize)
	if err != nil {
		return 0, err
	}
	z, nz, dz, err := knnFlatten("z", zm, e.NoStandardize)
	if err != nil {
		return 0, err
	}
	if ny != n || nz != n {
		return 0, fmt.Errorf("x, y and z have %d, %d and %d rows: %w", n, ny, nz, check.ErrShape)
	}
	if err := check.K(k, n); err != nil {
		return 0, err
	}
	var sx, sy, sz []float64
	if e.NoStandardize {
		sx, sy, sz = knnColumnSD(x, n, dx), knnColumnSD(y, n, dy), knnColumnSD(z, n, dz)
	} else {
		knnStandardize(x, n, dx)
		knnStandardize(y, n, dy)
		knnStandardize(z, n, dz)
	}
	knnJitter(noise, e.Seed, knnArray{x, n, dx, sx}, knnArray{y, n, dy, sy}, knnArray{z, n, dz, sz})
	w := parallel.Workers(e.Workers)

	cat := func(parts ...knnArray) ([]float64, int) {
		d := 0
		for _, p := range parts {
			d += p.d
		}
		out := make([]float64, n*d)
		for i := 0; i < n; i++ {
			o := i * d
			for _, p := range parts {
				copy(out[o:o+p.d], p.v[i*p.d:i*p.d+p.d])
				o += p.d
			}
		}
		return out, d
	}
	ax, ay, az := knnArray{v: x, n: n, d: dx}, knnArray{v: y, n: n, d: dy}, knnArray{v: z, n: n, d: dz}
	xz, dxz := cat(ax, az)
	yz, dyz := cat(ay, az)
	xyz, dxyz := cat(ax, ay, az)
	var cxz, cyz, cz knn.SelfCounter
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		cxz = knnCounter(xz, n, dxz, w)
		cyz = knnCounter(yz, n, dyz, w)
	}()
	cz = knnCounter(z, n, dz, w)
	search := knn.NewAllSearcherInPlace(xyz, n, dxyz, knn.Max, w)
	wg.Wait()

	// radii first, then each space's counts in its own structure's order
	eps := make([]float64, n)
	search.EachKNN(k, false, knnBlock, w, func(_, i int, dist []float64, _ []int32) {
		eps[i] = dist[k-1]
	})
	nxz, nyz, nzz := make([]int32, n), make([]int32, n), make([]int32, n)
	wg.Add(1)
	go func() {
		defer wg.Done()
		cxz.CountSelf(eps, false, nxz, w)
	}()
	cyz.CountSelf(eps, false, nyz, w)
	cz.CountSelf(eps, false, nzz, w)
	wg.Wait()
	parts := make([]float64, parallel.NumBlocks(n, knnBlock))
	parallel.Blocks(n, knnBlock, w, func(b, lo, hi int) {
		var sum float64
		for i := lo; i < hi; i++ {
			a, c, e := int(nxz[i]), int(nyz[i]), int(nzz[i])
			if eps[i] > 0 { // the sample itself is within eps of itself
				a--
				c--
				e--
			}
			sum += special.DigammaInt(a+1) + special.DigammaInt(c+1) - special.DigammaInt(e+1)
		}
		parts[b] = sum
	})
	return special.DigammaInt(k) - knnSum(parts)/float64(n), nil
}
