//go:build tools

package deps

import (
	_ "codeberg.org/sbinet/npyio"
	_ "github.com/alecthomas/kong"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/stretchr/testify/require"
	_ "golang.org/x/sys/cpu"
	_ "gonum.org/v1/gonum/mat"
	_ "gonum.org/v1/plot"
)
