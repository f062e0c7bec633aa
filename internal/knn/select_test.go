package knn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSelectArr checks the selection contract of the branch-free select on
// random and heavily tied keys: row k holds the rank-k key, rows before it
// are ≤ and rows after it ≥, and rows, keys and ids move together.
func TestSelectArr(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 5, 13, 100, 1000} {
		for _, tied := range []bool{false, true} {
			t.Run(fmt.Sprintf("n%d/tied=%v", n, tied), func(t *testing.T) {
				for rep := 0; rep < 20; rep++ {
					rows := make([][2]float64, n)
					keys := make([]float64, n)
					idx := make([]int32, n)
					for i := range rows {
						v := rng.NormFloat64()
						if tied {
							v = float64(rng.IntN(3))
						}
						rows[i] = [2]float64{v, float64(i)}
						keys[i] = v
						idx[i] = int32(i)
					}
					k := rng.IntN(n)
					selectArr(rows, keys, idx, k)
					for i := range rows {
						require.Equal(t, rows[i][0], keys[i])
						require.Equal(t, float64(idx[i]), rows[i][1])
						if i < k {
							require.LessOrEqual(t, keys[i], keys[k])
						}
						if i > k {
							require.GreaterOrEqual(t, keys[i], keys[k])
						}
					}
				}
			})
		}
	}
}
