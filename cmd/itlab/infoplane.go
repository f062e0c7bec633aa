package main

// InfoplaneCmd is not implemented yet.
type InfoplaneCmd struct{}

// Help gives the command's example.
func (InfoplaneCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (InfoplaneCmd) Run(env *Env) error { return errNotYet("infoplane") }
