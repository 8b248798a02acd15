//go:build linux

package runtime_test

import (
	"bytes"
	"os"
	"os/exec"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func execCommunicate(cmd *exec.Cmd, pipes runtime.Pipes, input []byte) (runtime.ProcessOutput, error) {
	p, err := runtime.Await(runtime.Exec(cmd, pipes))
	if err != nil {
		return runtime.ProcessOutput{}, err
	}
	return runtime.Await(p.Communicate(input))
}

// StderrToStdout is asyncio's stderr=STDOUT: both streams come through the
// stdout pipe, in the order written.
func TestProcsigStderrToStdout(t *testing.T) {
	script := "echo out; echo err >&2; echo out2; exit 3"
	out, err := runtime.Run(execCommunicateAsync(exec.Command("/bin/sh", "-c", script), runtime.PipeStdout|runtime.StderrToStdout, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := runtime.ProcessOutput{Stdout: []byte("out\nerr\nout2\n"), Code: 3}
	if !bytes.Equal(out.Stdout, want.Stdout) || out.Stderr != nil || out.Code != want.Code {
		t.Errorf("Communicate = %q, %q, %d; want %q, nil, %d", out.Stdout, out.Stderr, out.Code, want.Stdout, want.Code)
	}
	// Without a stdout pipe, stderr follows the command's Stdout.
	f, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Stdout = f
	if _, err := runtime.Run(execCommunicateAsync(cmd, runtime.StderrToStdout, nil)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(f.Name()); string(b) != "out\nerr\nout2\n" {
		t.Errorf("file given as Stdout holds %q, want both streams", b)
	}
	// Stderr cannot be both a pipe of its own and stdout's.
	if _, err := runtime.Run(execCommunicateAsync(exec.Command("true"), runtime.PipeStderr|runtime.StderrToStdout, nil)); err == nil {
		t.Errorf("Exec with PipeStderr|StderrToStdout succeeded")
	}
}
