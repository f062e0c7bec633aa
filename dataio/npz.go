package dataio

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ListNPZ returns the names of the arrays in the .npz archive at path, in
// archive order, without the ".npy" suffix (as NumPy's np.load(path).files
// shows them). Members that are not .npy files are left out.
func ListNPZ(path string) ([]string, error) {
	zr, err := openNPZ(path)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return npzArrays(&zr.Reader), nil
}

// ReadNPZ reads the array called array (with or without ".npy") from a .npz
// archive held in r, which has size bytes; array may be empty when the
// archive holds exactly one array. name is used in error messages.
func ReadNPZ(r io.ReaderAt, size int64, name, array string) (*mat.Dense, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, formatErr("%s: not a valid .npz (zip) archive (%v)", disp(name), err)
	}
	m, _, err := readNPZ(zr, disp(name), array, false, false)
	return m, err
}

func openNPZ(path string) (*zip.ReadCloser, error) {
	zr, err := zip.OpenReader(path)
	if err == nil || (errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return zr, nil
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, quotePath(err)
	}
	return nil, formatErr("%s: not a valid .npz (zip) archive (%v)", disp(path), err)
}

// readNPZFile reads one array of the archive at path, as a matrix or (if
// labels) as labels; finite refuses NaN and ±Inf in a matrix.
func readNPZFile(path, array string, labels, finite bool) (*mat.Dense, []int, error) {
	zr, err := openNPZ(path)
	if err != nil {
		return nil, nil, err
	}
	defer zr.Close()
	return readNPZ(&zr.Reader, disp(path), array, labels, finite)
}

// npzArrays lists the .npy members of zr without their suffix.
func npzArrays(zr *zip.Reader) []string {
	var names []string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".npy") {
			names = append(names, strings.TrimSuffix(f.Name, ".npy"))
		}
	}
	return names
}

// listing formats array names for an error message, eliding a long list.
func listing(names []string) string {
	const show = 10
	q := make([]string, 0, min(len(names), show))
	for i, n := range names {
		if i == show {
			break
		}
		q = append(q, fmt.Sprintf("%q", clip(n)))
	}
	s := strings.Join(q, ", ")
	if len(names) > show {
		s += fmt.Sprintf(" and %d more", len(names)-show)
	}
	return s
}

func readNPZ(zr *zip.Reader, archive, array string, labels, finite bool) (*mat.Dense, []int, error) {
	names := npzArrays(zr)
	var member *zip.File
	if array == "" {
		switch len(names) {
		case 0:
			return nil, nil, formatErr("%s: archive holds no .npy arrays", archive)
		case 1:
			array = names[0]
		default:
			return nil, nil, formatErr("%s: archive holds %d arrays (%s), select one as %s:NAME", archive, len(names), listing(names), archive)
		}
	}
	want := strings.TrimSuffix(array, ".npy") + ".npy"
	for _, f := range zr.File {
		if f.Name == want {
			member = f
			break
		}
	}
	if member == nil {
		if len(names) == 0 {
			return nil, nil, formatErr("%s: no array %q: archive holds no .npy arrays", archive, clip(array))
		}
		return nil, nil, formatErr("%s: no array %q, archive holds %s", archive, clip(array), listing(names))
	}
	name := archive + ":" + disp(strings.TrimSuffix(member.Name, ".npy"))
	rc, err := member.Open()
	if err != nil {
		return nil, nil, formatErr("%s: cannot open archive member (%v)", name, err)
	}
	defer rc.Close()
	// The member's declared size is only a claim (the archive may lie), so
	// it bounds the header's claim but is not trusted for allocation.
	avail := int64(-1)
	if member.UncompressedSize64 <= math.MaxInt64 {
		avail = int64(member.UncompressedSize64)
	}
	r := corruptReader{rc}
	var m *mat.Dense
	var l []int
	if labels {
		l, err = readNPYLabels(r, name, avail, false)
	} else {
		m, err = readNPYMatrix(r, name, avail, false, finite)
	}
	if err != nil {
		return nil, nil, err
	}
	// Reading on to the end of the member makes archive/zip verify its
	// checksum. Trailing bytes beyond 1 MiB are not counted.
	extra, err := io.CopyN(io.Discard, r, 1<<20)
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		// the compressed stream ends before the member does
		return nil, nil, formatErr("%s: corrupt archive member: its compressed data ends early", name)
	case err != nil && !errors.Is(err, io.EOF):
		return nil, nil, readErr(name, err)
	}
	if extra > 0 {
		// as for a .npy file (checkTrailing): the header's shape does not
		// describe the member's data
		more := ""
		if extra == 1<<20 {
			more = " or more"
		}
		verb := "follow"
		if extra == 1 {
			verb = "follows"
		}
		return nil, nil, formatErr("%s: %s%s %s the array body that the member's header declares: the header's shape is wrong or the member holds more than one array",
			name, count(int(extra), "byte"), more, verb)
	}
	return m, l, nil
}

// corruptReader marks errors from a compressed archive member (bad deflate
// data, checksum mismatch) as ErrFormat.
type corruptReader struct{ r io.Reader }

func (c corruptReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		err = fmt.Errorf("corrupt archive member (%v): %w", err, ErrFormat)
	}
	return n, err
}
