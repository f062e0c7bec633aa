package main

// VendiCmd is not implemented yet.
type VendiCmd struct{}

// Help gives the command's example.
func (VendiCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (VendiCmd) Run(env *Env) error { return errNotYet("vendi") }
