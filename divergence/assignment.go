package divergence

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/parallel"
)

// maxExactPoints bounds the size of the dense assignment problem (n² float64
// costs: 8000 points are 512 MB).
const maxExactPoints = 8000

// maxAutoTransportCells bounds n·m when WExact falls back to the cubic
// min-cost-flow solver for unequal sizes.
const maxAutoTransportCells = 500_000

// WExact returns the exact p-Wasserstein distance W_p (order ≥ 1) between
// two point clouds P (n×d) and Q (m×d) with uniform weights and Euclidean
// ground distance, in the units of the data:
//
//	W_p = ( min_π Σ_ij π_ij ‖p_i − q_j‖^p )^(1/p)
//
// For n = m the optimal plan is a permutation (Birkhoff), found by the
// shortest-augmenting-path algorithm of Jonker & Volgenant (1987). Its own
// initialisation (column reduction, reduction transfer, augmenting row
// reduction) leaves most rows free when one cloud is shifted or scaled
// relative to the other, and the augmentation then costs O(n³) (9 s at
// n = 2000); from n = 64 the start is instead an ε-scaling auction (Bertsekas)
// whose prices become JV's column duals, after which only ~15 % of the rows
// need Dijkstra augmentation. The result is the exact optimum either way
// (the auction only supplies a feasible dual start). O(n³) worst case,
// O(n²) memory for the dense cost matrix; n = 2000 in 2-D takes well under a
// second of CPU.
//
// For n ≠ m with L = lcm(n, m) ≤ 8000, each point of P is replicated L/n
// times and each point of Q L/m times, which turns the uniform transport
// problem into an exact L×L assignment; otherwise, if n·m ≤ 5·10⁵, the
// min-cost-flow solver of WExactWeighted is used (seconds to tens of
// seconds at that size). Larger unequal problems
// return itlab.ErrParam (use Sinkhorn or Sliced).
func WExact(p, q mat.Matrix, order float64) (float64, error) {
	n, m, d, err := checkClouds(p, q)
	if err != nil {
		return 0, err
	}
	if !(order >= 1) || math.IsInf(order, 0) {
		return 0, fmt.Errorf("divergence: Wasserstein order %v, need a finite p ≥ 1: %w", order, check.ErrParam)
	}
	l := n / gcd(n, m) * m
	if l > maxExactPoints {
		if n*m <= maxAutoTransportCells {
			return WExactWeighted(p, q, nil, nil, order)
		}
		return 0, fmt.Errorf("divergence: exact transport between %d and %d points needs a %d×%d assignment (limit %d) or %d transport cells (limit %d for the cubic flow solver); use the sinkhorn or sliced estimator: %w", n, m, l, l, maxExactPoints, n*m, maxAutoTransportCells, check.ErrParam)
	}
	ps, qs := rowsOf(p), rowsOf(q)
	rp, rq := l/n, l/m
	cost := make([]float64, l*l)
	parallel.Blocks(l, 64, 0, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			a := ps[(i/rp)*d : (i/rp+1)*d]
			row := cost[i*l : (i+1)*l]
			for j := range row {
				row[j] = groundCost(a, qs[(j/rq)*d:(j/rq+1)*d], order)
			}
		}
	})
	for _, c := range cost {
		if math.IsInf(c, 0) {
			return 0, fmt.Errorf("divergence: a ground cost overflows float64 (coordinates too large; rescale the data): %w", check.ErrParam)
		}
	}
	rowsol, err := lapjv(cost, l)
	if err != nil {
		return 0, err
	}
	var s float64
	for i, j := range rowsol {
		s += cost[i*l+j]
	}
	return math.Pow(math.Max(s/float64(l), 0), 1/order), nil
}

// groundCost returns ‖a − b‖^p.
func groundCost(a, b []float64, p float64) float64 {
	var s float64
	for k := range a {
		t := a[k] - b[k]
		s += t * t
	}
	switch p {
	case 2:
		return s
	case 1:
		return math.Sqrt(s)
	}
	return math.Pow(s, p/2)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// lapjv solves the dense n×n linear assignment problem min Σ_i cost[i, x_i]
// (row-major cost) and returns x (row → column). Jonker & Volgenant,
// "A shortest augmenting path algorithm for dense and sparse linear
// assignment problems", Computing 38 (1987), following the structure of
// their published code.
func lapjv(cost []float64, n int) ([]int, error) {
	return lapjvInit(cost, n, n >= auctionMin)
}

// auctionMin is the size from which the auction initialisation replaces
// JV's column reduction and augmenting row reduction.
const auctionMin = 64

func lapjvInit(cost []float64, n int, auction bool) ([]int, error) {
	if n == 1 {
		return []int{0}, nil
	}
	if auction {
		rowsol, colsol, v := auctionStart(cost, n)
		return jvAugment(cost, n, rowsol, colsol, v)
	}
	rowsol := make([]int, n)
	colsol := make([]int, n)
	v := make([]float64, n)
	free := make([]int, n)
	matches := make([]int, n)
	for i := range rowsol {
		rowsol[i] = -1
	}
	// Column reduction.
	for j := n - 1; j >= 0; j-- {
		mn, imin := cost[j], 0
		for i := 1; i < n; i++ {
			if c := cost[i*n+j]; c < mn {
				mn, imin = c, i
			}
		}
		v[j] = mn
		matches[imin]++
		if matches[imin] == 1 {
			rowsol[imin] = j
			colsol[j] = imin
		} else if v[j] < v[rowsol[imin]] {
			j1 := rowsol[imin]
			rowsol[imin] = j
			colsol[j] = imin
			colsol[j1] = -1
		} else {
			colsol[j] = -1
		}
	}
	// Reduction transfer.
	numfree := 0
	for i := 0; i < n; i++ {
		switch matches[i] {
		case 0:
			free[numfree] = i
			numfree++
		case 1:
			j1 := rowsol[i]
			mn := math.Inf(1)
			row := cost[i*n : (i+1)*n]
			for j, c := range row {
				if j != j1 {
					if h := c - v[j]; h < mn {
						mn = h
					}
				}
			}
			v[j1] -= mn
		}
	}
	// Augmenting row reduction, two rounds, with a step cap against
	// cycling on floating-point near-ties.
	for loop := 0; loop < 2 && numfree > 0; loop++ {
		k, prv := 0, numfree
		numfree = 0
		steps := 0
		for k < prv {
			if steps > 8*n {
				for k < prv {
					free[numfree] = free[k]
					numfree++
					k++
				}
				break
			}
			steps++
			i := free[k]
			k++
			row := cost[i*n : (i+1)*n]
			umin, usub := row[0]-v[0], math.Inf(1)
			j1, j2 := 0, -1
			for j := 1; j < n; j++ {
				h := row[j] - v[j]
				if h < usub {
					if h >= umin {
						usub, j2 = h, j
					} else {
						usub, umin = umin, h
						j2, j1 = j1, j
					}
				}
			}
			i0 := colsol[j1]
			if umin < usub {
				v[j1] -= usub - umin
			} else if i0 >= 0 {
				j1 = j2
				i0 = colsol[j2]
			}
			if rowsol[i] >= 0 && colsol[rowsol[i]] == i {
				colsol[rowsol[i]] = -1
			}
			rowsol[i] = j1
			colsol[j1] = i
			if i0 >= 0 {
				rowsol[i0] = -1
				if umin < usub {
					k--
					free[k] = i0
				} else {
					free[numfree] = i0
					numfree++
				}
			}
		}
	}
	return jvAugment(cost, n, rowsol, colsol, v)
}

// jvAugment completes a partial assignment by JV's shortest augmenting
// paths. On entry every assigned row i must be tight: its column x has the
// least reduced cost c_ix − v_x of the row. Free rows have rowsol −1 and free
// columns colsol −1.
func jvAugment(cost []float64, n int, rowsol, colsol []int, v []float64) ([]int, error) {
	free := make([]int, 0, n)
	for i, j := range rowsol {
		if j < 0 {
			free = append(free, i)
		}
	}
	numfree := len(free)
	d := make([]float64, n)
	pred := make([]int, n)
	collist := make([]int, n)
	for f := 0; f < numfree; f++ {
		freerow := free[f]
		row := cost[freerow*n : (freerow+1)*n]
		for j := 0; j < n; j++ {
			d[j] = row[j] - v[j]
			pred[j] = freerow
			collist[j] = j
		}
		low, up, last := 0, 0, 0
		endofpath := -1
		var mn float64
		for endofpath < 0 {
			if up == low {
				last = low - 1
				mn = d[collist[up]]
				up++
				for k := up; k < n; k++ {
					j := collist[k]
					h := d[j]
					if h <= mn {
						if h < mn {
							up = low
							mn = h
						}
						collist[k] = collist[up]
						collist[up] = j
						up++
					}
				}
				for k := low; k < up; k++ {
					if colsol[collist[k]] < 0 {
						endofpath = collist[k]
						break
					}
				}
			}
			if endofpath < 0 {
				j1 := collist[low]
				low++
				i := colsol[j1]
				ri := cost[i*n : (i+1)*n]
				h := ri[j1] - v[j1] - mn
				for k := up; k < n; k++ {
					j := collist[k]
					v2 := ri[j] - v[j] - h
					if v2 < d[j] {
						pred[j] = i
						if v2 == mn {
							if colsol[j] < 0 {
								endofpath = j
								break
							}
							collist[k] = collist[up]
							collist[up] = j
							up++
						}
						d[j] = v2
					}
				}
			}
			if low > n {
				return nil, fmt.Errorf("divergence: assignment augmentation failed: %w", check.ErrNoConvergence)
			}
		}
		for k := 0; k <= last; k++ {
			j1 := collist[k]
			v[j1] += d[j1] - mn
		}
		for {
			i := pred[endofpath]
			colsol[endofpath] = i
			j1 := endofpath
			endofpath = rowsol[i]
			rowsol[i] = j1
			if i == freerow {
				break
			}
		}
	}
	for i, j := range rowsol {
		if j < 0 {
			return nil, fmt.Errorf("divergence: assignment left row %d unassigned: %w", i, check.ErrNoConvergence)
		}
	}
	return rowsol, nil
}

// auctionStart finds near-optimal column prices by the ε-scaling auction
// algorithm (Bertsekas 1988; Bertsekas & Castañon 1992) and turns them into
// a valid starting point for jvAugment: v_j = −price_j, each assigned column
// is shifted so its row is tight, and rows that are still not exactly tight
// are freed. On geometric costs this leaves few free rows, where JV's own
// column reduction leaves most rows free when the clouds are shifted or
// scaled relative to each other (O(n³) augmentation).
func auctionStart(cost []float64, n int) (rowsol, colsol []int, v []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cost {
		lo = math.Min(lo, c)
		hi = math.Max(hi, c)
	}
	rng := hi - lo
	rowsol = make([]int, n)
	colsol = make([]int, n)
	price := make([]float64, n)
	queue := make([]int, 0, n)
	if rng > 0 {
		epsFinal := rng * 1e-5 / float64(n)
		// Bound the work: a phase may not take more than 64·n bids; if one
		// does, the remaining rows are left for JV.
		for eps := rng / 8; ; eps /= 6 {
			last := eps <= epsFinal
			if last {
				eps = epsFinal
			}
			for i := range rowsol {
				rowsol[i] = -1
				colsol[i] = -1
			}
			queue = queue[:0]
			for i := n - 1; i >= 0; i-- {
				queue = append(queue, i)
			}
			for bids := 0; len(queue) > 0 && bids < 64*n; bids++ {
				i := queue[len(queue)-1]
				queue = queue[:len(queue)-1]
				row := cost[i*n : (i+1)*n]
				b1, b2, j1 := math.Inf(1), math.Inf(1), -1
				for j, c := range row {
					h := c + price[j]
					if h < b2 {
						if h < b1 {
							b2, b1, j1 = b1, h, j
						} else {
							b2 = h
						}
					}
				}
				price[j1] += b2 - b1 + eps
				if k := colsol[j1]; k >= 0 {
					rowsol[k] = -1
					queue = append(queue, k)
				}
				colsol[j1] = i
				rowsol[i] = j1
			}
			if last {
				break
			}
		}
	}
	v = make([]float64, n)
	for j := range v {
		v[j] = -price[j]
	}
	// Make assigned rows tight: raise v of each assigned column by its row's
	// slack, then free every row that is still not exactly at its minimum.
	for i, x := range rowsol {
		if x < 0 {
			continue
		}
		row := cost[i*n : (i+1)*n]
		u := math.Inf(1)
		for j, c := range row {
			if r := c - v[j]; r < u { // not math.Min: slow in an O(n²) loop
				u = r
			}
		}
		v[x] += (row[x] - v[x]) - u
	}
	for i, x := range rowsol {
		if x < 0 {
			continue
		}
		row := cost[i*n : (i+1)*n]
		rx := row[x] - v[x]
		for j, c := range row {
			if c-v[j] < rx {
				rowsol[i] = -1
				colsol[x] = -1
				break
			}
		}
	}
	return rowsol, colsol, v
}

// checkClouds validates two point clouds: non-empty, same dimension, finite.
func checkClouds(p, q mat.Matrix) (n, m, d int, err error) {
	if err = check.ScaledSamples("p", p, 1); err != nil {
		return
	}
	if err = check.ScaledSamples("q", q, 1); err != nil {
		return
	}
	if err = check.SameCols("p", p, "q", q); err != nil {
		return
	}
	n, d = p.Dims()
	m, _ = q.Dims()
	return
}

// rowsOf returns the row-major data of x (no copy when x is a compact Dense).
func rowsOf(x mat.Matrix) []float64 {
	n, d := x.Dims()
	if rm, ok := x.(mat.RawMatrixer); ok {
		raw := rm.RawMatrix()
		if raw.Stride == d {
			return raw.Data[:n*d]
		}
		out := make([]float64, n*d)
		for i := 0; i < n; i++ {
			copy(out[i*d:(i+1)*d], raw.Data[i*raw.Stride:i*raw.Stride+d])
		}
		return out
	}
	out := make([]float64, n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			out[i*d+j] = x.At(i, j)
		}
	}
	return out
}
