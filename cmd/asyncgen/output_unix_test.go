//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A new generated file gets 0666 less the umask, as the go command's files.
func TestWriteAtomicUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	path := filepath.Join(t.TempDir(), "c_async.go")
	err := writeAtomic(path, []byte("five"))
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("a new file under umask 077 has mode %v, want -rw-------", fi.Mode().Perm())
	}
}
