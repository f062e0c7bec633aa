package main

// BenchCmd groups the built-in benchmarks.
type BenchCmd struct {
	MI   BenchMICmd   `cmd:"" name:"mi" help:"Known-truth mutual-information benchmark: every estimator against exact MI."`
	Gemm BenchGemmCmd `cmd:"" name:"gemm" help:"GEMM speed against gonum, in GFLOPS."`
}

// Help gives examples for the group.
func (BenchCmd) Help() string {
	return `Examples:

    itlab bench mi                 # every estimator on the known-MI suite, as a table
    itlab bench mi --n 10000 --json
    itlab bench gemm --json        # GFLOPS against gonum's Dgemm, same run`
}
