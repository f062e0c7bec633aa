//go:build gc && !purego

package pairwise

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"
)

// TestAVX512Selected requires that on a CPU with AVX-512F the AVX-512 kernel
// passes its start-up self-check and is the one in use. The machines itlab is
// developed on lack AVX-512, so this runs under the Bochs emulator
// (docs/avx512/run-bochs.sh); it logs what it saw for that log.
func TestAVX512Selected(t *testing.T) {
	var names []string
	for _, k := range available {
		names = append(names, kernelNames[k])
	}
	x := cpu.X86
	t.Logf("AVX2=%v FMA=%v AVX512F=%v AVX512DQ=%v AVX512VL=%v; available %v, in use %s",
		x.HasAVX2, x.HasFMA, x.HasAVX512F, x.HasAVX512DQ, x.HasAVX512VL, names, kernelNames[kernel])
	if !x.HasAVX512F {
		t.Skip("no AVX-512F")
	}
	require.Equal(t, kAVX512, kernel)
}
