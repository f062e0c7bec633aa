package fsutil

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Set stages the output files of one command and puts them in place
// together. Write writes each file completely (synced) under a temporary
// name beside its destination; Commit renames them all at the end, one
// rename each, so a run interrupted while it renders its figures leaves the
// folder as it was (no new trajectory beside an old run.json), and the
// window in which a crash leaves a mixed set is that of a few renames. The
// zero value is ready to use; a Set is not safe for concurrent use.
type Set struct {
	staged []stagedFile
}

type stagedFile struct{ tmp, path string }

// Write stages path's content. Nothing appears at path before Commit.
func (s *Set) Write(path string, write func(w io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	track(tmp)
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			untrack(tmp)
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	s.staged = append(s.staged, stagedFile{tmp, path})
	return nil
}

// Commit renames every staged file into place, in the order they were
// written, and syncs their folders. On an error the files not yet renamed
// are removed.
func (s *Set) Commit() error {
	dirs := map[string]bool{}
	// RemoveTemps waits for the renames: a signal during Commit leaves the
	// whole set in place, not part of it
	temps.Lock()
	for i, f := range s.staged {
		if err := os.Rename(f.tmp, f.path); err != nil {
			temps.Unlock()
			s.staged = s.staged[i:]
			s.Abort()
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		delete(temps.m, f.tmp)
		dirs[filepath.Dir(f.path)] = true
	}
	temps.Unlock()
	s.staged = nil
	for dir := range dirs {
		if d, err := os.Open(dir); err == nil {
			_ = d.Sync()
			d.Close()
		}
	}
	return nil
}

// Abort removes the staged files; the destinations are untouched.
func (s *Set) Abort() {
	for _, f := range s.staged {
		os.Remove(f.tmp)
		untrack(f.tmp)
	}
	s.staged = nil
}

// The temporary files of Sets not yet committed, for RemoveTemps.
var temps = struct {
	sync.Mutex
	m map[string]struct{}
}{m: map[string]struct{}{}}

func track(p string) {
	temps.Lock()
	temps.m[p] = struct{}{}
	temps.Unlock()
}

func untrack(p string) {
	temps.Lock()
	delete(temps.m, p)
	temps.Unlock()
}

// RemoveTemps removes the temporary files of every Set not yet committed in
// this process: a command interrupted by a signal calls it before it exits,
// so that it leaves no staged files behind.
func RemoveTemps() {
	temps.Lock()
	defer temps.Unlock()
	for p := range temps.m {
		os.Remove(p)
		delete(temps.m, p)
	}
}
