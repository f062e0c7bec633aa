package main

// MICmd is not implemented yet.
type MICmd struct{}

// Help gives the command's example.
func (MICmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (MICmd) Run(env *Env) error { return errNotYet("mi") }
