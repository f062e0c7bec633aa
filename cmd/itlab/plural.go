package main

import "github.com/itlab/itlab/internal/check"

// count returns n and the noun, in the plural unless n is ±1 ("1 row",
// "2 rows", "1 hypothesis", "3 hypotheses"): messages that print a count
// use it, so that a one-row file does not read "1 rows".
var count = check.Count
