package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// commands lists every command path of the CLI contract.
var commands = [][]string{
	{"infoplane"}, {"mi"}, {"entropy"}, {"divergence"}, {"vendi"}, {"ib-curve"},
	{"inductive-bias"}, {"task-difficulty"}, {"sample"}, {"bench", "mi"}, {"bench", "gemm"}, {"version"},
}

func TestHelpOnEveryCommandHasAnExample(t *testing.T) {
	groups := [][]string{{"bench"}} // command groups have a --help page too
	for _, c := range append(groups, commands...) {
		t.Run(strings.Join(c, " "), func(t *testing.T) {
			out, errOut, code := runCLI(t, append(c, "--help")...)
			require.Equal(t, 0, code, errOut)
			assert.Contains(t, out, "Usage: itlab "+strings.Join(c, " "))
			assert.Contains(t, out, "Example", "--help must show an example")
			assert.Contains(t, out, "itlab "+c[0], "the example must show a command line")
		})
	}
}

func TestTopLevelHelpListsCommands(t *testing.T) {
	out, _, code := runCLI(t, "--help")
	require.Equal(t, 0, code)
	for _, c := range commands {
		assert.Contains(t, out, strings.Join(c, " "))
	}
}

func TestHelpCommand(t *testing.T) {
	for _, c := range append([][]string{nil, {"bench"}}, commands...) {
		t.Run(strings.Join(append([]string{"help"}, c...), " "), func(t *testing.T) {
			want, _, code := runCLI(t, append(append([]string{}, c...), "--help")...)
			require.Equal(t, 0, code)
			got, errOut, code := runCLI(t, append([]string{"help"}, c...)...)
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, want, got)
		})
	}
}

func TestUsageErrorsExit2WithOneLine(t *testing.T) {
	for name, args := range map[string][]string{
		"no command":      nil,
		"unknown command": {"frobnicate"},
		"unknown flag":    {"version", "--frobnicate"},
		"bad enum":        {"mi", "--x", "a.csv", "--y", "b.csv", "--base", "7"},
	} {
		t.Run(name, func(t *testing.T) {
			_, errOut, code := runCLI(t, args...)
			if args == nil {
				// No command prints the usage summary (not an error line) and exits 2.
				require.Equal(t, 2, code)
				return
			}
			requireOneLineError(t, errOut, code, 2)
		})
	}
}

func TestVersion(t *testing.T) {
	out, _, code := runCLI(t, "version")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "itlab "+version))
	out, _, code = runCLI(t, "--version")
	require.Equal(t, 0, code)
	assert.Contains(t, out, version)
}

// panicWriter panics on every write: it stands for any bug deep inside a command.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom\nwith a second line") }

func TestPanicBecomesOneLineError(t *testing.T) {
	var errb strings.Builder
	code := run([]string{"version"}, &Env{Stdout: panicWriter{}, Stderr: &errb})
	requireOneLineError(t, errb.String(), code, 1)
	assert.Contains(t, errb.String(), "internal error")
}

func TestUnknownCommand(t *testing.T) {
	_, errOut, code := runCLI(t, "bogus")
	requireOneLineError(t, errOut, code, 2)
	assert.Contains(t, errOut, `unknown command "bogus"`)
	// an extra word after a command is still an unexpected argument
	_, errOut, code = runCLI(t, "version", "extra")
	requireOneLineError(t, errOut, code, 2)
	assert.Contains(t, errOut, "unexpected argument extra")
}
