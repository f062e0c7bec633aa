package dataio

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

func TestReadMatrixDispatch(t *testing.T) {
	dir := t.TempDir()
	vals := []float64{1, 2, 3, 4, 5, 6}
	want := mat.NewDense(2, 3, vals)
	npy := npyFixture(t, ">f8", true, []int{2, 3}, vals, 1)
	npz := npzFixture(t, true, "a.npy", npy)
	csv := []byte("x,y,z\n1,2,3\n4,5,6\n")
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"m.npy", npy},
		{"M.NPY", npy},
		{"m.npz", npz},
		{"m.npz:a", npz},
		{"m.csv", csv},
		{"m.tsv", []byte("1\t2\t3\n4\t5\t6\n")},
		{"m.txt", []byte("1 2 3\n4 5 6\n")},
		{"m.dat", csv},
		{"npy-without-extension", npy},
		{"npz.bin", npz},
		{"with:colon.csv", csv},
		// a .npy or .npz under a text name is read as what it holds
		{"npy-saved-as.txt", npy},
		{"npy-saved-as.csv", npy},
		{"npz-saved-as.tsv", npz},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.name
			if tc.name == "m.npz:a" {
				file = "m2.npz"
				tc.name = "m2.npz:a"
			}
			writeFile(t, dir, file, tc.data)
			m, err := ReadMatrix(filepath.Join(dir, tc.name))
			require.NoError(t, err)
			requireBitEqual(t, want, m)
		})
	}
}

func TestReadLabelsDispatch(t *testing.T) {
	dir := t.TempDir()
	npy := npyFixture(t, "<i4", false, []int{3}, []float64{2, 0, 1}, 1)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"y.npy", npy},
		{"y.npz", npzFixture(t, false, "labels.npy", npy)},
		{"y.csv", []byte("label\n2\n0\n1\n")},
		{"y.txt", []byte("2 0 1\n")},
		{"y.labels", npy},
		{"z.labels", npzFixture(t, false, "labels.npy", npy)},
		{"npy-as.csv", npy},
		{"npz-as.txt", npzFixture(t, false, "labels.npy", npy)},
		{"y", []byte("2\n0\n1\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadLabels(writeFile(t, dir, tc.name, tc.data))
			require.NoError(t, err)
			require.Equal(t, []int{2, 0, 1}, got)
		})
	}
}

func TestMissingFile(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"no.npy", "no.csv", "no.npz", "no.npz:x", "no.dat"} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			_, err := ReadMatrix(p)
			require.ErrorIs(t, err, fs.ErrNotExist)
			require.NotErrorIs(t, err, ErrFormat)
			require.Contains(t, err.Error(), filepath.Join(dir, "no."))
			_, err = ReadLabels(p)
			require.ErrorIs(t, err, fs.ErrNotExist)
		})
	}
	_, err := ListNPZ(filepath.Join(dir, "no.npz"))
	require.ErrorIs(t, err, fs.ErrNotExist)
	// a line break in the name is shown quoted, not folded into the line
	for _, name := range []string{"a\nb.csv", "a\nb.npy", "a\nb.npz"} {
		t.Run(strconv.Quote(name), func(t *testing.T) {
			_, err := ReadMatrix(filepath.Join(dir, name))
			require.ErrorIs(t, err, fs.ErrNotExist)
			require.NotContains(t, err.Error(), "\n")
			require.Contains(t, err.Error(), strconv.Quote(filepath.Join(dir, name)))
		})
	}
}

func TestDirectory(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "d.npy")
	require.NoError(t, os.Mkdir(sub, 0o755))
	_, err := ReadMatrix(sub)
	requireFormatErr(t, err, "d.npy: is a directory")
	_, err = ReadLabels(sub)
	requireFormatErr(t, err, "is a directory")
}

func TestEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"e.npy", "e.csv", "e.txt", "e.dat"} {
		t.Run(name, func(t *testing.T) {
			p := writeFile(t, dir, name, nil)
			_, err := ReadMatrix(p)
			requireFormatErr(t, err, p+": empty file")
			_, err = ReadLabels(p)
			requireFormatErr(t, err, p+": empty file")
		})
	}
	t.Run("e.npz", func(t *testing.T) {
		p := writeFile(t, dir, "e.npz", nil)
		_, err := ReadMatrix(p)
		requireFormatErr(t, err, p+": not a valid .npz (zip) archive")
	})
}

func TestReadNPZ(t *testing.T) {
	a := npyFixture(t, "<f4", false, []int{2, 2}, []float64{1, 2, 3, 4}, 1)
	b := npyFixture(t, "<i8", false, []int{3}, []float64{0, 1, 0}, 1)
	huge := npyRaw("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", make([]byte, 64), 1)
	corrupt := npzFixture(t, true, "a.npy", a)
	// Flip bytes in the deflate stream of the only member.
	corrupt[len(corrupt)/2] ^= 0xff
	corrupt[len(corrupt)/2+1] ^= 0xff
	badCRC := npzFixture(t, false, "a.npy", a)
	badCRC[30+len("a.npy")+len(a)-1] ^= 0x01 // last data byte of the stored member
	for _, tc := range []struct {
		name  string
		data  []byte
		array string
		want  []float64
		errs  []string
	}{
		{"stored by name", npzFixture(t, false, "a.npy", a, "b.npy", b), "a", []float64{1, 2, 3, 4}, nil},
		{"deflated by name", npzFixture(t, true, "a.npy", a, "b.npy", b), "b.npy", []float64{0, 1, 0}, nil},
		{"single array", npzFixture(t, true, "only.npy", a), "", []float64{1, 2, 3, 4}, nil},
		{"other members ignored", npzFixture(t, false, "README", []byte("hi"), "a.npy", a), "", []float64{1, 2, 3, 4}, nil},
		{"ambiguous", npzFixture(t, false, "a.npy", a, "b.npy", b), "", nil, []string{`z.npz: archive holds 2 arrays ("a", "b"), select one as z.npz:NAME`}},
		{"unknown name", npzFixture(t, false, "a.npy", a, "b.npy", b), "c", nil, []string{`z.npz: no array "c", archive holds "a", "b"`}},
		{"no arrays", npzFixture(t, false), "", nil, []string{"z.npz: archive holds no .npy arrays"}},
		{"not a zip", []byte("1,2,3\n"), "", nil, []string{"z.npz: not a valid .npz (zip) archive"}},
		{"member not npy", npzFixture(t, false, "a.npy", []byte("text")), "a", nil, []string{"z.npz:a: not a .npy file"}},
		{"member claims too much", npzFixture(t, true, "big.npy", huge), "", nil, []string{"z.npz:big: header claims 8000000000000 bytes"}},
		{"corrupt deflate", corrupt, "a", nil, []string{"z.npz:a: "}},
		{"bad checksum", badCRC, "a", nil, []string{"z.npz:a: ", "checksum"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ReadNPZ(bytes.NewReader(tc.data), int64(len(tc.data)), "z.npz", tc.array)
			if tc.errs != nil {
				requireFormatErr(t, err, tc.errs...)
				return
			}
			require.NoError(t, err)
			r, c := m.Dims()
			require.Equal(t, tc.want, m.RawMatrix().Data[:r*c])

			p := writeFile(t, t.TempDir(), "z.npz", tc.data)
			if tc.array != "" {
				p += ":" + tc.array
			}
			m2, err := ReadMatrix(p)
			require.NoError(t, err)
			requireBitEqual(t, m, m2)
		})
	}
}

func TestErrorsAreOneLine(t *testing.T) {
	// A file name with a newline is quoted so the message stays one line.
	dir := t.TempDir()
	p := writeFile(t, dir, "bad\nname.csv", []byte("1,2\n3\n"))
	_, err := ReadMatrix(p)
	requireFormatErr(t, err, `name.csv"`)
	require.True(t, errors.Is(err, ErrFormat))
}
