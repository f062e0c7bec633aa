package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs one itlab invocation in-process and returns what it printed and
// its exit code. Tests of every command use it.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &Env{Stdout: &out, Stderr: &errb})
	return out.String(), errb.String(), code
}

// requireOneLineError checks the CLI error contract: exit code want, and
// stderr is exactly one line that starts with "itlab: " (no Go panic trace).
func requireOneLineError(t *testing.T, stderr string, code, want int) {
	t.Helper()
	if code != want {
		t.Fatalf("exit code %d, want %d; stderr: %q", code, want, stderr)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "itlab: ") {
		t.Fatalf("stderr must be one line starting with 'itlab: ', got %q", stderr)
	}
	if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
		t.Fatalf("stderr shows a panic: %q", stderr)
	}
}

// writeCSVFile writes rows as a comma-separated file in dir and returns its path.
func writeCSVFile(t *testing.T, dir, name string, rows [][]float64) string {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		for j, v := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%v", v)
		}
		b.WriteByte('\n')
	}
	return writeTextFile(t, dir, name, b.String())
}

// writeTextFile writes text to dir/name and returns the path.
func writeTextFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
