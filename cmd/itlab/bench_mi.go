package main

// BenchMICmd is not implemented yet.
type BenchMICmd struct{}

// Help gives the command's example.
func (BenchMICmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (BenchMICmd) Run(env *Env) error { return errNotYet("bench mi") }
