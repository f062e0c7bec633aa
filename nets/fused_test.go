package nets

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestShufflePCG: shufflePCG gives the permutation rand.Shuffle gives with
// the same PCG state, and leaves the generator in the same state, for
// lengths around powers of two (the masked draws) and others, several seeds
// and successive shuffles of one slice (as successive epochs do).
func TestShufflePCG(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 512, 3277, 4096} {
		for seed := uint64(0); seed < 3; seed++ {
			t.Run(fmt.Sprintf("n=%d/seed=%d", n, seed), func(t *testing.T) {
				a, b := rand.NewPCG(seed, 0x5407), rand.NewPCG(seed, 0x5407)
				ra := rand.New(a)
				pa, pb := make([]int, n), make([]int, n)
				for i := range pa {
					pa[i], pb[i] = i, i
				}
				for e := 0; e < 3; e++ {
					ra.Shuffle(n, func(i, j int) { pa[i], pa[j] = pa[j], pa[i] })
					shufflePCG(b, pb)
					require.Equal(t, pa, pb, "epoch %d", e)
				}
				require.Equal(t, a.Uint64(), b.Uint64(), "generator state after the shuffles")
			})
		}
	}
}
