package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestHello runs the program the README quotes, in a child process of the
// test binary, and checks what it prints.
func TestHello(t *testing.T) {
	if os.Getenv("HELLO_RUN_MAIN") == "1" {
		main()
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestHello$")
	cmd.Env = append(os.Environ(), "HELLO_RUN_MAIN=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	const want = "hello 0\nhello 1\nhello 2\nworld\n"
	if got := string(out); got[:min(len(got), len(want))] != want {
		t.Errorf("output:\n%s\nwant it to start with:\n%s", got, want)
	}
}
