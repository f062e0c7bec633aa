package dataio_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/itlab/itlab/dataio"
)

// Write a matrix and labels, read them back, and see what errors look like.
func Example() {
	dir, err := os.MkdirTemp("", "dataio-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	x := mat.NewDense(3, 2, []float64{0.5, 1, -2, 3.25, 4, 5})
	xPath := filepath.Join(dir, "x.npy")
	if err := dataio.WriteNPY(xPath, x); err != nil {
		log.Fatal(err)
	}
	yPath := filepath.Join(dir, "y.csv")
	if err := dataio.WriteLabelsCSV(yPath, []int{0, 1, 1}); err != nil {
		log.Fatal(err)
	}

	m, err := dataio.ReadMatrix(xPath)
	if err != nil {
		log.Fatal(err)
	}
	y, err := dataio.ReadLabels(yPath)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("x = %v\n", mat.Formatted(m, mat.Prefix("    "), mat.Squeeze()))
	fmt.Println("y =", y)

	// Text with a header row; the error names line, column and text.
	_, err = dataio.ReadCSV(strings.NewReader("a,b\n1,2\n3,oops\n"), "data.csv")
	fmt.Println(err)
	fmt.Println(errors.Is(err, dataio.ErrFormat))

	_, err = dataio.ReadMatrix(filepath.Join(dir, "missing.npy"))
	fmt.Println(errors.Is(err, fs.ErrNotExist))

	// Output:
	// x = ⎡0.5     1⎤
	//     ⎢ -2  3.25⎥
	//     ⎣  4     5⎦
	// y = [0 1 1]
	// data.csv: line 3, column 2 ("b"): "oops" is not a number, expected a decimal number, nan or inf: malformed file
	// true
	// true
}

// Pick an array from an archive written by np.savez(path, x=..., y=...).
func ExampleListNPZ() {
	names, err := dataio.ListNPZ("testdata/multi.npz")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(names)

	x, err := dataio.ReadMatrix("testdata/multi.npz:x")
	if err != nil {
		log.Fatal(err)
	}
	r, c := x.Dims()
	fmt.Println(r, c)

	// Without a name, an archive of several arrays is an error that lists them.
	_, err = dataio.ReadMatrix("testdata/multi.npz")
	fmt.Println(err)
	// Output:
	// [x y]
	// 2 3
	// testdata/multi.npz: archive holds 2 arrays ("x", "y"), select one as testdata/multi.npz:NAME: malformed file
}

// Text in any common layout: here whitespace-separated with a np.savetxt
// style comment line and non-finite values, which are read as they are.
func ExampleReadCSV() {
	m, err := dataio.ReadCSV(strings.NewReader("# x y\n1 nan\n-inf 2.5\n"), "in.txt")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.RawMatrix().Data)
	// Output:
	// [1 NaN -Inf 2.5]
}

// ReadMatrix reads 1e400 as +Inf, as NumPy does; ReadMatrixFinite refuses it
// where it is written.
func ExampleReadMatrixFinite() {
	dir, err := os.MkdirTemp("", "dataio-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(path, []byte("a,b\n1,2\n3,1e400\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	m, err := dataio.ReadMatrix(path)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.At(1, 1))
	_, err = dataio.ReadMatrixFinite(path)
	fmt.Println(strings.TrimPrefix(err.Error(), dir+string(filepath.Separator)))
	// Output:
	// +Inf
	// x.csv: line 3, column 2 ("b"): "1e400" is beyond the float64 range (±1.8e308) and reads as +Inf: non-finite value: malformed file
}
