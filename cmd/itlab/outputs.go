package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/itlab/itlab/internal/fsutil"
)

// outputSet is the fsutil.Set through which a command writes its output
// files: each is staged complete under a temporary name and all are put in
// place together by Commit. It also refuses a destination that is a
// directory before anything is put in place: the rename onto it would fail
// only at Commit, after the files renamed before it, and leave a mixed set.
type outputSet struct {
	set   fsutil.Set
	paths []string
}

// Write stages path's content (see fsutil.Set.Write).
func (s *outputSet) Write(path string, write func(w io.Writer) error) error {
	if err := checkOutput(path); err != nil {
		return err
	}
	s.paths = append(s.paths, path)
	return s.set.Write(path, write)
}

// Commit puts every staged file in place, or none if a destination has
// become a directory since it was staged.
func (s *outputSet) Commit() error {
	for _, p := range s.paths {
		if err := checkOutput(p); err != nil {
			s.set.Abort()
			return err
		}
	}
	return s.set.Commit()
}

// Abort removes the staged files; the destinations are untouched.
func (s *outputSet) Abort() { s.set.Abort() }

// checkOutput refuses an output path that is a directory.
func checkOutput(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("cannot write %s: a directory of that name is in the way; nothing was written", path)
	}
	return nil
}

// checkOutputs runs checkOutput on names in dir, so a command can refuse a
// blocked output before it spends time computing.
func checkOutputs(dir string, names ...string) error {
	for _, n := range names {
		if err := checkOutput(filepath.Join(dir, n)); err != nil {
			return err
		}
	}
	return nil
}
