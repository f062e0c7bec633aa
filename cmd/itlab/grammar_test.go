package main

import (
	"bytes"
	"path/filepath"
	"reflect"
	"regexp"
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

// Messages that print a count agree with it: "1 row", not "1 rows".
func TestCLIMessagesSingular(t *testing.T) {
	dir := t.TempDir()
	one := writeCSVFile(t, dir, "one.csv", [][]float64{{0.5, 1}})
	two := writeCSVFile(t, dir, "two.csv", [][]float64{{0.5, 1}, {2, 3}})
	col := writeCSVFile(t, dir, "col.csv", [][]float64{{0.5}, {2}})
	w1 := writeCSVFile(t, dir, "w1.csv", [][]float64{{1}})
	l2 := writeTextFile(t, dir, "l2.csv", "0\n1\n")
	l1 := writeTextFile(t, dir, "l1.csv", "0\n")
	ragged := writeTextFile(t, dir, "ragged.csv", "1,2\n3\n")
	pair := t.TempDir()
	_, stderr, code := runCLI(t, "sample", "normal-1x1-rho0.9", "--n", "50", "--out", pair)
	require.Equal(t, 0, code, stderr)
	px := filepath.Join(pair, "x.npy")
	singular := regexp.MustCompile(`\b1 (rows|columns|labels|samples|bytes|fields|epochs|snapshots|layers|hypotheses|weights|surrogates|replicates)\b`)
	for _, tc := range []struct {
		name string
		args []string
		want string // the singular phrase the output holds
	}{
		{"mi x one row", []string{"mi", "--x", one, "--y", two}, "has 1 row but"},
		{"mi y one row", []string{"mi", "--x", two, "--y", one}, "has 1 row"},
		{"mi labels", []string{"mi", "--x", two, "--labels", l1}, "has 1 label"},
		{"task-difficulty", []string{"task-difficulty", "--x", one, "--labels", l2}, "has 1 row but"},
		{"divergence", []string{"divergence", "--p", col, "--q", two}, "has 1 column but"},
		{"vendi weights", []string{"vendi", "--x", two, "--weights", w1}, "1 weight for the 2 rows"},
		{"ragged", []string{"entropy", "--x", ragged}, "line 2 has 1 field, expected 2"},
		{"entropy one row", []string{"entropy", "--x", one}, "--x " + one + " has 1 row, need at least 2"},
		{"permutations", []string{"mi", "--x", px, "--y", px, "--estimator", "gaussian", "--permutations", "1"}, "1 surrogate)"},
		{"infoplane one epoch", []string{"infoplane", "--epochs", "1", "--estimator", "binning", "--out", filepath.Join(dir, "ip")}, "for 1 epoch in"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, _ := runCLI(t, tc.args...)
			require.Contains(t, stdout+stderr, tc.want)
			require.False(t, singular.MatchString(stdout+stderr), "plural after 1: %q", stdout+stderr)
		})
	}
	require.Equal(t, "1 hypothesis", count(1, "hypothesis"))
	require.Equal(t, "10 hypotheses", count(10, "hypothesis"))
	require.Equal(t, "0 rows", count(0, "row"))
	require.Equal(t, "8000 epochs", count(8000, "epoch"))
	require.Equal(t, "2 classes", count(2, "class"))
}
