package parallel

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBlocksCoversEveryIndexOnce(t *testing.T) {
	for _, tc := range []struct{ n, size, workers int }{
		{0, 4, 2}, {1, 4, 2}, {10, 3, 1}, {10, 3, 2}, {10, 3, 8}, {1000, 7, 3}, {5, 0, 2},
	} {
		hits := make([]int32, tc.n)
		var blocks int32
		Blocks(tc.n, tc.size, tc.workers, func(b, lo, hi int) {
			atomic.AddInt32(&blocks, 1)
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&hits[i], 1)
			}
		})
		for i, h := range hits {
			require.EqualValues(t, 1, h, "n=%d size=%d index %d", tc.n, tc.size, i)
		}
		assert.EqualValues(t, NumBlocks(tc.n, tc.size), blocks)
	}
}

func TestBlocksSplitIndependentOfWorkers(t *testing.T) {
	record := func(workers int) [][2]int {
		out := make([][2]int, NumBlocks(103, 10))
		Blocks(103, 10, workers, func(b, lo, hi int) { out[b] = [2]int{lo, hi} })
		return out
	}
	assert.Equal(t, record(1), record(4))
}
