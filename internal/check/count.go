package check

import (
	"fmt"
	"strings"
)

// Count returns n and the noun, in the plural unless n is ±1, for messages
// that print a count: "1 row", "2 rows", "0 bytes", "1 hypothesis",
// "3 hypotheses", "2 indices", "2 classes", "8000 epochs".
func Count(n int, noun string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	switch {
	case strings.HasSuffix(noun, "is"):
		noun = strings.TrimSuffix(noun, "is") + "es"
	case strings.HasSuffix(noun, "ex"):
		noun = strings.TrimSuffix(noun, "ex") + "ices"
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"):
		// not "ch": epoch → epochs
		noun += "es"
	default:
		noun += "s"
	}
	return fmt.Sprintf("%d %s", n, noun)
}
