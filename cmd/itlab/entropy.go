package main

// EntropyCmd is not implemented yet.
type EntropyCmd struct{}

// Help gives the command's example.
func (EntropyCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (EntropyCmd) Run(env *Env) error { return errNotYet("entropy") }
