package knn

// NewAllSearcher returns the structure that answers the all-points k-NN query
// fastest for n points in d dimensions: sorted values for d = 1 (max norm or
// Euclidean coincide), otherwise a kd-tree. pts (n×d row-major) is copied.
func NewAllSearcher(pts []float64, n, d int, norm Norm, workers int) AllSearcher {
	if d == 1 {
		return NewSorted(pts[:n])
	}
	return Build(pts, n, d, norm, 0, workers)
}

// NewAllSearcherInPlace is NewAllSearcher that may take ownership of pts
// (see BuildInPlace): the caller must not use pts afterwards.
func NewAllSearcherInPlace(pts []float64, n, d int, norm Norm, workers int) AllSearcher {
	if d == 1 {
		return NewSorted(pts[:n])
	}
	return BuildInPlace(pts, n, d, norm, 0, workers)
}
