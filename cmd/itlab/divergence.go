package main

// DivergenceCmd is not implemented yet.
type DivergenceCmd struct{}

// Help gives the command's example.
func (DivergenceCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (DivergenceCmd) Run(env *Env) error { return errNotYet("divergence") }
