//go:build linux

package runtime_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"syscall"
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

// unread is what waitUnread saw.
type unread struct {
	first, last int // open descriptors after the first child and the last
	out, errOut string
}

// waitUnread runs n children that write to stdout and stderr and waits
// for each without reading either pipe, then reads the last one's.
//
// async
func waitUnread(n int) (unread, error) {
	var u unread
	var p *runtime.Process
	for i := range n {
		var err error
		p, err = runtime.Await(runtime.Shell(fmt.Sprintf("echo out%d; echo err%d >&2", i, i), runtime.PipeStdout|runtime.PipeStderr))
		if err != nil {
			return u, err
		}
		if _, err = runtime.Await(p.Wait()); err != nil {
			return u, err
		}
		if i == 0 {
			u.first = openFDCount()
		}
	}
	u.last = openFDCount()
	o, err := runtime.Await(p.Stdout.ReadAll())
	if err != nil {
		return u, err
	}
	e, err := runtime.Await(p.Stderr.ReadAll())
	u.out, u.errOut = string(o), string(e)
	return u, err
}

func openFDCount() int {
	es, _ := os.ReadDir("/proc/self/fd")
	return len(es)
}

// A child that exited leaves no descriptor open for the output pipes
// nobody read, as with asyncio, whose pipe transports read to the end and
// close: a program that pipes stderr and only reads stdout, or that only
// waits, must not run out of descriptors. What the pipes held can still be
// read.
func TestProcsigUnreadPipesReleasedAtExit(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc/self/fd")
	}
	u, err := runtime.Run(waitUnreadAsync(20))
	if err != nil {
		t.Fatal(err)
	}
	first, last, out, errOut := u.first, u.last, u.out, u.errOut
	if last != first {
		t.Errorf("open descriptors went from %d to %d over 19 children waited for with their output unread", first, last)
	}
	if out != "out19\n" || errOut != "err19\n" {
		t.Errorf("the last child's output read after its exit = %q, %q; want %q, %q", out, errOut, "out19\n", "err19\n")
	}
}

// waitChatty waits for a shell whose background child goes on writing to
// the stdout pipe, then kills that child.
//
// async
func waitChatty() (int, error) {
	p, err := runtime.Await(runtime.Shell("yes & echo $! >&2", runtime.PipeStdout|runtime.PipeStderr))
	if err != nil {
		return 0, err
	}
	line, err := runtime.Await(p.Stderr.ReadLine())
	if err != nil {
		return 0, err
	}
	var pid int
	fmt.Sscan(string(line), &pid)
	defer func() {
		if pid > 0 {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}()
	if _, err := runtime.Await(p.Wait()); err != nil {
		return 0, err
	}
	return p.Stdout.Buffered(), nil
}

// The read at a child's exit is bounded by what a pipe can hold: a
// grandchild that inherited the pipe and keeps writing does not keep the
// loop reading.
func TestProcsigReadAheadBounded(t *testing.T) {
	n, err := runtime.Run(waitChattyAsync())
	if err != nil {
		t.Fatal(err)
	}
	if n > 1<<20+1<<16 {
		t.Errorf("the read at the exit buffered %d bytes of a writer that outlived the child; want at most a pipe's 1 MiB and one read", n)
	}
}
