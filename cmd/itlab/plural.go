package main

import (
	"fmt"
	"strings"
)

// count returns n and the noun, in the plural unless n is ±1: "1 row",
// "2 rows", "1 hypothesis", "3 hypotheses". Messages that print a count
// use it, so that a one-row file does not read "1 rows".
func count(n int, noun string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	switch {
	case strings.HasSuffix(noun, "is"):
		noun = strings.TrimSuffix(noun, "is") + "es"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"):
		// not "ch": epoch → epochs
		noun += "es"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
