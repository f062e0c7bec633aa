package vendi

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkCosine compares the d×d feature path with the n×n path (the
// baseline, what score_K does) on the same data.
func BenchmarkCosine(b *testing.B) {
	for _, sz := range []struct{ n, d int }{{1000, 64}, {2000, 64}} {
		x := randNormal(rand.New(rand.NewPCG(1, 1)), sz.n, sz.d)
		b.Run(fmt.Sprintf("feature/n=%d/d=%d", sz.n, sz.d), func(b *testing.B) {
			for b.Loop() {
				if _, err := ScoreFeatures(x, Cosine{}, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("nxn/n=%d/d=%d", sz.n, sz.d), func(b *testing.B) {
			for b.Loop() {
				if _, err := ScoreFeatures(x, Func(Cosine{}.Eval), 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCosineLarge is the target size: n = 20,000, d = 256.
func BenchmarkCosineLarge(b *testing.B) {
	x := randNormal(rand.New(rand.NewPCG(1, 1)), 20000, 256)
	for b.Loop() {
		if _, err := ScoreFeatures(x, Cosine{}, 1); err != nil {
			b.Fatal(err)
		}
	}
}
