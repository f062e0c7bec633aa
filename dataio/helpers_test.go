package dataio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// npyFixture builds .npy bytes independently of the reader under test.
// vals are the logical elements in C (row-major) order; when fortran is set
// and the array is 2-D they are laid out column-major on disk, as NumPy does.
// version is 1, 2 or 3.
func npyFixture(t testing.TB, descr string, fortran bool, shape []int, vals []float64, version byte) []byte {
	t.Helper()
	var order binary.ByteOrder = binary.LittleEndian
	switch descr[0] {
	case '>':
		order = binary.BigEndian
	case '<', '|':
	default:
		t.Fatalf("fixture descr %q needs a byte-order prefix", descr)
	}
	kind := descr[1]
	size, err := strconv.Atoi(descr[2:])
	require.NoError(t, err)

	disk := vals
	if fortran && len(shape) == 2 {
		r, c := shape[0], shape[1]
		disk = make([]float64, len(vals))
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				disk[j*r+i] = vals[i*c+j]
			}
		}
	}
	var body bytes.Buffer
	b := make([]byte, size)
	for _, v := range disk {
		switch {
		case kind == 'f' && size == 2:
			order.PutUint16(b, float64ToHalf(t, v))
		case kind == 'f' && size == 4:
			order.PutUint32(b, math.Float32bits(float32(v)))
		case kind == 'f' && size == 8:
			order.PutUint64(b, math.Float64bits(v))
		case kind == 'i' || kind == 'u' || kind == 'b':
			var u uint64
			if v < 0 {
				u = uint64(int64(v))
			} else {
				u = uint64(v)
			}
			switch size {
			case 1:
				b[0] = byte(u)
			case 2:
				order.PutUint16(b, uint16(u))
			case 4:
				order.PutUint32(b, uint32(u))
			case 8:
				order.PutUint64(b, u)
			}
		default:
			t.Fatalf("fixture cannot encode %q", descr)
		}
		body.Write(b)
	}
	fo := "False"
	if fortran {
		fo = "True"
	}
	shp := make([]string, len(shape))
	for i, d := range shape {
		shp[i] = strconv.Itoa(d)
	}
	st := "(" + strings.Join(shp, ", ")
	if len(shape) == 1 {
		st += ","
	}
	st += ")"
	return npyRaw(fmt.Sprintf("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }", descr, fo, st), body.Bytes(), version)
}

// npyRaw wraps a header dictionary and a body into a .npy file, padding the
// header with spaces and a newline to a 16-byte boundary.
func npyRaw(dict string, body []byte, version byte) []byte {
	lenSize := 2
	if version >= 2 {
		lenSize = 4
	}
	pre := 8 + lenSize
	hlen := len(dict) + 1
	pad := (16 - (pre+hlen)%16) % 16
	hdr := dict + strings.Repeat(" ", pad) + "\n"
	var out bytes.Buffer
	out.WriteString("\x93NUMPY")
	out.Write([]byte{version, 0})
	if lenSize == 2 {
		binary.Write(&out, binary.LittleEndian, uint16(len(hdr)))
	} else {
		binary.Write(&out, binary.LittleEndian, uint32(len(hdr)))
	}
	out.WriteString(hdr)
	out.Write(body)
	return out.Bytes()
}

// float64ToHalf encodes a value that binary16 represents exactly.
func float64ToHalf(t testing.TB, v float64) uint16 {
	t.Helper()
	if math.IsNaN(v) {
		return 0x7e00
	}
	for h := 0; h < 1<<16; h++ {
		if halfToFloat64(uint16(h)) == v && (v != 0 || math.Signbit(v) == (h&0x8000 != 0)) {
			return uint16(h)
		}
	}
	t.Fatalf("%v is not exact in float16", v)
	return 0
}

// npzFixture builds a zip archive of the given members (name → bytes) in
// the order given; deflate compresses them.
func npzFixture(t testing.TB, deflate bool, members ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(members); i += 2 {
		method := zip.Store
		if deflate {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: members[i].(string), Method: method})
		require.NoError(t, err)
		_, err = w.Write(members[i+1].([]byte))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// requireOneLine checks the error conventions: non-nil, one line, wraps
// ErrFormat.
func requireFormatErr(t testing.TB, err error, contains ...string) {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, ErrFormat)
	require.NotContains(t, err.Error(), "\n", "error must be one line")
	for _, c := range contains {
		require.Contains(t, err.Error(), c)
	}
}

// noLen hides the Len method of a reader, so the reader under test cannot
// know how much data remains.
type noLen struct{ r *bytes.Reader }

func (n noLen) Read(p []byte) (int, error) { return n.r.Read(p) }
