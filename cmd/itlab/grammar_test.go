package main

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every command field of CLI names itself with a name tag: grammarFor finds the
// command by that tag, so a command without one would always take the full tree.
func TestEveryCommandHasANameTag(t *testing.T) {
	cli := reflect.TypeFor[CLI]()
	for i := 0; i < cli.NumField(); i++ {
		f := cli.Field(i)
		if _, isCmd := f.Tag.Lookup("cmd"); isCmd {
			assert.NotEmpty(t, f.Tag.Get("name"), "command field %s", f.Name)
		}
	}
}

// The one-command grammar must behave exactly like the full tree: same help,
// same errors, same exit codes, same output.
func TestGrammarForMatchesFullTree(t *testing.T) {
	dir := t.TempDir()
	x := writeCSVFile(t, dir, "x.csv", [][]float64{{0.1}, {0.5}, {0.2}, {0.9}, {0.4}, {0.7}, {0.3}, {0.8}})
	y := writeCSVFile(t, dir, "y.csv", [][]float64{{1}, {0}, {1}, {0}, {1}, {1}, {0}, {0}})
	cases := [][]string{
		{"mi", "--x", x, "--y", y, "--estimator", "gaussian", "--json"},
		{"mi", "--x", x, "--y", y, "--estimator", "gaussian", "--base", "7"},
		{"mi", "--x", x, "--y", filepath.Join(dir, "missing.csv")},
		{"mi", "--x", x, "--estimator", "ksg", "--k", "-1"},
		{"entropy", "--x", x, "--estimator", "gaussian"},
		{"entropy"},
		{"bench"},
		{"bench", "frob"},
		{"version", "--frobnicate"},
		{"version"},
		{"version", "--version"},
		{"mi", "--hlep"},
		{"frobnicate"},
		{"--version"},
	}
	for _, c := range append([][]string{{"bench"}}, commands...) {
		cases = append(cases, append(append([]string{}, c...), "--help"), append(append([]string{}, c...), "--frobnicate"))
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if g := grammarFor(args); len(args) > 0 && args[0] != "frobnicate" && !strings.HasPrefix(args[0], "-") {
				_, full := g.(*CLI)
				require.False(t, full, "a known command must take the one-command grammar")
			}
			var o1, e1, o2, e2 bytes.Buffer
			c1 := runGrammar(&CLI{}, args, &Env{Stdout: &o1, Stderr: &e1})
			c2 := run(args, &Env{Stdout: &o2, Stderr: &e2})
			assert.Equal(t, c1, c2, "exit code")
			assert.Equal(t, o1.String(), o2.String(), "stdout")
			assert.Equal(t, e1.String(), e2.String(), "stderr")
		})
	}
}

func BenchmarkGrammar(b *testing.B) {
	for _, bc := range []struct {
		name string
		g    func() any
	}{
		{"full", func() any { return &CLI{} }},
		{"one", func() any { return grammarFor([]string{"version"}) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var o bytes.Buffer
				if code := runGrammar(bc.g(), []string{"version"}, &Env{Stdout: &o, Stderr: &o}); code != 0 {
					b.Fatal(o.String())
				}
			}
		})
	}
}
