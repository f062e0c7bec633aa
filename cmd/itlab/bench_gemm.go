package main

// BenchGemmCmd is not implemented yet.
type BenchGemmCmd struct{}

// Help gives the command's example.
func (BenchGemmCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (BenchGemmCmd) Run(env *Env) error { return errNotYet("bench gemm") }
