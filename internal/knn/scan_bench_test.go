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
	b.Run("quad-scan+knn+counts", func(b *testing.B) {
		// four queries per op: compare with 2× pair-scan+knn+counts
		pc := s.NewPairScanner()
		i := 0
		for b.Loop() {
			pc.Scan4(i%n, (i+1)%n, (i+2)%n, (i+3)%n)
			for g := 0; g < 4; g++ {
				pc.KNN(g, dist, nil)
				pc.CountAB(g, dist[2], dist[2], false)
			}
			i += 4
		}
	})
	b.Run("quad-scan-only", func(b *testing.B) {
		pc := s.NewPairScanner()
		i := 0
		for b.Loop() {
			pc.Scan4(i%n, (i+1)%n, (i+2)%n, (i+3)%n)
			i += 4
		}
	})
	b.Run("pair-scan-only", func(b *testing.B) {
		// the distance pass alone of pair-scan+knn+counts (two queries per op)
		pc := s.NewPairScanner()
		i := 0
		for b.Loop() {
			pc.Scan(i%n, (i+1)%n)
			i += 2
		}
	})
	b.Run("pair-scan-upper", func(b *testing.B) {
		// the distance pass of a symmetric scan: queries i, i+1 against the
		// points j ≥ i only (the upper triangle), averaged over i; two such
		// passes (k-NN, then counts once the radii are known) are the
		// distance work of a symmetric all-points KSG
		if !haveAVX2 {
			b.Skip("needs the AVX2 kernel")
		}
		pc := s.NewPairScanner()
		d := 10
		i := 0
		for b.Loop() {
			q := (i * 7919 % n) &^ 1 // spread over all rows
			for g, qi := range [2]int{q, q + 1} {
				for c := 0; c < d; c++ {
					v := s.cols[c*s.np+qi]
					o := g*4*d + 4*c
					pc.qb[o], pc.qb[o+1], pc.qb[o+2], pc.qb[o+3] = v, v, v, v
				}
			}
			j0 := q &^ 7
			maxDistSplit2AVX2(&pc.qb[0], &s.cols[j0], s.np, s.np-j0, d, 5, &pc.da[0][0], &pc.db[0][0], &pc.da[1][0], &pc.db[1][0])
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
