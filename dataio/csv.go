package dataio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// maxLine bounds one line of delimited text.
const maxLine = 1 << 30

// csvTable is delimited text parsed into numbers.
type csvTable struct {
	data       []float64 // row-major, rows×cols
	rows, cols int
	header     []string // nil if the file has no header row
	lines      []int    // line number of each data row (1-based)
	texts      []string // each value as written, when read with keepText
}

// csvOpts are readCSVTable's options.
type csvOpts struct {
	finite   bool // NaN and ±Inf are errors naming line and column
	keepText bool // keep each value's text (for messages about labels)
}

// ReadCSV reads a matrix of numbers, one row per sample, from delimited
// text in r. name is used in error messages (usually the file name).
//
// The separator is detected from the first row that is not blank or a
// comment: a tab if it holds one, else a semicolon, else a comma, else runs
// of spaces (a file mixing tabs and spaces as separators is read as
// tab-separated). A first row of names (no numbers; empty names allowed)
// is a header and is skipped, and so is a first row whose first cell is
// empty or a name and whose other cells are integers counting up by one (a
// data frame's index over numeric column names, as ",0,1"). A first row that mixes names and
// numbers otherwise is an error. A first row that reads exactly 0,1,…,d−1
// (d ≥ 2) above rows written as floats is pandas' default column names
// (DataFrame(array).to_csv(index=False)) and is skipped too; above integer
// rows it is data. Blank lines are skipped, and '#' starts a comment that
// runs to the end of the line. A field may be quoted with double quotes
// ("" inside quotes is one quote); a quoted field may hold the separator or
// '#', but not a line break. Numbers are decimal (as strconv.ParseFloat
// reads them, without its hexadecimal floats and digit separators) or any
// case of nan, inf, infinity, so NaN and ±Inf are read as such: checking
// finiteness is the estimator's job. Old Mac (CR-only) line endings are an
// error that says so. A first row of numbers with decimal commas
// ("0,5;1,5") is data, and its first value is reported as not a number with
// a hint about the comma. Values beyond the float64 range become ±Inf or 0,
// as in NumPy (ReadMatrixFinite refuses the ±Inf, naming line and column).
//
// Errors wrap ErrFormat and name the line (and for a bad value the column,
// counted from 1, and the text found): an empty file, a file with no data
// rows, a row with a different number of fields than the first (ragged
// rows), a field that is empty or not a number, an unterminated quote. A
// first column with an empty header cell (or pandas' "Unnamed: 0") that
// holds exactly the row numbers 0…n−1 or 1…n is a data frame's index
// (pandas' to_csv default, R's write.csv) and is an error too, naming the
// option that leaves it out.
func ReadCSV(r io.Reader, name string) (*mat.Dense, error) {
	return readCSVMatrix(r, disp(name), false)
}

// readCSVMatrix is ReadCSV with name already fit for display; finite makes
// NaN and ±Inf errors (see ReadMatrixFinite).
func readCSVMatrix(r io.Reader, name string, finite bool) (*mat.Dense, error) {
	t, err := readCSVTable(r, name, csvOpts{finite: finite})
	if err != nil {
		return nil, err
	}
	if err := t.indexColumn(name); err != nil {
		return nil, err
	}
	return mat.NewDense(t.rows, t.cols, t.data), nil
}

// indexColumn refuses a table whose first column is a row index written by
// a data-frame library rather than data: its header cell is empty (pandas'
// to_csv with the default index=True, R's write.csv) or pandas' "Unnamed: 0"
// (a frame read back and saved again), and it holds exactly the row numbers
// 0…n−1 or 1…n. Read as a feature it would silently change every estimate.
func (t *csvTable) indexColumn(name string) error {
	if t.header == nil || t.cols < 2 || t.rows < 2 {
		return nil
	}
	h := strings.TrimSpace(t.header[0])
	if h != "" && !strings.HasPrefix(h, "Unnamed: 0") {
		return nil
	}
	start := t.data[0]
	if start != 0 && start != 1 {
		return nil
	}
	for i := 0; i < t.rows; i++ {
		if t.data[i*t.cols] != start+float64(i) {
			return nil
		}
	}
	return formatErr("%s: the first column has no name in the header and holds the row numbers %v…%v: it is a data frame's index, not data; write the file without it (pandas: to_csv(..., index=False); R: write.csv(..., row.names = FALSE))",
		name, start, start+float64(t.rows-1))
}

// ReadLabelsCSV reads integer labels from delimited text in r: one label per
// row (a single column), or all labels on a single row. The text rules are
// those of ReadCSV (a header row is allowed). Each value must be an exact
// integer of any sign (labels are class names; see ClassIDs); "2.0" and "-1"
// are accepted, "2.5" is not.
func ReadLabelsCSV(r io.Reader, name string) ([]int, error) {
	name = disp(name)
	t, err := readCSVTable(r, name, csvOpts{keepText: true})
	if err != nil {
		return nil, err
	}
	if err := t.indexColumn(name); err != nil {
		return nil, err
	}
	if t.rows != 1 && t.cols != 1 {
		return nil, formatErr("%s: labels need one column (or one row), found %d rows of %d columns", name, t.rows, t.cols)
	}
	labels := make([]int, len(t.data))
	for i, f := range t.data {
		where := fmt.Sprintf("line %d", t.lines[0])
		if t.cols == 1 {
			where = fmt.Sprintf("line %d", t.lines[i])
		} else {
			where += fmt.Sprintf(", column %d", i+1)
		}
		v, err := floatLabel(f)
		if err == nil && (v > int64(math.MaxInt) || v < int64(math.MinInt)) {
			err = errors.New("is too large")
		}
		if err != nil {
			return nil, labelErr(name, fmt.Sprintf("%s: label %q %s", where, clip(t.texts[i]), err))
		}
		labels[i] = int(v)
	}
	return labels, nil
}

// readCSVTable parses delimited text; name is already fit for display.
// With finite, a NaN or ±Inf value (written as such, or a number beyond the
// float64 range such as 1e400) is an error naming its line and column.
func readCSVTable(r io.Reader, name string, opt csvOpts) (*csvTable, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	head, _ := br.Peek(sniffLen)
	if err := binaryData(head, name); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	t := &csvTable{}
	var (
		sep        byte // 0: not yet detected; ' ': whitespace
		lineNo     int
		firstLine  int // line of the first data row, or of the header
		sawContent bool
		fields     []string
		// seqFirst holds the first row when it reads 0,1,…,d−1: pandas'
		// default column names (to_csv of a frame built from an array), a
		// header if the values below are written as floats (laterFloat).
		seqFirst   []string
		laterFloat bool
	)
	for sc.Scan() {
		lineNo++
		raw := sc.Bytes()
		if lineNo == 1 {
			if bytes.HasPrefix(raw, []byte("\xff\xfe")) || bytes.HasPrefix(raw, []byte("\xfe\xff")) {
				return nil, formatErr("%s: the file is UTF-16 text (byte-order mark %X), expected UTF-8 or ASCII; save it as UTF-8 (Excel: \"CSV UTF-8\"; Python: encoding=\"utf-8\")", name, raw[:2])
			}
			raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
		}
		if bytes.IndexByte(raw, '\r') >= 0 {
			// ScanLines drops the \r of a \r\n ending; one left inside a
			// line is a line break of its own
			return nil, formatErr("%s: line %d holds a carriage return (\\r) inside the line: the file has old Mac (CR-only) line endings; convert them to \\n", name, lineNo)
		}
		line := strings.TrimSpace(stripComment(string(raw)))
		if line == "" {
			sawContent = sawContent || len(bytes.TrimSpace(raw)) > 0
			continue
		}
		sawContent = true
		if sep == 0 {
			sep = detectSep(line)
		}
		var err error
		fields, err = splitFields(fields[:0], line, sep)
		if err != nil {
			return nil, formatErr("%s: line %d: %v", name, lineNo, err)
		}
		if t.cols == 0 && t.header == nil {
			firstLine = lineNo
			kind := firstRowKind(fields)
			if kind == headerRow && sep != ',' && decimalCommas(fields) {
				// "0,5;1,5": numbers with decimal commas, not names; read
				// as data, the first value gets the message that says so
				kind = dataRow
			}
			switch kind {
			case headerRow:
				t.header = append([]string(nil), fields...)
				continue
			case mixedRow:
				return nil, formatErr("%s: line %d mixes names and numbers (%q): a header row must name every column and a data row must hold only numbers",
					name, lineNo, clip(line))
			}
			t.cols = len(fields)
			if columnNumbers(fields) {
				seqFirst = append([]string(nil), fields...)
			}
		} else if seqFirst != nil && !laterFloat {
			laterFloat = anyNonInteger(fields)
		}
		if t.cols == 0 { // first data row after a header
			t.cols = len(t.header)
		}
		if len(fields) != t.cols {
			what := "the first row"
			if t.header != nil {
				what = "the header"
			}
			return nil, formatErr("%s: line %d has %s, expected %d like %s on line %d (ragged rows)",
				name, lineNo, count(len(fields), "field"), t.cols, what, firstLine)
		}
		for j, f := range fields {
			v, ok := parseNumber(f)
			if !ok {
				col := t.colName(j)
				if f == "" {
					hint := ""
					if j == len(fields)-1 && j > 0 && sep != ' ' {
						hint = fmt.Sprintf(" (the line ends with a %s)", sepName(sep))
					}
					return nil, formatErr("%s: line %d, column %s: empty field, expected a number%s", name, lineNo, col, hint)
				}
				hint := ""
				if _, ok := parseNumber(strings.Replace(f, ",", ".", 1)); ok && strings.Count(f, ",") == 1 {
					hint = " (a decimal comma? write decimals with '.')"
				}
				return nil, formatErr("%s: line %d, column %s: %q is not a number, expected a decimal number, nan or inf%s",
					name, lineNo, col, clip(f), hint)
			}
			if opt.finite && (math.IsNaN(v) || math.IsInf(v, 0)) {
				return nil, nonFiniteErr(name, fmt.Sprintf("line %d, column %s", lineNo, t.colName(j)), f, v)
			}
			t.data = append(t.data, v)
			if opt.keepText {
				t.texts = append(t.texts, f)
			}
		}
		t.rows++
		t.lines = append(t.lines, lineNo)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, formatErr("%s: line %d is longer than %d bytes", name, lineNo+1, maxLine)
		}
		return nil, readErr(name, err)
	}
	if seqFirst != nil && laterFloat {
		t.header = seqFirst
		t.data = t.data[t.cols:]
		t.lines = t.lines[1:]
		if t.texts != nil {
			t.texts = t.texts[t.cols:]
		}
		t.rows--
	}
	switch {
	case t.rows > 0:
		return t, nil
	case t.header != nil:
		return nil, formatErr("%s: header row on line %d but no data rows", name, firstLine)
	case !sawContent:
		return nil, formatErr("%s: empty file, expected rows of numbers", name)
	}
	return nil, formatErr("%s: no data rows, only blank lines and comments", name)
}

// colName names column j (0-based) of the table for a message: its number
// from 1, and its header name if it has one.
func (t *csvTable) colName(j int) string {
	col := strconv.Itoa(j + 1)
	if t.header != nil && j < len(t.header) && t.header[j] != "" {
		col += fmt.Sprintf(" (%q)", clip(t.header[j]))
	}
	return col
}

// sepName names a separator in a message.
func sepName(sep byte) string {
	switch sep {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	}
	return "comma"
}

// nonFiniteErr reports a NaN or ±Inf value at where (a line and column, or
// an array element) of the file name; text is the value as written in a
// text file ("" for binary files). It wraps ErrFormat and check.ErrNonFinite.
func nonFiniteErr(name, where, text string, v float64) error {
	what := fmt.Sprintf("%v", v)
	switch {
	case math.IsInf(v, 1):
		what = "+Inf"
	case math.IsInf(v, -1):
		what = "-Inf"
	}
	msg := "the value is " + what
	if text != "" {
		msg = fmt.Sprintf("%q is %s", clip(text), what)
		var ne *strconv.NumError
		if _, err := strconv.ParseFloat(text, 64); errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			msg = fmt.Sprintf("%q is beyond the float64 range (±1.8e308) and reads as %s", clip(text), what)
		}
	}
	return fmt.Errorf("%s: %s: %s: %w: %w", name, where, msg, check.ErrNonFinite, ErrFormat)
}

// sniffLen is how many bytes at the start of a text file are checked for
// binary data.
const sniffLen = 4096

// binaryData returns an error when head, the start of a file read as text,
// holds a control character that text never does (NUL, the bytes below
// 0x20 other than tab, line feed, vertical tab, form feed and carriage
// return, and DEL): the file is binary (a .npy without its magic, a
// compressed file, /dev/zero), and reading it as lines could buffer up to
// maxLine bytes before failing on the first. UTF-16 text is left to the
// parser, which names it.
func binaryData(head []byte, name string) error {
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) {
		return nil
	}
	for i, c := range head {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7f {
			line := 1 + bytes.Count(head[:i], []byte("\n"))
			return formatErr("%s: line %d holds the control byte 0x%02X (at byte offset %d): the file is binary, not text; expected delimited text, a .npy (magic \\x93NUMPY) or a .npz (a zip archive)",
				name, line, c, i)
		}
	}
	return nil
}

// stripComment cuts line at the first '#' outside double quotes.
func stripComment(line string) string {
	if strings.IndexByte(line, '#') < 0 {
		return line
	}
	inQuote := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			inQuote = !inQuote
		case '#':
			if !inQuote {
				return line[:i]
			}
		}
	}
	return line
}

// detectSep picks the separator of a row: tab, semicolon, comma (the first
// found outside quotes, in that order of preference, so that "1,5;2,5" is
// split at the semicolon), else whitespace.
func detectSep(line string) byte {
	var seen [256]bool
	inQuote := false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '"' {
			inQuote = !inQuote
		} else if !inQuote {
			seen[c] = true
		}
	}
	for _, c := range []byte{'\t', ';', ','} {
		if seen[c] {
			return c
		}
	}
	return ' '
}

// isSpace reports the white space that separates and surrounds fields.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// splitFields splits a row (already trimmed and without comment) into
// fields, appending to dst. sep ' ' means runs of white space.
func splitFields(dst []string, line string, sep byte) ([]string, error) {
	i := 0
	for {
		if sep == ' ' {
			for i < len(line) && isSpace(line[i]) {
				i++
			}
			if i == len(line) {
				return dst, nil
			}
		} else {
			for i < len(line) && line[i] != sep && isSpace(line[i]) {
				i++
			}
		}
		var field string
		if i < len(line) && line[i] == '"' {
			var err error
			field, i, err = quoted(line, i)
			if err != nil {
				return dst, err
			}
			if sep == ' ' {
				if i < len(line) && !isSpace(line[i]) {
					return dst, fmt.Errorf("unexpected %q after a closing quote", clip(line[i:]))
				}
			} else {
				for i < len(line) && line[i] != sep && isSpace(line[i]) {
					i++
				}
				if i < len(line) && line[i] != sep {
					return dst, fmt.Errorf("unexpected %q after a closing quote", clip(line[i:]))
				}
			}
		} else {
			start := i
			if sep == ' ' {
				for i < len(line) && !isSpace(line[i]) {
					i++
				}
			} else {
				for i < len(line) && line[i] != sep {
					i++
				}
			}
			field = strings.TrimRight(line[start:i], " \t\r\v\f")
		}
		dst = append(dst, field)
		if sep == ' ' {
			continue
		}
		if i >= len(line) {
			return dst, nil
		}
		i++ // the separator
	}
}

// quoted reads a double-quoted field starting at line[i] == '"'. It returns
// the field without quotes and the index after the closing quote.
func quoted(line string, i int) (string, int, error) {
	var b strings.Builder
	i++
	for i < len(line) {
		c := line[i]
		if c == '"' {
			if i+1 < len(line) && line[i+1] == '"' {
				b.WriteByte('"')
				i += 2
				continue
			}
			return b.String(), i + 1, nil
		}
		b.WriteByte(c)
		i++
	}
	return "", i, errors.New("unterminated quote")
}

// parseNumber parses one field: a decimal number, or nan, inf or infinity
// in any case. Out-of-range values are accepted as ±Inf (or 0 on
// underflow), as NumPy does; "-nan" and "+nan", which C printf writes, are
// NaN. The Go-only forms that strconv.ParseFloat also takes, hexadecimal
// floats (0x1p-2) and digit separators (1_000), are refused: NumPy and
// pandas refuse them, and in a data file they are more often a typo.
func parseNumber(s string) (float64, bool) {
	if strings.ContainsAny(s, "_xXpP") {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err == nil {
		return v, true
	}
	var ne *strconv.NumError
	if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
		return v, true
	}
	if len(s) == 4 && (s[0] == '-' || s[0] == '+') && strings.EqualFold(s[1:], "nan") {
		return math.NaN(), true
	}
	return 0, false
}

// Kinds of first row (see firstRowKind).
const (
	dataRow = iota
	headerRow
	mixedRow
)

// firstRowKind classifies the first row of a table. It is a header when it
// holds names and no numbers (empty names allowed), or when only its first
// cell is a name or empty and the rest are numbers (a data frame's index
// column over numeric column names: ",0,1" or "Unnamed: 0,0,1"). Names mixed
// with numbers otherwise is an error (mixedRow): it is a misspelt data row
// as often as a header, and guessing either way could drop or invent a row.
// Anything else is data (an empty field is then reported as such).
func firstRowKind(fields []string) int {
	text, nums := 0, 0
	for _, f := range fields {
		if _, ok := parseNumber(f); ok {
			nums++
		} else if f != "" {
			text++
		}
	}
	_, firstIsNumber := parseNumber(fields[0])
	switch {
	case text > 0 && nums == 0:
		return headerRow
	case len(fields) >= 2 && nums == len(fields)-1 && !firstIsNumber && consecutive(fields[1:]):
		return headerRow
	case text > 0:
		return mixedRow
	}
	return dataRow
}

// consecutive reports whether fields are plain integers counting up by one
// (0,1,2 or 1,2,3 or 2019,2020): column numbers or names, as a data frame's
// header over an index column holds them. "x,1.5" or "a,3,1" is not such a
// header: it is more likely a data row with a typo in its first cell.
func consecutive(fields []string) bool {
	var prev int
	for j, f := range fields {
		if f == "" || len(f) > 18 || strings.TrimLeft(f, "0123456789") != "" {
			return false
		}
		v, _ := strconv.Atoi(f)
		if j > 0 && v != prev+1 {
			return false
		}
		prev = v
	}
	return true
}

// decimalCommas reports whether some field reads as a number once its one
// comma is a decimal point ("0,5").
func decimalCommas(fields []string) bool {
	for _, f := range fields {
		if strings.Count(f, ",") == 1 {
			if _, ok := parseNumber(strings.Replace(f, ",", ".", 1)); ok {
				return true
			}
		}
	}
	return false
}

// columnNumbers reports whether fields read exactly 0,1,…,len−1, len ≥ 2.
// A single "0" is not taken for a column name: a column of values written
// in their shortest form (Go's 'g', JavaScript) can start with it.
func columnNumbers(fields []string) bool {
	if len(fields) < 2 {
		return false
	}
	for j, f := range fields {
		if f != strconv.Itoa(j) {
			return false
		}
	}
	return true
}

// anyNonInteger reports whether a field is written as something other than a
// plain integer (a decimal point, an exponent, nan or inf).
func anyNonInteger(fields []string) bool {
	for _, f := range fields {
		for i := 0; i < len(f); i++ {
			if c := f[i]; (c < '0' || c > '9') && c != '-' && c != '+' {
				return true
			}
		}
	}
	return false
}

func allNumbers(fields []string) bool {
	for _, f := range fields {
		if _, ok := parseNumber(f); !ok {
			return false
		}
	}
	return true
}

// WriteCSVTo writes m to w as comma-separated text, one row per line, each
// value in the shortest form that reads back to the same float64 (nan, inf
// and -inf for the non-finite values, as NumPy's savetxt writes them).
// header, if not nil, must hold one name per column; names holding a comma,
// a quote, '#' or surrounding spaces are quoted, names with line breaks are
// an error, and so is a header that would not read back as one (see ReadCSV:
// names that are numbers, other than all but the first being integers that
// count up by one).
func WriteCSVTo(w io.Writer, m mat.Matrix, header []string) error {
	if m == nil {
		return fmt.Errorf("nil matrix: %w", check.ErrShape)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("empty %d×%d matrix, nothing to write: %w", r, c, check.ErrShape)
	}
	bw := bufio.NewWriterSize(w, chunkSize)
	if header != nil {
		if len(header) != c {
			return fmt.Errorf("header has %d names for %d columns: %w", len(header), c, check.ErrShape)
		}
		if firstRowKind(header) != headerRow {
			return fmt.Errorf("header names %q would not read back as a header (names must not be numbers, except that all but the first may be integers counting up by one): %w", clip(strings.Join(header, ",")), check.ErrParam)
		}
		for j, h := range header {
			if strings.ContainsAny(h, "\r\n") {
				return fmt.Errorf("header name %q holds a line break: %w", clip(h), check.ErrParam)
			}
			if j > 0 {
				bw.WriteByte(',')
			}
			if h != strings.TrimSpace(h) || strings.ContainsAny(h, ",\"#;\t") {
				h = `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
			}
			bw.WriteString(h)
		}
		bw.WriteByte('\n')
	}
	// A first row holding exactly 0,1,…,c−1 is written as 0.0,1.0,… so that
	// it cannot read back as pandas' default column names (see ReadCSV).
	numbered := header == nil && c >= 2
	for j := 0; j < c && numbered; j++ {
		numbered = m.At(0, j) == float64(j) && !math.Signbit(m.At(0, j))
	}
	buf := make([]byte, 0, 32)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			if j > 0 {
				bw.WriteByte(',')
			}
			buf = appendFloat(buf[:0], m.At(i, j))
			if numbered && i == 0 {
				buf = append(buf, ".0"...)
			}
			bw.Write(buf)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "nan"...)
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// WriteLabelsCSVTo writes labels to w, one per line, with no header.
// An empty slice is an error.
func WriteLabelsCSVTo(w io.Writer, labels []int) error {
	if err := checkLabelsOut(labels); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, chunkSize)
	buf := make([]byte, 0, 24)
	for _, l := range labels {
		buf = strconv.AppendInt(buf[:0], int64(l), 10)
		buf = append(buf, '\n')
		bw.Write(buf)
	}
	return bw.Flush()
}
