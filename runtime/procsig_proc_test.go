//go:build linux

package runtime_test

import (
	"bytes"
	"errors"
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
// the stdout pipe, then kills that child. The shell exits when told to,
// once the child's output is coming.
//
// async
func waitChatty() (int, error) {
	p, err := runtime.Await(runtime.Shell("yes & echo $! >&2; read x", runtime.PipeAll))
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
	if _, err := runtime.Await(p.Stdout.ReadLine()); err != nil {
		return 0, err
	}
	p.Stdin.Write([]byte("exit\n"))
	if _, err := runtime.Await(p.Wait()); err != nil {
		return 0, err
	}
	if p.Stdout.AtEOF() {
		return 0, errors.New("stdout at its end while the background child still writes to it")
	}
	return p.Stdout.Buffered(), nil
}

// A child's exit is seen while a grandchild that inherited its stdout goes
// on writing to it: the read at the exit takes at most what a pipe can
// hold (readAhead stops at EAGAIN, which the reader here usually meets
// first, or after maxPipeSize), on top of the read-ahead of the pipe
// while the child ran (at most twice the stream's limit), and the pipe
// stays open for the rest.
func TestProcsigExitWithLiveWriter(t *testing.T) {
	n, err := runtime.Run(waitChattyAsync())
	if err != nil {
		t.Fatal(err)
	}
	if most := 2*runtime.DefaultLimit + 1<<20 + 1<<16; n > most {
		t.Errorf("the reads buffered %d bytes of a writer that outlived the child; want at most %d: the read-ahead's twice the limit, a pipe's 1 MiB at the exit and one read", n, most)
	}
}

// waitBigPipe waits for a child that enlarged its stdout pipe and filled
// it with more than a read's share of a pass, without reading it.
//
// bigPipe is what waitBigPipe saw: bytes read after the exit, and open
// descriptors before the start and after the exit.
type bigPipe struct{ n, before, after int }

// async
func waitBigPipe(size int) (bigPipe, error) {
	script := fmt.Sprintf("import fcntl, os\nfcntl.fcntl(1, 1031, 1<<20)\nos.write(1, b'x'*%d)\n", size)
	// A first child, so that the loop's poller is open before the count.
	if _, err := runtime.Await(execCommunicateAsync(exec.Command("true"), runtime.PipeStdout, nil)); err != nil {
		return bigPipe{}, err
	}
	before := openFDCount()
	p, err := runtime.Await(runtime.Exec(exec.Command("python3", "-c", script), runtime.PipeStdout))
	if err != nil {
		return bigPipe{}, err
	}
	if _, err := runtime.Await(p.Wait()); err != nil {
		return bigPipe{}, err
	}
	after := openFDCount()
	b, err := runtime.Await(p.Stdout.ReadAll())
	return bigPipe{len(b), before, after}, err
}

// What a child left in a pipe it made larger than a pass's share of reads
// is read whole at its exit, and the pipe closes.
func TestProcsigReadAheadWholePipe(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3 to enlarge a pipe")
	}
	const size = 600_000
	got, err := runtime.Run(waitBigPipeAsync(size))
	if err != nil {
		t.Fatal(err)
	}
	if got.n != size {
		t.Errorf("read %d bytes after the exit, want %d", got.n, size)
	}
	if got.after != got.before {
		t.Errorf("open descriptors: %d before the start, %d after the exit; want the stdout pipe closed", got.before, got.after)
	}
}
