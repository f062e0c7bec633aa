package main

// TaskDifficultyCmd is not implemented yet.
type TaskDifficultyCmd struct{}

// Help gives the command's example.
func (TaskDifficultyCmd) Help() string { return "Not implemented yet.\n\nExample:\n  itlab task-difficulty --help" }

// Run reports that the command is not implemented yet.
func (TaskDifficultyCmd) Run(env *Env) error { return errNotYet("task-difficulty") }
