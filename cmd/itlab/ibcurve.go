package main

// IBCurveCmd is not implemented yet.
type IBCurveCmd struct{}

// Help gives the command's example.
func (IBCurveCmd) Help() string { return "Not implemented yet." }

// Run reports that the command is not implemented yet.
func (IBCurveCmd) Run(env *Env) error { return errNotYet("ib-curve") }
