package knn

import "math/rand/v2"

// Normals starts drawing count standard normal variates from the PCG
// generator (seed, stream) on another goroutine and returns a function that
// waits for them and returns them, in draw order. The k-NN estimators use it
// for their tie-breaking jitter, so that the serial generator overlaps with
// copying, checking and standardising the data; calling the result at once
// is the synchronous form. count ≤ 0 draws nothing (the result returns nil).
func Normals(seed, stream uint64, count int) (wait func() []float64) {
	if count <= 0 {
		return func() []float64 { return nil }
	}
	z := make([]float64, count)
	done := make(chan struct{})
	go func() {
		defer close(done)
		rng := rand.New(rand.NewPCG(seed, stream))
		for i := range z {
			z[i] = rng.NormFloat64()
		}
	}()
	return func() []float64 {
		<-done
		return z
	}
}
