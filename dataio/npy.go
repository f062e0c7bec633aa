package dataio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/internal/check"
)

// npyMagic opens every .npy file: "\x93NUMPY", then a major and a minor
// version byte.
const npyMagic = "\x93NUMPY"

// maxHeaderLen bounds the header dictionary of a .npy file. NumPy itself
// refuses headers over 10,000 bytes unless told otherwise; real headers are
// about 100 bytes.
const maxHeaderLen = 1 << 20

// chunkSize is how many bytes of the array body are read at a time. It is a
// multiple of every item size.
const chunkSize = 64 << 10

// dtype is a supported NumPy element type.
type dtype struct {
	descr string           // as written in the header, e.g. "<f8"
	kind  byte             // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
	size  int              // bytes per element: 1, 2, 4 or 8
	order binary.ByteOrder // byte order of multi-byte elements
}

// npyHeader is the parsed header of a .npy file.
type npyHeader struct {
	dt      dtype
	fortran bool
	shape   []int
	count   int   // number of elements, the product of shape
	nbytes  int64 // count × item size
	offset  int64 // bytes before the array body (magic, lengths, dictionary)
}

// shapeString formats a shape as Python does: (3,), (2, 3), ().
func shapeString(shape []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// ReadNPY reads a .npy array from r as a matrix. name is used in error
// messages only (usually the file name). A 1-D array of n elements becomes
// an n×1 matrix; a 2-D array keeps its shape; 0-D and >2-D arrays are errors.
// Fortran-ordered arrays are transposed into the row-major result. Supported
// element types are float16/32/64, signed and unsigned integers of 1 to 8
// bytes, and bool (as 0 and 1), in either byte order; integers wider than
// 53 bits lose precision in the conversion to float64.
//
// If r reports its length (bytes.Reader, strings.Reader, a regular
// *os.File), a header claiming more data than r holds is rejected before any
// allocation; otherwise memory grows only as data actually arrives. When
// the length is known, bytes after the array body are an error; otherwise
// they are not read.
func ReadNPY(r io.Reader, name string) (*mat.Dense, error) {
	avail, trusted := remaining(r)
	return readNPYMatrix(r, disp(name), avail, trusted, false)
}

// ReadLabelsNPY reads integer labels from a .npy array in r: a 1-D array, or
// a 2-D array with one column or one row. Integer and bool arrays are taken
// as they are; float arrays are accepted when every value is an exact
// integer. Negative labels are an error. name is used in error messages.
func ReadLabelsNPY(r io.Reader, name string) ([]int, error) {
	avail, trusted := remaining(r)
	return readNPYLabels(r, disp(name), avail, trusted)
}

// remaining reports how many bytes r still holds, when r can tell.
func remaining(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1, false
		}
		pos, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1, false
		}
		return st.Size() - pos, true
	case interface{ Len() int }:
		return int64(v.Len()), true
	}
	return -1, false
}

// readNPYMatrix reads a .npy array as a matrix; with finite, a NaN or ±Inf
// element is an error naming it (see ReadMatrixFinite).
func readNPYMatrix(r io.Reader, name string, avail int64, trusted, finite bool) (*mat.Dense, error) {
	h, err := readNPYHeader(r, name, avail)
	if err != nil {
		return nil, err
	}
	var rows, cols int
	switch len(h.shape) {
	case 0:
		return nil, formatErr("%s: array is 0-D (a scalar), need a 1-D or 2-D array", name)
	case 1:
		rows, cols = h.shape[0], 1
	case 2:
		rows, cols = h.shape[0], h.shape[1]
	default:
		return nil, formatErr("%s: array has shape %s, need a 1-D or 2-D array with one row per sample (reshape it to (%d, -1) first)",
			name, shapeString(h.shape), h.shape[0])
	}
	if h.count == 0 {
		return nil, formatErr("%s: array has shape %s and holds no values, need at least one row and one column", name, shapeString(h.shape))
	}
	var data []float64
	if trusted && nativeF8(h.dt) {
		// The size check has proved the body is there: read it straight
		// into the matrix's memory, no decode pass and no chunk buffers.
		data = make([]float64, h.count)
		if n, err := io.ReadFull(r, unsafe.Slice((*byte)(unsafe.Pointer(&data[0])), 8*h.count)); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, formatErr("%s: truncated array body: header declares %d bytes (shape %s of %s) but the body ends after %s",
					name, h.nbytes, shapeString(h.shape), h.dt.descr, count(n, "byte"))
			}
			return nil, readErr(name, err)
		}
	} else {
		data = make([]float64, 0, capHint(h, trusted))
		data, err = readBody(r, name, h, data, func(dst []float64, b []byte) ([]float64, error) {
			return decodeFloat(dst, b, h.dt), nil
		})
		if err != nil {
			return nil, err
		}
	}
	if err := checkTrailing(name, h, avail, trusted); err != nil {
		return nil, err
	}
	if finite {
		if err := npyFinite(name, h, data, rows, cols); err != nil {
			return nil, err
		}
	}
	if h.fortran && rows > 1 && cols > 1 {
		data = fortranToC(data, rows, cols)
	}
	return mat.NewDense(rows, cols, data), nil
}

func readNPYLabels(r io.Reader, name string, avail int64, trusted bool) ([]int, error) {
	h, err := readNPYHeader(r, name, avail)
	if err != nil {
		return nil, err
	}
	switch {
	case len(h.shape) == 1:
	case len(h.shape) == 2 && (h.shape[0] == 1 || h.shape[1] == 1):
	default:
		return nil, formatErr("%s: labels array has shape %s, need a 1-D array or one column (n, 1)", name, shapeString(h.shape))
	}
	if h.count == 0 {
		return nil, formatErr("%s: labels array has shape %s and holds no labels", name, shapeString(h.shape))
	}
	// With one row or one column, C and Fortran order are the same sequence.
	labels := make([]int, 0, capHint(h, trusted))
	labels, err = readBody(r, name, h, labels, func(dst []int, b []byte) ([]int, error) {
		return decodeLabels(dst, b, h.dt, name)
	})
	if err != nil {
		return nil, err
	}
	if err := checkTrailing(name, h, avail, trusted); err != nil {
		return nil, err
	}
	return labels, nil
}

// npyFinite returns an error naming the first NaN or ±Inf element of data
// (in file order) by its row and column counted from 1, its NumPy index and
// its byte offset in the .npy, or nil.
func npyFinite(name string, h *npyHeader, data []float64, rows, cols int) error {
	var acc float64
	for _, v := range data {
		acc += v - v // 0 unless some v is NaN or ±Inf
	}
	if acc == 0 {
		return nil
	}
	for k, v := range data {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			continue
		}
		i, j := k/cols, k%cols
		if h.fortran && rows > 1 && cols > 1 {
			i, j = k%rows, k/rows
		}
		off := h.offset + int64(k)*int64(h.dt.size)
		where := fmt.Sprintf("row %d, column %d (element [%d, %d], byte offset %d of the .npy)", i+1, j+1, i, j, off)
		if len(h.shape) == 1 {
			where = fmt.Sprintf("row %d (element [%d], byte offset %d of the .npy)", i+1, i, off)
		}
		return nonFiniteErr(name, where, "", v)
	}
	return nil
}

// checkTrailing refuses an input of known size that holds bytes after the
// array body. NumPy ignores them, but they mean the header's shape does not
// describe the data (a hand-written header) or that several arrays were
// appended to one file, of which NumPy silently loads only the first; either
// way the numbers read would not be the data the user meant.
func checkTrailing(name string, h *npyHeader, avail int64, trusted bool) error {
	if !trusted {
		return nil
	}
	if extra := avail - h.offset - h.nbytes; extra > 0 {
		verb := "follow"
		if extra == 1 {
			verb = "follows"
		}
		return formatErr("%s: %s %s the array body that the header declares (shape %s of %s, %d bytes): the header's shape is wrong or several arrays were appended to one file; save one array per .npy file, or several in an .npz",
			name, count(int(extra), "byte"), verb, shapeString(h.shape), h.dt.descr, h.nbytes)
	}
	return nil
}

// capHint is the initial capacity of the decoded slice: the full element
// count when the reader's length is known (the size check has then proved
// the data is there), else a bounded start that grows with the data read.
func capHint(h *npyHeader, trusted bool) int {
	if trusted {
		return h.count
	}
	return min(h.count, 1024)
}

// readBody reads h.nbytes of array body from r in chunks and decodes each
// one, appending to dst. A short body is an error naming how much is missing.
func readBody[T any](r io.Reader, name string, h *npyHeader, dst []T, decode func([]T, []byte) ([]T, error)) ([]T, error) {
	// The buffer starts small and doubles up to chunkSize, so a body that
	// ends early costs little. Every size is a multiple of the item size.
	buf := make([]byte, min(4096, h.nbytes))
	var got int64
	for got < h.nbytes {
		if got > 0 && len(buf) < chunkSize && int64(len(buf)) < h.nbytes-got {
			buf = make([]byte, min(2*int64(len(buf)), chunkSize, h.nbytes-got))
		}
		want := min(int64(len(buf)), h.nbytes-got)
		n, err := io.ReadFull(r, buf[:want])
		got += int64(n)
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, formatErr("%s: truncated array body: header declares %d bytes (shape %s of %s) but the body ends after %s",
					name, h.nbytes, shapeString(h.shape), h.dt.descr, count(int(got), "byte"))
			}
			return nil, readErr(name, err)
		}
		// Grow by doubling (bounded by the element count) rather than by
		// append's smaller steps, so an unsized read copies less.
		if items := n / h.dt.size; cap(dst)-len(dst) < items {
			grown := make([]T, len(dst), min(max(2*cap(dst), len(dst)+items), h.count))
			copy(grown, dst)
			dst = grown
		}
		dst, err = decode(dst, buf[:n])
		if err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// fortranToC reorders column-major data of a rows×cols array into row-major.
func fortranToC(data []float64, rows, cols int) []float64 {
	out := make([]float64, len(data))
	for j := 0; j < cols; j++ {
		col := data[j*rows : (j+1)*rows]
		for i, v := range col {
			out[i*cols+j] = v
		}
	}
	return out
}

// readErr wraps an I/O error from the underlying reader, keeping it
// matchable with errors.Is.
func readErr(name string, err error) error {
	return fmt.Errorf("%s: read: %w", name, err)
}

// readNPYHeader reads and validates the magic, version and header
// dictionary. avail (if ≥ 0) is the number of bytes r holds; the header and
// the declared body must fit in it.
func readNPYHeader(r io.Reader, name string, avail int64) (*npyHeader, error) {
	var pre [10]byte
	n, err := io.ReadFull(r, pre[:8])
	if err != nil {
		if n == 0 && errors.Is(err, io.EOF) {
			return nil, formatErr("%s: empty file, expected a .npy array", name)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, readErr(name, err)
		}
	}
	if n < len(npyMagic) || string(pre[:len(npyMagic)]) != npyMagic {
		return nil, formatErr("%s: not a .npy file: expected the magic string \\x93NUMPY, found %q", name, pre[:n])
	}
	if n < 8 {
		return nil, formatErr("%s: truncated .npy header: file ends after %s, inside the version number", name, count(n, "byte"))
	}
	major, minor := pre[6], pre[7]
	var lenSize int
	switch major {
	case 1:
		lenSize = 2
	case 2, 3:
		lenSize = 4
	default:
		return nil, formatErr("%s: unsupported .npy format version %d.%d, expected 1.0, 2.0 or 3.0", name, major, minor)
	}
	var lb [4]byte
	if n, err := io.ReadFull(r, lb[:lenSize]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, formatErr("%s: truncated .npy header: file ends after %s, inside the header length", name, count(8+n, "byte"))
		}
		return nil, readErr(name, err)
	}
	var hlen int64
	if lenSize == 2 {
		hlen = int64(binary.LittleEndian.Uint16(lb[:2]))
	} else {
		hlen = int64(binary.LittleEndian.Uint32(lb[:4]))
	}
	offset := 8 + int64(lenSize) + hlen
	if hlen > maxHeaderLen {
		return nil, formatErr("%s: .npy header length %d is over the limit of %d bytes", name, hlen, maxHeaderLen)
	}
	if avail >= 0 && offset > avail {
		return nil, formatErr("%s: truncated .npy header: header declares %d bytes but the file holds %d in all", name, offset, avail)
	}
	raw, err := readUpTo(r, hlen)
	if err != nil {
		return nil, readErr(name, err)
	}
	if int64(len(raw)) < hlen {
		return nil, formatErr("%s: truncated .npy header: header declares %d bytes but the file ends after %d", name, offset, 8+int64(lenSize)+int64(len(raw)))
	}
	h, err := parseHeaderDict(raw)
	if err != nil {
		return nil, formatErr("%s: bad .npy header: %v", name, err)
	}
	h.offset = offset
	if avail >= 0 && h.nbytes > avail-offset {
		return nil, formatErr("%s: header claims %d bytes of data (shape %s of %s) but the file holds only %d after the header",
			name, h.nbytes, shapeString(h.shape), h.dt.descr, avail-offset)
	}
	return h, nil
}

// readUpTo reads n bytes from r, or fewer if r ends first. The buffer grows
// with the data that actually arrives, so a bogus n allocates nothing big.
func readUpTo(r io.Reader, n int64) ([]byte, error) {
	var b bytes.Buffer
	b.Grow(int(min(n, 4096)))
	_, err := io.CopyN(&b, r, n)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b.Bytes(), nil
}

// parseHeaderDict parses the header dictionary of a .npy file, a Python
// literal such as {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }
// padded with spaces and ended by a newline. The error text does not name
// the file; the caller adds it.
func parseHeaderDict(raw []byte) (*npyHeader, error) {
	p := &literalParser{s: raw}
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.s) {
		rest := p.s[p.pos:]
		if len(rest) > 12 {
			rest = append(rest[:12:12], "…"...)
		}
		return nil, fmt.Errorf("the dictionary ends at byte %d of the %d the header length field declares, and what follows it is not space padding (%q): the header length field is wrong or the header was edited",
			p.pos, len(p.s), rest)
	}
	d, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected a dictionary, found %s", typeName(v))
	}
	for k := range d {
		if k != "descr" && k != "fortran_order" && k != "shape" {
			return nil, fmt.Errorf("unexpected key %q, expected only 'descr', 'fortran_order' and 'shape'", clip(k))
		}
	}
	h := &npyHeader{}
	switch descr := d["descr"].(type) {
	case string:
		dt, err := parseDescr(descr)
		if err != nil {
			return nil, err
		}
		h.dt = dt
	case nil:
		return nil, errors.New("missing key 'descr'")
	case []any:
		return nil, errors.New("structured dtype (a record array) is not supported, expected a plain numeric dtype")
	default:
		return nil, fmt.Errorf("'descr' is %s, expected a string such as '<f8'", typeName(descr))
	}
	switch f := d["fortran_order"].(type) {
	case bool:
		h.fortran = f
	case nil:
		return nil, errors.New("missing key 'fortran_order'")
	default:
		return nil, fmt.Errorf("'fortran_order' is %s, expected True or False", typeName(f))
	}
	shape, ok := d["shape"].([]any)
	if !ok {
		if d["shape"] == nil {
			return nil, errors.New("missing key 'shape'")
		}
		return nil, fmt.Errorf("'shape' is %s, expected a tuple of integers", typeName(d["shape"]))
	}
	h.shape = make([]int, len(shape))
	zero := false
	for i, s := range shape {
		dim, ok := s.(int64)
		if !ok {
			return nil, fmt.Errorf("'shape' entry %d is %s, expected an integer", i, typeName(s))
		}
		if dim < 0 {
			return nil, fmt.Errorf("'shape' entry %d is negative (%d)", i, dim)
		}
		if dim > int64(math.MaxInt) {
			return nil, fmt.Errorf("'shape' entry %d (%d) is too large", i, dim)
		}
		h.shape[i] = int(dim)
		zero = zero || dim == 0
	}
	count := int64(1)
	if zero {
		count = 0
	}
	for _, dim := range h.shape {
		if zero {
			break
		}
		if count > math.MaxInt64/int64(dim) {
			return nil, fmt.Errorf("shape %s holds more elements than can be addressed", shapeString(h.shape))
		}
		count *= int64(dim)
	}
	if count > math.MaxInt64/int64(h.dt.size) || count > int64(math.MaxInt) {
		return nil, fmt.Errorf("shape %s of %s is too large to address", shapeString(h.shape), h.dt.descr)
	}
	h.count = int(count)
	h.nbytes = count * int64(h.dt.size)
	return h, nil
}

// parseDescr parses a NumPy dtype string such as '<f8', '>i4' or '|u1'.
func parseDescr(s string) (dtype, error) {
	dt := dtype{descr: s}
	body := s
	order := binary.ByteOrder(binary.NativeEndian)
	if len(body) > 0 {
		switch body[0] {
		case '<':
			order, body = binary.LittleEndian, body[1:]
		case '>':
			order, body = binary.BigEndian, body[1:]
		case '|', '=':
			body = body[1:]
		}
	}
	dt.order = order
	if body == "?" {
		body = "b1"
	}
	supported := map[byte][]int{'f': {2, 4, 8}, 'i': {1, 2, 4, 8}, 'u': {1, 2, 4, 8}, 'b': {1}}
	var kind byte
	if len(body) > 0 {
		kind = body[0]
		if sz, err := strconv.Atoi(body[1:]); err == nil {
			for _, ok := range supported[kind] {
				if sz == ok {
					dt.kind, dt.size = kind, sz
					return dt, nil
				}
			}
		}
	}
	what := map[byte]string{
		'c': "complex", 'U': "unicode string", 'S': "byte string", 'a': "byte string", 'O': "Python object",
		'V': "void/record", 'M': "datetime", 'm': "timedelta", 'f': "float of this size", 'i': "integer of this size",
		'u': "unsigned integer of this size", 'b': "bool of this size",
	}[kind]
	if what == "" {
		what = "not a NumPy type string"
	}
	return dt, fmt.Errorf("dtype '%s' (%s) is not supported, expected float (f2, f4, f8), integer (i1, i2, i4, i8, u1, u2, u4, u8) or bool (b1)", clip(s), what)
}

// decodeFloat appends the elements in b (a whole number of items) to dst as
// float64.
// nativeF8 reports whether items of dt are float64 in this machine's byte
// order, so that the file's bytes are the values' memory.
func nativeF8(dt dtype) bool {
	return dt.kind == 'f' && dt.size == 8 && dt.order.Uint16([]byte{1, 0}) == binary.NativeEndian.Uint16([]byte{1, 0})
}

func decodeFloat(dst []float64, b []byte, dt dtype) []float64 {
	o := dt.order
	// Fast paths for the common little-endian floats: a concrete byte order
	// lets the compiler inline the loads.
	if o == binary.ByteOrder(binary.LittleEndian) && dt.kind == 'f' && dt.size >= 4 {
		le := binary.LittleEndian
		if dt.size == 8 {
			for i := 0; i+8 <= len(b); i += 8 {
				dst = append(dst, math.Float64frombits(le.Uint64(b[i:])))
			}
		} else {
			for i := 0; i+4 <= len(b); i += 4 {
				dst = append(dst, float64(math.Float32frombits(le.Uint32(b[i:]))))
			}
		}
		return dst
	}
	switch dt.kind {
	case 'f':
		switch dt.size {
		case 2:
			for i := 0; i+2 <= len(b); i += 2 {
				dst = append(dst, halfToFloat64(o.Uint16(b[i:])))
			}
		case 4:
			for i := 0; i+4 <= len(b); i += 4 {
				dst = append(dst, float64(math.Float32frombits(o.Uint32(b[i:]))))
			}
		case 8:
			for i := 0; i+8 <= len(b); i += 8 {
				dst = append(dst, math.Float64frombits(o.Uint64(b[i:])))
			}
		}
	case 'i':
		switch dt.size {
		case 1:
			for _, v := range b {
				dst = append(dst, float64(int8(v)))
			}
		case 2:
			for i := 0; i+2 <= len(b); i += 2 {
				dst = append(dst, float64(int16(o.Uint16(b[i:]))))
			}
		case 4:
			for i := 0; i+4 <= len(b); i += 4 {
				dst = append(dst, float64(int32(o.Uint32(b[i:]))))
			}
		case 8:
			for i := 0; i+8 <= len(b); i += 8 {
				dst = append(dst, float64(int64(o.Uint64(b[i:]))))
			}
		}
	case 'u':
		switch dt.size {
		case 1:
			for _, v := range b {
				dst = append(dst, float64(v))
			}
		case 2:
			for i := 0; i+2 <= len(b); i += 2 {
				dst = append(dst, float64(o.Uint16(b[i:])))
			}
		case 4:
			for i := 0; i+4 <= len(b); i += 4 {
				dst = append(dst, float64(o.Uint32(b[i:])))
			}
		case 8:
			for i := 0; i+8 <= len(b); i += 8 {
				dst = append(dst, float64(o.Uint64(b[i:])))
			}
		}
	case 'b':
		for _, v := range b {
			if v != 0 {
				dst = append(dst, 1)
			} else {
				dst = append(dst, 0)
			}
		}
	}
	return dst
}

// decodeLabels appends the elements in b to dst as labels, rejecting
// fractional, non-finite and out-of-range values.
func decodeLabels(dst []int, b []byte, dt dtype, name string) ([]int, error) {
	o := dt.order
	base := len(dst)
	bad := func(i int, v any, why string) error {
		return labelErr(name, fmt.Sprintf("label %v at row %d (element [%d]) %s", v, base+i+1, base+i, why))
	}
	n := len(b) / dt.size
	for i := 0; i < n; i++ {
		item := b[i*dt.size : (i+1)*dt.size]
		var v int64
		switch dt.kind {
		case 'b':
			if item[0] != 0 {
				v = 1
			}
		case 'i':
			switch dt.size {
			case 1:
				v = int64(int8(item[0]))
			case 2:
				v = int64(int16(o.Uint16(item)))
			case 4:
				v = int64(int32(o.Uint32(item)))
			case 8:
				v = int64(o.Uint64(item))
			}
		case 'u':
			var u uint64
			switch dt.size {
			case 1:
				u = uint64(item[0])
			case 2:
				u = uint64(o.Uint16(item))
			case 4:
				u = uint64(o.Uint32(item))
			case 8:
				u = o.Uint64(item)
			}
			if u > math.MaxInt64 {
				return nil, bad(i, u, "is too large")
			}
			v = int64(u)
		case 'f':
			var f float64
			switch dt.size {
			case 2:
				f = halfToFloat64(o.Uint16(item))
			case 4:
				f = float64(math.Float32frombits(o.Uint32(item)))
			case 8:
				f = math.Float64frombits(o.Uint64(item))
			}
			var err error
			if v, err = floatLabel(f); err != nil {
				return nil, bad(i, f, err.Error())
			}
		}
		if v > int64(math.MaxInt) || v < int64(math.MinInt) {
			return nil, bad(i, v, "is too large")
		}
		dst = append(dst, int(v))
	}
	return dst, nil
}

// floatLabel converts a float label that must be an exact integer.
func floatLabel(f float64) (int64, error) {
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return 0, errors.New("is not finite")
	case f != math.Trunc(f):
		return 0, errors.New("is not an integer")
	case f >= 1<<63 || f < -(1<<63):
		return 0, errors.New("is outside the 64-bit integer range")
	}
	return int64(f), nil
}

// halfToFloat64 converts an IEEE 754 binary16 value.
func halfToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// WriteNPYTo writes m to w as a .npy file (format 1.0, little-endian
// float64 '<f8', C order, shape (rows, cols)), laid out as NumPy's np.save
// lays it out, so np.load reads it back. An empty matrix is an error.
func WriteNPYTo(w io.Writer, m mat.Matrix) error {
	if m == nil {
		return fmt.Errorf("nil matrix: %w", check.ErrShape)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("empty %d×%d matrix, nothing to write: %w", r, c, check.ErrShape)
	}
	bw := bufio.NewWriterSize(w, chunkSize)
	if _, err := bw.Write(npyHeaderBytes("<f8", []int{r, c})); err != nil {
		return err
	}
	var b [8]byte
	raw, isRaw := m.(mat.RawMatrixer)
	for i := 0; i < r; i++ {
		if isRaw {
			rm := raw.RawMatrix()
			for _, v := range rm.Data[i*rm.Stride : i*rm.Stride+c] {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
				bw.Write(b[:])
			}
			continue
		}
		for j := 0; j < c; j++ {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(m.At(i, j)))
			bw.Write(b[:])
		}
	}
	return bw.Flush()
}

// WriteLabelsNPYTo writes labels to w as a 1-D little-endian int64 ('<i8')
// .npy array. An empty slice is an error.
func WriteLabelsNPYTo(w io.Writer, labels []int) error {
	if err := checkLabelsOut(labels); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, chunkSize)
	if _, err := bw.Write(npyHeaderBytes("<i8", []int{len(labels)})); err != nil {
		return err
	}
	var b [8]byte
	for _, l := range labels {
		binary.LittleEndian.PutUint64(b[:], uint64(l))
		bw.Write(b[:])
	}
	return bw.Flush()
}

// npyHeaderBytes builds a format 1.0 header as NumPy (≥ 1.23) writes it:
// the dictionary with keys in sorted order, 21 - len(str(shape[0])) spare
// spaces for in-place growth, then spaces and a newline so that the data
// starts at a multiple of 64 bytes.
func npyHeaderBytes(descr string, shape []int) []byte {
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, shapeString(shape))
	dict += strings.Repeat(" ", max(0, 21-len(strconv.Itoa(shape[0]))))
	hlen := len(dict) + 1
	pad := 64 - (len(npyMagic)+2+2+hlen)%64
	var b bytes.Buffer
	b.WriteString(npyMagic)
	b.Write([]byte{1, 0})
	var lb [2]byte
	binary.LittleEndian.PutUint16(lb[:], uint16(hlen+pad))
	b.Write(lb[:])
	b.WriteString(dict)
	b.WriteString(strings.Repeat(" ", pad))
	b.WriteByte('\n')
	return b.Bytes()
}

// literalParser parses the subset of Python literals found in .npy headers:
// dicts, tuples, lists, strings, integers, True, False and None.
type literalParser struct {
	s   []byte
	pos int
}

// maxDepth bounds the nesting of header literals so that hostile input
// cannot exhaust the stack.
const maxDepth = 16

func (p *literalParser) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			p.pos++
		default:
			return
		}
	}
}

func (p *literalParser) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d of the dictionary: "+format, append([]any{p.pos}, args...)...)
}

func (p *literalParser) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, p.errorf("nested too deeply")
	}
	p.skipSpace()
	if p.pos >= len(p.s) {
		return nil, p.errorf("unexpected end of header")
	}
	c := p.s[p.pos]
	switch {
	case c == '{':
		return p.dict(depth)
	case c == '(' || c == '[':
		return p.sequence(depth)
	case c == '\'' || c == '"':
		return p.str()
	case c == '-' || c == '+' || (c >= '0' && c <= '9'):
		return p.integer()
	case c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z':
		start := p.pos
		for p.pos < len(p.s) && (p.s[p.pos] >= 'A' && p.s[p.pos] <= 'Z' || p.s[p.pos] >= 'a' && p.s[p.pos] <= 'z') {
			p.pos++
		}
		switch w := string(p.s[start:p.pos]); w {
		case "True":
			return true, nil
		case "False":
			return false, nil
		case "None":
			return none{}, nil
		default:
			p.pos = start
			return nil, p.errorf("unexpected word %q", clip(w))
		}
	}
	return nil, p.errorf("unexpected %q", clip(string(p.s[p.pos:])))
}

// none is Python's None; it is distinct from a missing key (nil).
type none struct{}

func (p *literalParser) dict(depth int) (any, error) {
	p.pos++ // '{'
	d := map[string]any{}
	for {
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == '}' {
			p.pos++
			return d, nil
		}
		k, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		key, ok := k.(string)
		if !ok {
			return nil, p.errorf("dictionary key is %s, expected a string", typeName(k))
		}
		p.skipSpace()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return nil, p.errorf("expected ':' after key %q", clip(key))
		}
		p.pos++
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := d[key]; dup {
			return nil, p.errorf("duplicate key %q", clip(key))
		}
		d[key] = v
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == '}' {
			continue
		}
		return nil, p.errorf("expected ',' or '}' in dictionary")
	}
}

func (p *literalParser) sequence(depth int) (any, error) {
	closeCh := byte(')')
	if p.s[p.pos] == '[' {
		closeCh = ']'
	}
	p.pos++
	var items []any
	for {
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == closeCh {
			p.pos++
			if items == nil {
				items = []any{}
			}
			return items, nil
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
		p.skipSpace()
		if p.pos < len(p.s) && p.s[p.pos] == ',' {
			p.pos++
			continue
		}
		if p.pos < len(p.s) && p.s[p.pos] == closeCh {
			continue
		}
		return nil, p.errorf("expected ',' or %q in sequence", closeCh)
	}
}

func (p *literalParser) str() (any, error) {
	q := p.s[p.pos]
	p.pos++
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == q:
			p.pos++
			return b.String(), nil
		case c == '\\' && p.pos+1 < len(p.s):
			b.WriteByte(p.s[p.pos+1])
			p.pos += 2
		case c == '\n':
			return nil, p.errorf("newline inside a string")
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return nil, p.errorf("unterminated string")
}

func (p *literalParser) integer() (any, error) {
	start := p.pos
	if p.s[p.pos] == '-' || p.s[p.pos] == '+' {
		p.pos++
	}
	digits := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == digits {
		return nil, p.errorf("expected digits after sign")
	}
	text := string(p.s[start:p.pos])
	// Python 2 NumPy wrote long integers with an L suffix: (3L, 4L).
	if p.pos < len(p.s) && (p.s[p.pos] == 'L' || p.s[p.pos] == 'l') {
		p.pos++
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return nil, p.errorf("integer %s is out of range", clip(text))
	}
	return v, nil
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "missing"
	case none:
		return "None"
	case bool:
		return "a boolean"
	case int64:
		return "an integer"
	case string:
		return "a string"
	case []any:
		return "a sequence"
	case map[string]any:
		return "a dictionary"
	}
	return "an unknown value"
}
