package main

// BenchCmd groups the built-in benchmarks.
type BenchCmd struct {
	MI   BenchMICmd   `cmd:"" name:"mi" help:"Known-truth mutual-information benchmark: every estimator against exact MI."`
	Gemm BenchGemmCmd `cmd:"" name:"gemm" help:"GEMM speed against gonum, in GFLOPS."`
}
