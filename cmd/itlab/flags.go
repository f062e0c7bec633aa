package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/alecthomas/kong"
)

// positiveFloat is a flag value that, when given, must be a finite number
// > 0: a width, a variance or a regularisation. Its zero value means "not
// given", and the command then uses its documented default, so an explicit
// --noise-var 0 is refused (exit 2) instead of silently running with the
// default.
type positiveFloat float64

// Decode implements kong.MapperValue.
func (p *positiveFloat) Decode(ctx *kong.DecodeContext) error {
	var s string
	if err := ctx.Scan.PopValueInto("value", &s); err != nil {
		return err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number", s)
	}
	if !(v > 0) || math.IsInf(v, 0) {
		return fmt.Errorf("%v: need a finite value > 0 (leave the flag out for the default)", s)
	}
	*p = positiveFloat(v)
	return nil
}

// minBootstrap is the fewest bootstrap replicates a 95% interval is computed
// from: with fewer, the 2.5% and 97.5% quantiles fall on the most extreme
// replicates (one replicate gave an interval of zero width).
const minBootstrap = 20
