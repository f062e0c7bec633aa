package dataio

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

// benchMatrix is 100,000 samples × 10 dimensions (8 MB of float64).
func benchMatrix() *mat.Dense { return randomMatrix(rand.New(rand.NewPCG(7, 8)), 100_000, 10) }

// BenchmarkReadNPY reads a 100k×10 '<f8' array; the baseline is npyio.Read
// into a mat.Dense.
func BenchmarkReadNPY(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteNPYTo(&buf, benchMatrix()); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("dataio", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ReadNPY(bytes.NewReader(data), "b.npy"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("dataio-stream", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ReadNPY(noLen{bytes.NewReader(data)}, "b.npy"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("npyio-baseline", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m mat.Dense
			if err := npyio.Read(bytes.NewReader(data), &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkReadCSV reads the same matrix as text; the baseline is
// encoding/csv with strconv.ParseFloat per field.
func BenchmarkReadCSV(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteCSVTo(&buf, benchMatrix(), nil); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("dataio", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ReadCSV(bytes.NewReader(data), "b.csv"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-csv-baseline", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			r := csv.NewReader(bytes.NewReader(data))
			r.ReuseRecord = true
			var vals []float64
			rows := 0
			for {
				rec, err := r.Read()
				if err != nil {
					break
				}
				for _, f := range rec {
					v, err := strconv.ParseFloat(f, 64)
					if err != nil {
						b.Fatal(err)
					}
					vals = append(vals, v)
				}
				rows++
			}
			_ = mat.NewDense(rows, len(vals)/rows, vals)
		}
	})
}
