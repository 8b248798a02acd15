//go:build linux

package runtime

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The stdin pipe of a child that exits without reading: as asyncio's write
// pipe transport, whose end closes cleanly when its reader goes with nothing
// unsent, and with BrokenPipeError only when something was (that is what
// stdin.wait_closed() raises). Writes after the reader went are dropped,
// and Drain reports them (asyncio's drain raises ConnectionResetError
// "Connection lost"; here EPIPE, as when a write met it). CPython 3.11
// printed:
//
//	(f) exited without reading, nothing written: wait_closed -> None
//	(g) exited, then a small write, close:        wait_closed -> None
//	(g2) exited, small write, drain:              drain raised ConnectionResetError Connection lost; wait_closed -> None
//	(h) head -c 1 with 1 MiB unsent, close:       wait_closed raised BrokenPipeError
//	(i) head -c 1 with 1 MiB, drain:              drain raised BrokenPipeError; wait_closed raised BrokenPipeError
//	communicate(b'' or 1 MiB) after the exit:     (b'', None), no error
func TestStdinOfExitedChild(t *testing.T) {
	type result struct {
		Drain, WaitClosed string // "nil", "EPIPE", or the error
	}
	name := func(err error) string {
		switch {
		case err == nil:
			return "nil"
		case errors.Is(err, syscall.EPIPE):
			return "EPIPE"
		}
		return err.Error()
	}
	for _, tc := range []struct {
		name    string
		command string
		write   int  // bytes written
		early   bool // written and closed before the child exits
		drain   bool // Drain before Close
		open    bool // never closed: the reader's going closes it
		want    result
	}{
		{name: "nothing written", command: "exit 0", want: result{WaitClosed: "nil"}},
		{name: "a write after the exit", command: "exit 0", write: 5, want: result{WaitClosed: "nil"}},
		{name: "a write after the exit, drained", command: "exit 0", write: 5, drain: true, want: result{Drain: "EPIPE", WaitClosed: "nil"}},
		{name: "1 MiB unsent", command: "head -c 1", write: 1 << 20, early: true, want: result{WaitClosed: "EPIPE"}},
		{name: "1 MiB unsent, drained", command: "head -c 1", write: 1 << 20, early: true, drain: true, want: result{Drain: "EPIPE", WaitClosed: "EPIPE"}},
		{name: "nothing written, never closed", command: "exit 0", open: true, want: result{WaitClosed: "nil"}},
		{name: "1 MiB unsent, never closed", command: "head -c 1", write: 1 << 20, early: true, open: true, want: result{WaitClosed: "EPIPE"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLoop(WithClock(NewVirtualClock()))
			defer l.Close()
			var p *Process
			var got result
			write := call(func() { p.Stdin.Write(make([]byte, tc.write)) })
			drain := wait(func() Awaitable[struct{}] { return p.Stdin.Drain() }, func(_ struct{}, err error) { got.Drain = name(err) })
			if !tc.drain {
				drain = call(func() {})
			}
			closeStdin := call(func() { p.Stdin.Close() })
			if tc.open {
				closeStdin = call(func() {})
			}
			steps := []pstep{
				wait(func() Awaitable[*Process] { return Shell(tc.command, PipeStdin|PipeStdout) }, func(v *Process, err error) {
					if err != nil {
						t.Fatal(err)
					}
					p = v
				}),
			}
			if tc.early {
				steps = append(steps, write, drain, closeStdin)
			}
			steps = append(steps,
				wait(func() Awaitable[int] { return p.Wait() }, nil),
				// The poller has seen the pipe's end close by now (the
				// kernel closes the child's descriptors before it reports
				// the exit); a virtual second more changes nothing.
				wait(func() Awaitable[struct{}] { return Sleep(time.Second) }, nil),
				call(func() {
					if !tc.early && p.Stdin.fdt.pfd.fd >= 0 {
						t.Errorf("the stdin pipe is still open after the child exited: the test shows nothing")
					}
					if !p.Stdin.Closed() {
						t.Errorf("Stdin.Closed is false after the child exited")
					}
				}),
			)
			if !tc.early {
				steps = append(steps, write, drain, closeStdin)
			}
			steps = append(steps,
				wait(func() Awaitable[struct{}] { return p.Stdin.WaitClosed() }, func(_ struct{}, err error) { got.WaitClosed = name(err) }),
				wait(func() Awaitable[[]byte] { return p.Stdout.ReadAll() }, nil),
			)
			run(t, l, steps...)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("stdin of %q (-want +got):\n%s", tc.command, diff)
			}
		})
	}
}

// Communicate with a child that exited without reading its stdin reports
// no error, whatever the input, as asyncio's, which ignores BrokenPipeError
// and ConnectionResetError on stdin.
func TestCommunicateExitedChild(t *testing.T) {
	for _, size := range []int{0, 1 << 20} {
		l := NewLoop(WithClock(NewVirtualClock()))
		var p *Process
		var out ProcessOutput
		var err error
		run(t, l,
			wait(func() Awaitable[*Process] { return Exec(exec.Command("sh", "-c", "exit 3"), PipeStdin|PipeStdout) }, func(v *Process, e error) {
				if e != nil {
					t.Fatal(e)
				}
				p = v
			}),
			wait(func() Awaitable[int] { return p.Wait() }, nil),
			wait(func() Awaitable[ProcessOutput] { return p.Communicate(make([]byte, size)) }, func(v ProcessOutput, e error) { out, err = v, e }),
		)
		l.Close()
		if err != nil || out.Code != 3 || len(out.Stdout) != 0 {
			t.Errorf("Communicate(%d bytes) with a child that exits 3 without reading = %+v, %v; want code 3, no output, no error", size, out, err)
		}
	}
}
