package fsutil

import (
	"bytes"
	"io"
)

// WriteAtomic creates or replaces path with what write produces. If write
// returns an error, or anything fails on the way, path is left untouched and
// the temporary file is removed. The file gets mode 0644.
func WriteAtomic(path string, write func(w io.Writer) error) error {
	// a set of one: the file is complete under a temporary name (tracked
	// for RemoveTemps) before the rename puts it in place
	var set Set
	if err := set.Write(path, write); err != nil {
		return err
	}
	return set.Commit()
}

// WriteFileAtomic writes data to path atomically.
func WriteFileAtomic(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}
