package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"strings"
	"syscall"

	"github.com/alecthomas/kong"

	"github.com/itlab/itlab/internal/fsutil"
)

// CLI is the command tree. Each command lives in its own file with a Run(*Env) error
// method and a Help() string that gives an example.
type CLI struct {
	Infoplane      InfoplaneCmd      `cmd:"" name:"infoplane" help:"Train a network and draw its information plane (the main job)."`
	MI             MICmd             `cmd:"" name:"mi" help:"Estimate the mutual information between two sample files, or a sample file and labels."`
	Entropy        EntropyCmd        `cmd:"" name:"entropy" help:"Estimate the (differential or discrete) entropy of a sample file."`
	Divergence     DivergenceCmd     `cmd:"" name:"divergence" help:"Estimate a divergence or distance between two sample files."`
	Vendi          VendiCmd          `cmd:"" name:"vendi" help:"Compute the Vendi score (effective number of distinct items) of a sample file."`
	IBCurve        IBCurveCmd        `cmd:"" name:"ib-curve" help:"Trace the optimal information-bottleneck curve of a discrete joint distribution."`
	InductiveBias  InductiveBiasCmd  `cmd:"" name:"inductive-bias" help:"Estimate the inductive bias a hypothesis space needs to reach a test error."`
	TaskDifficulty TaskDifficultyCmd `cmd:"" name:"task-difficulty" help:"Inductive-bias complexity (task difficulty) of a labelled data set."`
	Sample         SampleCmd         `cmd:"" name:"sample" help:"Write samples with a known entropy or mutual information (or a built-in task) to .npy files."`
	Bench          BenchCmd          `cmd:"" name:"bench" help:"Run the built-in benchmarks (known-truth MI accuracy, GEMM speed)."`
	Version        VersionCmd        `cmd:"" name:"version" help:"Print the version."`

	VersionFlag kong.VersionFlag `name:"version" help:"Print the version and exit."`
}

// Env is what every command's Run receives: where to write, and how.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	// StderrIsTerminal is true when stderr is an interactive terminal; progress
	// bars are drawn only then.
	StderrIsTerminal bool
}

// Exit codes of the CLI contract.
const (
	exitOK    = 0
	exitData  = 1 // bad data or a failed run
	exitUsage = 2 // bad usage
)

// usageError marks an error as bad usage (exit 2). Everything else is exit 1.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// usageErrorf returns an error that makes the CLI exit with status 2.
func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitRequest is the panic value our kong.Exit hook raises so that --help and
// parse failures return through run instead of calling os.Exit.
type exitRequest struct{ code int }

func main() {
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, StderrIsTerminal: isTerminal(os.Stderr)}
	go exitOnSignal(env)
	os.Exit(run(os.Args[1:], env))
}

// exitOnSignal ends the process on SIGINT or SIGTERM with one line and the
// shell's status for the signal (130, 143), after removing the temporary
// files of outputs not yet in place: every output file is either complete
// or absent, and a run's set of outputs (infoplane) is put in place whole.
func exitOnSignal(env *Env) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	sig := <-sigs
	fsutil.RemoveTemps()
	nl := ""
	if env.StderrIsTerminal {
		nl = "\n" // below a progress bar
	}
	code := 130
	if sig == syscall.SIGTERM {
		code = 143
	}
	fmt.Fprintf(env.Stderr, "%sitlab: interrupted by %v; outputs not yet complete were not written\n", nl, sig)
	os.Exit(code)
}

// run executes one itlab invocation and returns its exit code. It never lets a
// panic escape: a panic becomes a one-line "itlab: internal error" and exit 1.
func run(args []string, env *Env) (code int) {
	if len(args) > 0 && args[0] == "help" {
		// "itlab help" and "itlab help mi" are "itlab --help", "itlab mi --help"
		args = append(append([]string{}, args[1:]...), "--help")
	}
	return runGrammar(grammarFor(args), args, env)
}

// grammarFor returns the kong grammar that parses args: a pointer to CLI, or,
// when the first argument names a top-level command, to a struct holding only
// that command and CLI's global flags. Kong builds its model by parsing the
// struct tags of every flag of every command (about 2 ms and 0.7 MB of
// allocations for the whole tree, most of a short run's start-up); the one-
// command tree costs a tenth of that and parses, prints help and reports
// errors identically for that command (TestGrammarForMatchesFullTree).
// Top-level help, no arguments, a leading flag and unknown commands use CLI.
func grammarFor(args []string) any {
	full := reflect.TypeFor[CLI]()
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return &CLI{}
	}
	var cmd *reflect.StructField
	var globals []reflect.StructField
	for i := 0; i < full.NumField(); i++ {
		f := full.Field(i)
		if _, isCmd := f.Tag.Lookup("cmd"); !isCmd {
			globals = append(globals, f)
		} else if f.Tag.Get("name") == args[0] {
			cmd = &f
		}
	}
	if cmd == nil {
		return &CLI{}
	}
	fields := append([]reflect.StructField{*cmd}, globals...)
	for i := range fields {
		fields[i].Index, fields[i].Offset = nil, 0
	}
	return reflect.New(reflect.StructOf(fields)).Interface()
}

// runGrammar is run with an explicit kong grammar (see grammarFor).
func runGrammar(grammar any, args []string, env *Env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(exitRequest); ok {
				code = e.code
				return
			}
			fmt.Fprintf(env.Stderr, "itlab: internal error: %v (please report this with the command line)\n", oneLine(fmt.Sprint(r)))
			code = exitData
		}
	}()
	parser, err := kong.New(grammar,
		kong.Name("itlab"),
		kong.Description("itlab measures information in data and inside neural networks: entropy, mutual information, divergences, the Vendi score, and information-plane analysis of networks as they train. Library values are in nats; --base 2 gives bits."),
		kong.Writers(env.Stdout, env.Stderr),
		kong.Exit(func(c int) { panic(exitRequest{code: c}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		kong.Vars{"version": "itlab " + version},
	)
	if err != nil {
		fmt.Fprintf(env.Stderr, "itlab: internal error: %v\n", err)
		return exitData
	}
	if len(args) == 0 {
		ctx, _ := kong.Trace(parser, nil)
		_ = ctx.PrintUsage(false)
		return exitUsage
	}
	if flag := emptyFlagValue(args); flag != "" {
		// a path flag given "" would resolve to the working directory
		fmt.Fprintf(env.Stderr, "itlab: %s: empty value (see 'itlab %s--help')\n", flag, commandPrefix(parser, args))
		return exitUsage
	}
	ctx, err := parser.Parse(args)
	if err != nil {
		msg := oneLine(err.Error())
		if msg == "unexpected argument "+args[0] && !strings.HasPrefix(args[0], "-") {
			// the first word is where the command goes
			msg = fmt.Sprintf("unknown command %q", args[0])
		}
		fmt.Fprintf(env.Stderr, "itlab: %s (see 'itlab %s--help')\n", msg, commandPrefix(parser, args))
		return exitUsage
	}
	if err := ctx.Run(env); err != nil {
		fmt.Fprintf(env.Stderr, "itlab: %s\n", oneLine(err.Error()))
		var ue *usageError
		if errors.As(err, &ue) {
			return exitUsage
		}
		return exitData
	}
	return exitOK
}

// emptyFlagValue returns the first flag given an empty value (--x "" or
// "--x="), or "". No flag of the CLI takes an empty value, and kong would
// turn an empty path into the working directory ("is a directory").
func emptyFlagValue(args []string) string {
	for i, a := range args {
		if a == "--" {
			return ""
		}
		if !strings.HasPrefix(a, "--") {
			continue
		}
		if name, val, ok := strings.Cut(a, "="); ok {
			if val == "" {
				return name
			}
			continue
		}
		if i+1 < len(args) && args[i+1] == "" {
			return a
		}
	}
	return ""
}

// commandPrefix returns "cmd " when the first non-flag argument names a
// top-level command, so the hint points at that command's help.
func commandPrefix(parser *kong.Kong, args []string) string {
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			continue
		}
		for _, c := range parser.Model.Children {
			if c.Name == a {
				return a + " "
			}
		}
		return ""
	}
	return ""
}

// oneLine folds a multi-line message onto one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
