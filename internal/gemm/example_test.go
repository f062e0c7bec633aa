package gemm_test

import (
	"fmt"

	"github.com/itlab/itlab/internal/gemm"
)

// C = A·Bᵀ for a 2×3 A and a 2×3 B (so op(B) = Bᵀ is 3×2), on the calling
// goroutine (workers = 1). C starts as garbage: beta = 0 ignores it.
func ExampleDgemm() {
	a := []float64{
		1, 2, 3,
		4, 5, 6,
	}
	b := []float64{
		1, 0, 1,
		0, 1, 0,
	}
	c := []float64{-1, -1, -1, -1}
	gemm.Dgemm(false, true, 2, 2, 3, 1, a, 3, b, 3, 0, c, 2, 1)
	fmt.Println(c)
	// Output: [4 2 10 5]
}
