package synth

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSZT12Labels(t *testing.T) {
	task := SZT12()
	require.NoError(t, task.Validate())
	r, c := task.X.Dims()
	require.Equal(t, 4096, r)
	require.Equal(t, 12, c)

	t.Run("ones", func(t *testing.T) {
		ones := 0
		for _, v := range task.Y {
			ones += v
		}
		assert.Equal(t, 2118, ones)
	})
	t.Run("sha256", func(t *testing.T) {
		var sb strings.Builder
		for _, v := range task.Y {
			sb.WriteByte(byte('0' + v))
		}
		sum := sha256.Sum256([]byte(sb.String()))
		assert.Equal(t, "8adbd792d6400d00410815b5a1f01b05b59f15fd41ace0db85c7772aa5cf4566", hex.EncodeToString(sum[:]))
	})
	t.Run("first ones", func(t *testing.T) {
		var first []int
		for i, v := range task.Y {
			if v == 1 && len(first) < 10 {
				first = append(first, i)
			}
		}
		assert.Equal(t, []int{62, 63, 94, 95, 111, 115, 117, 118, 119, 122}, first)
	})
	t.Run("patterns in counting order MSB first", func(t *testing.T) {
		for _, i := range []int{0, 1, 62, 2048, 4095} {
			for b := 0; b < 12; b++ {
				want := float64((i >> (11 - b)) & 1)
				assert.Equal(t, want, task.X.At(i, b), "row %d bit %d", i, b)
			}
		}
		assert.Equal(t, []float64{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0}, task.X.RawRowView(62))
	})
	t.Run("labels by Hamming weight", func(t *testing.T) {
		// methods.md §2c: weight ≤ 4 → all 0, 5 → 60/792, 6 → 532/924, 7 → 732/792, ≥ 8 → all 1.
		ones := make([]int, 13)
		for i, v := range task.Y {
			w := 0
			for b := 0; b < 12; b++ {
				w += (i >> b) & 1
			}
			ones[w] += v
		}
		assert.Equal(t, []int{0, 0, 0, 0, 0, 60, 532, 732, 495, 220, 66, 12, 1}, ones)
	})
}

func TestSZT12Reference(t *testing.T) {
	train, test := SZT12Reference()
	require.Equal(t, SZT12TrainRows, train.Len())
	require.Equal(t, 819, test.Len())
	for i := 0; i < train.Len(); i++ {
		require.Equal(t, i, train.Index[i])
	}
	for i := 0; i < test.Len(); i++ {
		require.Equal(t, SZT12TrainRows+i, test.Index[i])
	}
	full := SZT12()
	assert.Equal(t, full.X.RawRowView(3277), test.X.RawRowView(0))
	assert.Equal(t, full.Y[3277:], test.Y)
}
