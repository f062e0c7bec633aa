package fsutil

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

func TestSetCommitsTogether(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "run.json")
	require.NoError(t, os.WriteFile(b, []byte("old"), 0o644))
	var s Set
	require.NoError(t, s.Write(a, writeString("new a")))
	require.NoError(t, s.Write(b, writeString("new b")))
	// nothing is in place before Commit: the old run.json, no a.csv
	got, err := os.ReadFile(b)
	require.NoError(t, err)
	assert.Equal(t, "old", string(got))
	_, err = os.Stat(a)
	assert.True(t, os.IsNotExist(err))
	require.NoError(t, s.Commit())
	for p, want := range map[string]string{a: "new a", b: "new b"} {
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
	assert.ElementsMatch(t, []string{"a.csv", "run.json"}, listDir(t, dir))
}

func TestSetAbortAndFailures(t *testing.T) {
	dir := t.TempDir()
	var s Set
	require.NoError(t, s.Write(filepath.Join(dir, "a"), writeString("x")))
	boom := errors.New("boom")
	err := s.Write(filepath.Join(dir, "b"), func(io.Writer) error { return boom })
	require.ErrorIs(t, err, boom)
	s.Abort()
	assert.Empty(t, listDir(t, dir))

	// RemoveTemps clears what an interrupted command had staged
	var s2 Set
	require.NoError(t, s2.Write(filepath.Join(dir, "c"), writeString("y")))
	assert.Len(t, listDir(t, dir), 1)
	RemoveTemps()
	assert.Empty(t, listDir(t, dir))
}
