package main

import (
	"fmt"
	"runtime"
)

// VersionCmd prints the version.
type VersionCmd struct{}

// Help gives the example shown by `itlab version --help`.
func (VersionCmd) Help() string { return "Example:\n  itlab version" }

// Run prints "itlab VERSION (GOVERSION OS/ARCH)".
func (VersionCmd) Run(env *Env) error {
	fmt.Fprintf(env.Stdout, "itlab %s (%s %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
