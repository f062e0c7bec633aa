package main

// InductiveBiasCmd is not implemented yet.
type InductiveBiasCmd struct{}

// Help gives the command's example.
func (InductiveBiasCmd) Help() string { return "Not implemented yet.\n\nExample:\n  itlab inductive-bias --help" }

// Run reports that the command is not implemented yet.
func (InductiveBiasCmd) Run(env *Env) error { return errNotYet("inductive-bias") }
