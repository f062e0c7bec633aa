//go:build gc && !purego

package pairwise

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/cpu"
)

func TestSelfCheckAcceptsAssembly(t *testing.T) {
	if !(cpu.X86.HasAVX2 && cpu.X86.HasFMA) {
		t.Skip("no AVX2+FMA")
	}
	require.True(t, selfCheckFor(rowSumAVX2))
	if cpu.X86.HasAVX512F {
		// on AVX-512 machines the kernel must pass its gate (and is then
		// run by every test through kernels())
		require.True(t, selfCheckFor(rowSumAVX512))
		require.Contains(t, available, kAVX512)
	}
}
