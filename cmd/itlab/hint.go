package main

import (
	"encoding/binary"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// discreteLimit is the most distinct rows a sample may have for
// discreteHint to call it discrete.
const discreteLimit = 64

// notes are the cautions of one run. They are printed on stderr as
// "note: …" lines whether or not stderr is a terminal (a script's log should
// show that its number is suspect too), and with --json they are also listed
// under "notes", so that a script reading only stdout sees them.
type notes []string

// add appends s unless it is empty.
func (ns *notes) add(s string) {
	if s != "" {
		*ns = append(*ns, s)
	}
}

// print writes one "note: " line per note on stderr.
func (ns notes) print(env *Env) {
	for _, s := range ns {
		fmt.Fprintf(env.Stderr, "note: %s\n", s)
	}
}

// discreteHint returns a note (or "") saying that a sample given to a
// continuous estimator looks discrete: at most discreteLimit distinct rows
// among at least 20 times as many rows. The k-NN estimators then only see
// the tie-breaking jitter inside each repeated value, and the discrete
// estimators are usually what was meant. The scan stops at the
// (discreteLimit+1)-th distinct row, so continuous data cost a few hundred
// rows of it.
func discreteHint(flag string, m *mat.Dense, suggestion string) string {
	if m == nil {
		return ""
	}
	n, _ := m.Dims()
	if n < 20 {
		return ""
	}
	k := distinctRows(m, discreteLimit)
	if k > discreteLimit || n < 20*k {
		return ""
	}
	return fmt.Sprintf("%s has only %d distinct rows among %d; for discrete data %s", flag, k, n, suggestion)
}

// continuousHint is the converse note, for the estimators that take rows as
// symbols: when more than half of at least 20 rows are distinct (continuous
// data, or a code column with almost no repeats), the plug-in entropy is
// close to ln n and the MI close to the smaller entropy, whatever the data.
// It reads up to n/2 + 1 distinct rows.
func continuousHint(flag string, m *mat.Dense, suggestion string) string {
	if m == nil {
		return ""
	}
	n, _ := m.Dims()
	if n < 20 {
		return ""
	}
	if distinctRows(m, n/2) <= n/2 {
		return ""
	}
	return fmt.Sprintf("more than half of the %d rows of %s are distinct: taken as symbols, they give about ln n whatever the data; for continuous data %s", n, flag, suggestion)
}

// skewLimit is the |sample skewness| beyond which mi ranks the columns
// for KSG by itself.
const skewLimit = 10

// skewedColumn returns the first column of x (flag "--x"), then of y
// ("--y"; y may be nil), whose |sample skewness| exceeds skewLimit, 1-based,
// with its skewness; col = 0 when none does. Such a column (exp(σZ) with
// σ ≳ 1.5, or a few huge outliers) puts almost all points in one corner
// after KSG's standardisation, and the estimate falls far below the MI
// (exp(5Z) against a ρ = 0.9 partner: 0.15–0.22 nats for 0.83); on ranks it
// is right (0.82), and for Student-t data with ν ≤ 2 (skewness 10–50) ranks
// bring KSG closer to the truth too. Gaussian-like data never reach the
// limit. O(n·d).
func skewedColumn(x, y *mat.Dense) (col int, flag string, skew float64) {
	for _, m := range []struct {
		flag string
		m    *mat.Dense
	}{{"--x", x}, {"--y", y}} {
		if m.m == nil {
			continue
		}
		n, d := m.m.Dims()
		if n < 20 {
			continue
		}
		v := make([]float64, n)
		for c := 0; c < d; c++ {
			mat.Col(v, c, m.m)
			if s := stat.Skew(v, nil); math.Abs(s) > skewLimit {
				return c + 1, m.flag, s
			}
		}
	}
	return 0, "", 0
}

// distinctRows counts the distinct rows of m (by their bits), stopping at
// limit+1.
func distinctRows(m *mat.Dense, limit int) int {
	n, d := m.Dims()
	seen := make(map[string]struct{}, min(n, limit+1))
	key := make([]byte, 0, 8*d)
	for i := 0; i < n && len(seen) <= limit; i++ {
		key = key[:0]
		for _, v := range m.RawRowView(i) {
			key = binary.LittleEndian.AppendUint64(key, math.Float64bits(v))
		}
		seen[string(key)] = struct{}{}
	}
	return len(seen)
}
