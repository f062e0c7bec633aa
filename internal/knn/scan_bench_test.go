package knn

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSplitScan measures one exhaustive scan (5+5 dims, n = 10⁴): the
// AVX2 pass, the k-NN selection and both counts, against the scalar brute
// force of Brute.KNN on the joint points; ns/op is per query.
func BenchmarkSplitScan(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	n := 10000
	a := makeData(rng, n, 5, false)
	c := makeData(rng, n, 5, false)
	s := NewSplitScan(a, 5, c, 5, n, nil)
	joint := make([]float64, n*10)
	for i := 0; i < n; i++ {
		copy(joint[i*10:], a[i*5:i*5+5])
		copy(joint[i*10+5:], c[i*5:i*5+5])
	}
	dist := make([]float64, 3)
	b.Run("scan-only", func(b *testing.B) {
		sc := s.NewScanner()
		i := 0
		for b.Loop() {
			sc.scan(i % n)
			i++
		}
	})
	b.Run("scan+knn+counts", func(b *testing.B) {
		sc := s.NewScanner()
		i := 0
		for b.Loop() {
			sc.KNN(i%n, dist, nil)
			sc.CountA(dist[2], false)
			sc.CountB(dist[2], false)
			i++
		}
	})
	b.Run("pair-scan+knn+counts", func(b *testing.B) {
		// two queries per op: compare with 2× scan+knn+counts
		pc := s.NewPairScanner()
		i := 0
		for b.Loop() {
			pc.Scan(i%n, (i+1)%n)
			for g := 0; g < 2; g++ {
				pc.KNN(g, dist, nil)
				pc.CountAB(g, dist[2], dist[2], false)
			}
			i += 2
		}
	})
	b.Run("brute-knn", func(b *testing.B) {
		br := NewBrute(joint, n, 10, Max)
		i := 0
		for b.Loop() {
			br.KNN(joint[(i%n)*10:(i%n)*10+10], i%n, dist, nil)
			i++
		}
	})
}
