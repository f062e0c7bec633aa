package dataio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
	"github.com/itlab/itlab/internal/fsutil"
)

// ErrFormat reports a malformed or unsupported file: bad magic, a truncated
// header or body, an unsupported dtype or shape, ragged CSV rows, text where
// a number belongs, an empty file. Every read error that is not an operating
// system error wraps it; match it with errors.Is.
var ErrFormat = errors.New("malformed file")

// formatErr builds a one-line error wrapping ErrFormat.
func formatErr(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrFormat)...)
}

// labelErr builds a one-line error for an unusable label value; it wraps
// both ErrFormat and check.ErrLabels.
func labelErr(name, msg string) error {
	return fmt.Errorf("%s: %w: %s: %w", name, check.ErrLabels, msg, ErrFormat)
}

// disp returns a file name fit for a one-line message: as it is, or quoted
// if it holds control characters or invalid UTF-8.
func disp(name string) string {
	if name == "" {
		return "<input>"
	}
	if !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return strconv.Quote(name)
	}
	return name
}

// count is check.Count: "1 row", "2 rows".
var count = check.Count

// quotePath quotes the file name inside an os error when it holds control
// characters, so that a one-line message shows it as it is (a line break
// in a name would otherwise be folded to a space). The error stays an
// *fs.PathError: errors.Is(err, fs.ErrNotExist) still holds.
func quotePath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && disp(pe.Path) != pe.Path {
		q := *pe
		q.Path = disp(pe.Path)
		return &q
	}
	return err
}

// clip shortens text quoted from a file so that a message stays short.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// fileKind is how ReadMatrix and ReadLabels read a path.
type fileKind int

const (
	kindSniff fileKind = iota // unknown extension: .npy or .npz by magic, else CSV
	kindNPY
	kindNPZ
	kindCSV
)

// splitPath decides how to read path and, for "file.npz:name", splits off
// the array name.
func splitPath(path string) (file, array string, kind fileKind) {
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".npz") {
		return path, "", kindNPZ
	}
	if i := strings.LastIndex(lower, ".npz:"); i >= 0 {
		return path[:i+4], path[i+5:], kindNPZ
	}
	switch filepath.Ext(lower) {
	case ".npy":
		return path, "", kindNPY
	case ".csv", ".tsv", ".txt":
		return path, "", kindCSV
	}
	return path, "", kindSniff
}

// openFile opens path for reading. A missing file gives the os error
// (errors.Is(err, fs.ErrNotExist) holds); a directory is an ErrFormat error.
func openFile(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, quotePath(err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, formatErr("%s: is a directory, expected a data file", disp(path))
	}
	size := int64(-1)
	if st.Mode().IsRegular() {
		size = st.Size()
	}
	return f, size, nil
}

// ReadMatrix reads a sample matrix (one row per sample) from path. The
// extension picks the format:
//
//   - .npy: a NumPy array (see ReadNPY);
//   - .npz: a NumPy archive; "file.npz:name" selects the array name (with or
//     without ".npy"), and "file.npz" alone is enough when the archive holds
//     exactly one array;
//   - .csv, .tsv, .txt: delimited text (see ReadCSV);
//   - anything else: .npy or .npz if the content starts with their magic
//     bytes, else delimited text.
//
// A missing file gives the os error, so errors.Is(err, fs.ErrNotExist)
// holds; every other problem with the file wraps ErrFormat. Every error is
// one line naming the file.
func ReadMatrix(path string) (*mat.Dense, error) {
	return readMatrix(path, false)
}

// ReadMatrixFinite is ReadMatrix for data that must be finite: a NaN or ±Inf
// value is an error that says where it is in the file. For text, that is the
// line and column (counted from 1) and the text found, so a value beyond the
// float64 range (1e400, which ReadMatrix reads as +Inf) is reported where it
// was written; for .npy and .npz, the element's row and column (from 1), its
// NumPy index and its byte offset. The error wraps both ErrFormat and
// check.ErrNonFinite (itlab.ErrNonFinite).
func ReadMatrixFinite(path string) (*mat.Dense, error) {
	return readMatrix(path, true)
}

func readMatrix(path string, finite bool) (*mat.Dense, error) {
	file, array, kind := splitPath(path)
	if kind == kindNPZ {
		m, _, err := readNPZFile(file, array, false, finite)
		return m, err
	}
	f, size, err := openFile(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := disp(path)
	if kind == kindNPY {
		return readNPYMatrix(f, name, size, size >= 0, finite)
	}
	// text by its name, or no known extension: the magic bytes decide
	// (a .npy saved as .txt is read as the array it is)
	br := bufio.NewReader(f)
	switch sniff(br) {
	case kindNPY:
		return readNPYMatrix(br, name, size, size >= 0, finite)
	case kindNPZ:
		m, _, err := readNPZFile(file, "", false, finite)
		return m, err
	}
	return readCSVMatrix(br, name, finite)
}

// ReadLabels reads integer class labels from path: a .npy array (or an
// array in a .npz archive, selected as in ReadMatrix) that is 1-D or has one
// column, or delimited text with one label per row (or all on one row). The
// integer and bool dtypes are taken as they are; float values (in .npy or
// text) must be exact integers, of any sign: labels are class names
// (−1/+1 is as good as 0/1). The estimators take class ids 0…C−1; ClassIDs
// maps any labels to them. A fractional, non-finite or out-of-range value is
// an error wrapping both ErrFormat and check.ErrLabels.
func ReadLabels(path string) ([]int, error) {
	file, array, kind := splitPath(path)
	if kind == kindNPZ {
		_, l, err := readNPZFile(file, array, true, false)
		return l, err
	}
	f, size, err := openFile(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	name := disp(path)
	if kind == kindNPY {
		return readNPYLabels(f, name, size, size >= 0)
	}
	br := bufio.NewReader(f)
	switch sniff(br) {
	case kindNPY:
		return readNPYLabels(br, name, size, size >= 0)
	case kindNPZ:
		_, l, err := readNPZFile(file, "", true, false)
		return l, err
	}
	return ReadLabelsCSV(br, name)
}

// sniff looks at the first bytes of br without consuming them.
func sniff(br *bufio.Reader) fileKind {
	b, _ := br.Peek(len(npyMagic))
	switch {
	case string(b) == npyMagic:
		return kindNPY
	case len(b) >= 4 && string(b[:4]) == "PK\x03\x04":
		return kindNPZ
	}
	return kindCSV
}

// checkLabelsOut validates labels before they are written.
func checkLabelsOut(labels []int) error {
	if len(labels) == 0 {
		return fmt.Errorf("no labels to write: %w", check.ErrShape)
	}
	return nil
}

// WriteNPY writes m to path as a .npy file ('<f8', C order, shape
// (rows, cols)) atomically: the file is either the old one or the complete
// new one, never half written.
func WriteNPY(path string, m mat.Matrix) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error { return WriteNPYTo(w, m) })
}

// WriteLabelsNPY writes labels to path as a 1-D '<i8' .npy file, atomically.
func WriteLabelsNPY(path string, labels []int) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error { return WriteLabelsNPYTo(w, labels) })
}

// WriteCSV writes m to path as comma-separated text, atomically. header, if
// not nil, gives one name per column (see WriteCSVTo).
func WriteCSV(path string, m mat.Matrix, header []string) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error { return WriteCSVTo(w, m, header) })
}

// WriteLabelsCSV writes labels to path, one per line, atomically.
func WriteLabelsCSV(path string, labels []int) error {
	return fsutil.WriteAtomic(path, func(w io.Writer) error { return WriteLabelsCSVTo(w, labels) })
}
