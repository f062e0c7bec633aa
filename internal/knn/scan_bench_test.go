package knn

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSplitScan measures the exhaustive scan (5+5 dims, n = 10⁴) for a
// group of 4 queries: the k-NN pass, the count pass and both, against the
// scalar brute force of Brute.KNN on the joint points (4 queries) and the
// one-query-at-a-time pass of the first version (scan1, in Go here);
// ns/op is per group of 4 queries.
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
	dist := make([]float64, 3*ScanGroup)
	spatial := false
	order := Build(joint, n, 10, Max, 0, 1).Order()
	group := func(i int) [ScanGroup]int {
		i = (i * ScanGroup) % (n - ScanGroup)
		if spatial {
			return [ScanGroup]int{int(order[i]), int(order[i+1]), int(order[i+2]), int(order[i+3])}
		}
		return [ScanGroup]int{i, i + 1, i + 2, i + 3}
	}
	b.Run("knn4-spatial", func(b *testing.B) {
		spatial = true
		defer func() { spatial = false }()
		sc := s.NewScanner()
		i := 0
		for b.Loop() {
			sc.KNN4(group(i), 3, dist, nil)
			i++
		}
	})
	b.Run("knn4", func(b *testing.B) {
		sc := s.NewScanner()
		i := 0
		for b.Loop() {
			sc.KNN4(group(i), 3, dist, nil)
			i++
		}
	})
	b.Run("count4", func(b *testing.B) {
		sc := s.NewScanner()
		r := [ScanGroup]float64{0.8, 0.8, 0.8, 0.8}
		i := 0
		for b.Loop() {
			sc.Count4(group(i), r, r, false)
			i++
		}
	})
	b.Run("knn4+count4", func(b *testing.B) {
		sc := s.NewScanner()
		i := 0
		for b.Loop() {
			q := group(i)
			sc.KNN4(q, 3, dist, nil)
			r := [ScanGroup]float64{dist[2], dist[5], dist[8], dist[11]}
			sc.Count4(q, r, r, false)
			i++
		}
	})
	b.Run("brute-knn", func(b *testing.B) {
		br := NewBrute(joint, n, 10, Max)
		i := 0
		for b.Loop() {
			for _, r := range group(i) {
				br.KNN(joint[r*10:r*10+10], r, dist[:3], nil)
			}
			i++
		}
	})
}
