//go:build linux

package runtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	stdruntime "runtime"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCommunicate(t *testing.T) {
	tests := []struct {
		name    string
		cmd     *exec.Cmd
		pipes   Pipes
		input   string
		want    ProcessOutput
		wantNil bool
	}{
		{"cat", exec.Command("cat"), PipeAll, "hello\nworld\n",
			ProcessOutput{Stdout: []byte("hello\nworld\n"), Stderr: []byte{}}, false},
		{"stderr and code", exec.Command("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), PipeStdout | PipeStderr, "",
			ProcessOutput{Stdout: []byte("out\n"), Stderr: []byte("err\n"), Code: 3}, false},
		{"no pipes", exec.Command("true"), 0, "", ProcessOutput{}, false},
		{"killed", exec.Command("/bin/sh", "-c", "kill -9 $$"), PipeStdout, "",
			ProcessOutput{Stdout: []byte{}, Code: -9}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLoop()
			defer l.Close()
			var p *Process
			var got ProcessOutput
			run(t, l,
				wait(func() Awaitable[*Process] { return Exec(tt.cmd, tt.pipes) }, func(v *Process, err error) {
					if err != nil {
						t.Fatal(err)
					}
					p = v
				}),
				wait(func() Awaitable[ProcessOutput] { return p.Communicate([]byte(tt.input)) }, func(v ProcessOutput, err error) {
					if err != nil {
						t.Fatal(err)
					}
					got = v
				}),
			)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Communicate (-want +got):\n%s", diff)
			}
		})
	}
}

// Communicate under WaitFor, then Kill and Communicate again, as with
// subprocess.Popen: the second call has all the output, whether the first
// was cancelled while reading (the pipes still open) or while waiting (the
// pipes at their ends).
func TestCommunicateAgainAfterTimeout(t *testing.T) {
	for _, tc := range []struct {
		script string
		fill   int // Fill(3): the output is in; Fill(4): and the end too
	}{
		{"printf out; printf err >&2; exec sleep 5", 3},          // pipes open
		{"printf out; printf err >&2; exec sleep 5 >&- 2>&-", 4}, // pipes at their ends
	} {
		script := tc.script
		l := NewLoop(WithClock(NewVirtualClock()))
		var p *Process
		var first error
		var got ProcessOutput
		run(t, l,
			wait(func() Awaitable[*Process] { return Shell(script, PipeAll) }, func(v *Process, err error) {
				if err != nil {
					t.Fatal(err)
				}
				p = v
			}),
			// The virtual clock's timeout comes at once: first let the
			// output arrive.
			wait(func() Awaitable[[]byte] { return p.Stdout.Fill(tc.fill) }, nil),
			wait(func() Awaitable[[]byte] { return p.Stderr.Fill(tc.fill) }, nil),
			wait(func() Awaitable[ProcessOutput] { return WaitFor(p.Communicate(nil), time.Second) }, func(_ ProcessOutput, err error) {
				first = err
				p.Kill()
			}),
			wait(func() Awaitable[ProcessOutput] { return p.Communicate(nil) }, func(v ProcessOutput, err error) {
				if err != nil {
					t.Errorf("%s: Communicate after Kill: %v", script, err)
				}
				got = v
			}),
		)
		l.Close()
		if first != ErrTimeout {
			t.Errorf("%s: Communicate under WaitFor = %v, want ErrTimeout", script, first)
		}
		want := ProcessOutput{Stdout: []byte("out"), Stderr: []byte("err"), Code: -int(syscall.SIGKILL)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: second Communicate (-want +got):\n%s", script, diff)
		}
	}
}

// A stream that is not piped is this process's own, as in asyncio: a
// child's stderr reaches ours (here a file standing in for it), and one set
// on the command is kept.
func TestExecInheritsStreamsNotPiped(t *testing.T) {
	dir := t.TempDir()
	ours, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Close()
	set, err := os.Create(filepath.Join(dir, "set"))
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	saved := os.Stderr
	os.Stderr = ours
	defer func() { os.Stderr = saved }()
	kept := exec.Command("/bin/sh", "-c", "echo to-set >&2")
	kept.Stderr = set
	var out ProcessOutput
	l := NewLoop()
	defer l.Close()
	var p, q *Process
	run(t, l,
		wait(func() Awaitable[*Process] { return Shell("echo to-stderr >&2; echo to-stdout", PipeStdout) }, func(v *Process, err error) {
			if err != nil {
				t.Fatal(err)
			}
			p = v
		}),
		wait(func() Awaitable[ProcessOutput] { return p.Communicate(nil) }, func(v ProcessOutput, err error) { out = v }),
		wait(func() Awaitable[*Process] { return Exec(kept, 0) }, func(v *Process, err error) {
			if err != nil {
				t.Fatal(err)
			}
			q = v
		}),
		wait(func() Awaitable[int] { return q.Wait() }, nil),
	)
	os.Stderr = saved
	for name, want := range map[string]string{"stderr": "to-stderr\n", "set": "to-set\n"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(b) != want {
			t.Errorf("%s file holds %q, %v; want %q", name, b, err, want)
		}
	}
	if string(out.Stdout) != "to-stdout\n" {
		t.Errorf("piped stdout = %q, want %q", out.Stdout, "to-stdout\n")
	}
}

// TestSubprocessPipeline runs printf | sort | tr, with the loop carrying
// the bytes from the first process to the second.
func TestSubprocessPipeline(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var gen, sorter, upper *Process
	start := func(pp **Process, pipes Pipes, name string, args ...string) pstep {
		return wait(func() Awaitable[*Process] { return Exec(exec.Command(name, args...), pipes) }, func(p *Process, err error) {
			if err != nil {
				t.Fatal(err)
			}
			*pp = p
		})
	}
	buf := make([]byte, 3) // small, so that the copy loop turns several times
	var n int
	var rerr error
	var out []byte
	var codes []int
	code := func(p **Process) pstep {
		return wait(func() Awaitable[int] { return (*p).Wait() }, func(c int, err error) {
			if err != nil {
				t.Fatal(err)
			}
			codes = append(codes, c)
		})
	}
	run(t, l,
		start(&gen, PipeStdout, "printf", `pear\napple\nfig\n`),
		start(&sorter, PipeStdin|PipeStdout, "sort"),
		start(&upper, PipeStdin|PipeStdout, "tr", "a-z", "A-Z"),
		// 3: copy gen's stdout into sort's stdin
		wait(func() Awaitable[int] { return gen.Stdout.Read(buf) }, func(v int, err error) { n, rerr = v, err }),
		jumpIf(func() bool { return rerr != nil }, 8),
		call(func() { sorter.Stdin.Write(buf[:n]) }),
		wait(func() Awaitable[struct{}] { return sorter.Stdin.Drain() }, nil),
		jump(3),
		// 8: sort reads to its end, then its output goes to tr whole
		call(func() { sorter.Stdin.Close() }),
		wait(func() Awaitable[[]byte] { return sorter.Stdout.ReadAll() }, func(b []byte, err error) {
			upper.Stdin.Write(b)
			upper.Stdin.Close()
		}),
		wait(func() Awaitable[[]byte] { return upper.Stdout.ReadAll() }, func(b []byte, err error) { out = b }),
		code(&gen), code(&sorter), code(&upper),
		call(func() {
			for _, p := range []*Process{gen, sorter, upper} {
				p.Stdout.Close()
			}
		}),
	)
	if string(out) != "APPLE\nFIG\nPEAR\n" {
		t.Errorf("pipeline output = %q", out)
	}
	if diff := cmp.Diff([]int{0, 0, 0}, codes); diff != "" {
		t.Errorf("exit codes (-want +got):\n%s", diff)
	}
}

func TestWaitCancelledAndKill(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var p *Process
	var waiter *Task[struct{}]
	var first error
	code := 0
	run(t, l,
		wait(func() Awaitable[*Process] { return Shell("exec sleep 60", 0) }, func(v *Process, err error) {
			if err != nil {
				t.Fatal(err)
			}
			p = v
			if p.pfd.fd < 0 {
				t.Log("no pidfd: the exit is watched by a goroutine")
			}
			waiter = SpawnOn(l, prog(wait(func() Awaitable[int] { return p.Wait() }, func(_ int, err error) { first = err })))
		}),
		wait(func() Awaitable[struct{}] { return Sleep(0) }, nil),
		call(func() { waiter.Cancel() }),
		wait(func() Awaitable[struct{}] { return waiter }, nil),
		call(func() { p.Kill() }),
		wait(func() Awaitable[int] { return p.Wait() }, func(c int, err error) { code = c }),
	)
	if first != ErrCancelled {
		t.Errorf("cancelled Wait = %v", first)
	}
	if code != -int(syscall.SIGKILL) {
		t.Errorf("exit code after Kill = %d, want %d", code, -int(syscall.SIGKILL))
	}
}

// A process still running when its loop closes is reaped when it exits:
// it does not stay a zombie.
func TestProcessReapedAfterLoopCloses(t *testing.T) {
	l := NewLoop()
	var p *Process
	run(t, l, wait(func() Awaitable[*Process] { return Shell("exec sleep 0.1", 0) }, func(v *Process, err error) {
		if err != nil {
			t.Fatal(err)
		}
		p = v
	}))
	l.Close()
	stat := fmt.Sprintf("/proc/%d/stat", p.Pid())
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(stat); os.IsNotExist(err) {
			return // reaped
		}
	}
	b, _ := os.ReadFile(stat)
	t.Errorf("process %d not reaped 10 s after its loop closed: %s", p.Pid(), b)
}

func TestSIGINTHandledOnLoop(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	got := NewFuture[string]()
	var onLoop bool
	if err := l.AddSignalHandler(syscall.SIGINT, func() {
		onLoop = l.running && l.current == nil // a callback, not inside a task
		got.SetResult("SIGINT")
	}); err != nil {
		t.Fatal(err)
	}
	var name string
	run(t, l,
		call(func() { syscall.Kill(os.Getpid(), syscall.SIGINT) }),
		wait(func() Awaitable[string] { return got }, func(v string, err error) { name = v }),
	)
	if name != "SIGINT" || !onLoop {
		t.Errorf("handler result %q, ran as a loop callback %v", name, onLoop)
	}
	if !l.RemoveSignalHandler(syscall.SIGINT) || l.RemoveSignalHandler(syscall.SIGINT) {
		t.Errorf("RemoveSignalHandler should report true once")
	}
}

// A process made by exec.CommandContext leaves no goroutine behind once it
// has been waited for: exec's context watcher ends with Cmd.Wait.
func TestCommandContextLeavesNoGoroutine(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := stdruntime.NumGoroutine()
	l := NewLoop()
	for range 5 {
		var p *Process
		run(t, l,
			wait(func() Awaitable[*Process] { return Exec(exec.CommandContext(ctx, "true"), PipeStdout) }, func(v *Process, err error) {
				if err != nil {
					t.Fatal(err)
				}
				p = v
			}),
			wait(func() Awaitable[ProcessOutput] { return p.Communicate(nil) }, nil),
		)
	}
	l.Close()
	after := stdruntime.NumGoroutine()
	for start := time.Now(); after > before && time.Since(start) < 5*time.Second; after = stdruntime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	if after > before {
		t.Errorf("goroutines: %d before 5 processes of exec.CommandContext, %d after", before, after)
	}
}

// openFDs counts this process's open descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	return len(es)
}

// Pipes release their descriptors once they are done with, without Close,
// as asyncio's pipe transports: a read pipe at its end, the stdin pipe when
// the child's end closes. A program that reads each child's output and
// waits for it keeps no descriptor per process.
func TestPipesReleasedWithoutClose(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var p *Process
	var drainErr error
	once := func() []pstep {
		return []pstep{
			wait(func() Awaitable[*Process] { return Exec(exec.Command("echo", "hi"), PipeAll) }, func(v *Process, err error) {
				if err != nil {
					t.Fatal(err)
				}
				p = v
			}),
			wait(func() Awaitable[[]byte] { return p.Stdout.ReadAll() }, func(b []byte, err error) {
				if string(b) != "hi\n" || err != nil {
					t.Fatalf("stdout = %q, %v", b, err)
				}
			}),
			wait(func() Awaitable[[]byte] { return p.Stderr.ReadAll() }, nil),
			wait(func() Awaitable[int] { return p.Wait() }, nil),
			// The child's end of stdin closed with it: the poller says so
			// at a pass to come.
			wait(func() Awaitable[struct{}] { return Sleep(20 * time.Millisecond) }, nil),
		}
	}
	run(t, l, once()...) // the poller's own descriptors open here
	before := openFDs(t)
	for range 10 {
		run(t, l, once()...)
	}
	if after := openFDs(t); after != before {
		t.Errorf("open descriptors went from %d to %d over 10 processes whose pipes were read to the end, not closed", before, after)
	}
	// The stdin pipe of the last one is gone: a write fails at Drain.
	run(t, l,
		call(func() { p.Stdin.Write([]byte("late")) }),
		wait(func() Awaitable[struct{}] { return p.Stdin.Drain() }, func(_ struct{}, err error) { drainErr = err }),
	)
	if !errors.Is(drainErr, syscall.EPIPE) {
		t.Errorf("Drain of a write to a child that exited = %v, want EPIPE", drainErr)
	}
}

// A second Communicate, after one that ended, finds the pipes at their end
// and returns empty output and the exit code, as asyncio's.
func TestCommunicateTwice(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var p *Process
	var outs []ProcessOutput
	communicate := wait(func() Awaitable[ProcessOutput] { return p.Communicate(nil) }, func(v ProcessOutput, err error) {
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, v)
	})
	run(t, l,
		wait(func() Awaitable[*Process] {
			return Shell("echo out; echo err >&2; exit 2", PipeAll)
		}, func(v *Process, err error) {
			if err != nil {
				t.Fatal(err)
			}
			p = v
		}),
		communicate, communicate,
	)
	want := []ProcessOutput{
		{Stdout: []byte("out\n"), Stderr: []byte("err\n"), Code: 2},
		{Stdout: []byte{}, Stderr: []byte{}, Code: 2},
	}
	if diff := cmp.Diff(want, outs); diff != "" {
		t.Errorf("two Communicates (-want +got):\n%s", diff)
	}
}

// A slice that Fill returned stays valid until the task's next read, also
// when the process exits meanwhile: the read-ahead of its exit, which
// buffers what the pipe still holds, is no read of the task's and moves
// no buffered byte. The child's output fills the loop's scratch buffer to
// within a short read of its end; what the task consumed before the Fill
// leaves room at the front for the read-ahead to have moved the rest into.
// In the last case a read of stderr took the scratch buffer first, and
// stdout's bytes moved to a buffer of their own.
func TestFillSliceSurvivesExitReadAhead(t *testing.T) {
	const first, later = 65200, 20000
	for _, c := range []struct {
		consumed []int // by reads of stdout before the Fill
		stderr   bool  // a read of stderr after the first
	}{
		{[]int{1000}, false},
		{[]int{40000}, false},
		{[]int{1000, 40000}, true},
	} {
		l := NewLoop()
		script := fmt.Sprintf("head -c %d /dev/urandom; echo x >&2; sleep 0.2; head -c %d /dev/urandom", first, later)
		var p *Process
		var lent, before []byte
		steps := []pstep{
			wait(func() Awaitable[*Process] { return Shell(script, PipeStdout|PipeStderr) }, func(v *Process, err error) {
				if err != nil {
					t.Fatal(err)
				}
				p = v
			}),
			wait(func() Awaitable[[]byte] { return p.Stdout.Fill(first) }, nil),
		}
		consumed := 0
		for i, n := range c.consumed {
			steps = append(steps, wait(func() Awaitable[[]byte] { return p.Stdout.ReadExactly(n) }, nil))
			if i == 0 && c.stderr {
				steps = append(steps, wait(func() Awaitable[[]byte] { return p.Stderr.ReadExactly(2) }, nil))
			}
			consumed += n
		}
		run(t, l, append(steps,
			wait(func() Awaitable[[]byte] { return p.Stdout.Fill(100) }, func(b []byte, err error) {
				lent, before = b, append([]byte(nil), b...)
			}),
			wait(func() Awaitable[int] { return p.Wait() }, nil),
		)...)
		if len(before) != 100 || !bytes.Equal(lent, before) {
			t.Errorf("%+v: Fill(100)'s slice changed while the task awaited Wait:\nbefore %v\nafter  %v", c, before, lent)
		}
		var rest []byte
		run(t, l, wait(func() Awaitable[[]byte] { return p.Stdout.ReadAll() }, func(b []byte, _ error) { rest = b }))
		if len(rest) != first-consumed+later || !bytes.Equal(rest[:len(before)], before) {
			t.Errorf("%+v: ReadAll gave %d bytes starting %v; want %d starting with Fill's", c, len(rest), rest[:min(len(rest), 10)], first-consumed+later)
		}
		l.Close()
	}
}

// execStep starts cmd with pipes and stores the process in *p.
func execStep(t *testing.T, p **Process, cmd *exec.Cmd, pipes Pipes) pstep {
	return wait(func() Awaitable[*Process] { return Exec(cmd, pipes) }, func(v *Process, err error) {
		if err != nil {
			t.Fatal(err)
		}
		*p = v
	})
}

// A child's output that nobody reads is read ahead into the stream, up to
// twice its limit, as asyncio's pipe transports read it: a child that
// writes more than a pipe holds (64 KiB) to a pipe nobody reads still
// ends, and one that fills stderr while the parent reads stdout goes on.
// Past that, it waits for a read. (The WaitFor limits only keep a failure
// from hanging the test.)
func TestSubprocessOutputReadAhead(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var p *Process
	var werr, rerr error
	var out, errOut []byte
	run(t, l,
		// 100,000 bytes to a stdout nobody reads: the child ends.
		execStep(t, &p, exec.Command("head", "-c", "100000", "/dev/zero"), PipeStdout|PipeStderr),
		wait(func() Awaitable[int] { return WaitFor(p.Wait(), 10*time.Second) }, func(_ int, err error) { werr = err }),
		wait(func() Awaitable[[]byte] { return p.Stdout.ReadAll() }, func(b []byte, err error) { out, rerr = b, err }),
	)
	if werr != nil || rerr != nil || len(out) != 100000 {
		t.Errorf("100000 bytes to an unread stdout: Wait %v, then ReadAll %d bytes, %v; want the exit and all of them", werr, len(out), rerr)
	}
	run(t, l,
		// 100,000 bytes to stderr, then a line to stdout, which is read.
		execStep(t, &p, exec.Command("sh", "-c", "head -c 100000 /dev/zero >&2; echo done"), PipeStdout|PipeStderr),
		wait(func() Awaitable[[]byte] { return WaitFor(p.Stdout.ReadAll(), 10*time.Second) }, func(b []byte, err error) { out, rerr = b, err }),
		call(func() {
			if rerr != nil {
				p.Kill() // it waits on stderr, which nobody will read
			}
		}),
		wait(func() Awaitable[int] { return p.Wait() }, nil),
		wait(func() Awaitable[[]byte] { return p.Stderr.ReadAll() }, func(b []byte, _ error) { errOut = b }),
	)
	if rerr != nil || string(out) != "done\n" || len(errOut) != 100000 {
		t.Errorf("stdout read while 100000 bytes go to stderr: %q, %v, and %d bytes of stderr; want done and all of them", out, rerr, len(errOut))
	}
	var buffered int
	run(t, l,
		// 1,000,000 bytes nobody reads: the stream holds twice its limit,
		// the pipe some more, and the child waits.
		execStep(t, &p, exec.Command("head", "-c", "1000000", "/dev/zero"), PipeStdout),
		wait(func() Awaitable[int] { return WaitFor(p.Wait(), 300*time.Millisecond) }, func(_ int, err error) { werr = err }),
		call(func() { buffered = p.Stdout.Buffered(); p.Kill() }),
		wait(func() Awaitable[int] { return p.Wait() }, nil),
	)
	if !errors.Is(werr, ErrTimeout) || buffered > 2*DefaultLimit+scratchSize {
		t.Errorf("1000000 bytes to an unread stdout: Wait %v with %d bytes buffered; want the child waiting, at most %d buffered", werr, buffered, 2*DefaultLimit+scratchSize)
	}
}

// A read that leaves part of a read-ahead pipe's output buffered lets the
// stream read on: the child's pipe, full behind a full stream, sends no
// new readiness event, so the stream must look itself, as asyncio's pipe
// transport resumes reading below its limit.
func TestSubprocessReadAheadResumes(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var p *Process
	var full, after, polls int
	var rerr error
	run(t, l,
		execStep(t, &p, exec.Command("head", "-c", "1000000", "/dev/zero"), PipeStdout),
		wait(func() Awaitable[struct{}] { return Sleep(time.Millisecond) }, nil),
		jumpIf(func() bool { polls++; return p.Stdout.Buffered() < 2*DefaultLimit && polls < 10000 }, 1),
		// The child fills the pipe behind the stream, and waits.
		wait(func() Awaitable[struct{}] { return Sleep(100 * time.Millisecond) }, nil),
		call(func() { full = p.Stdout.Buffered() }),
		wait(func() Awaitable[[]byte] { return p.Stdout.ReadExactly(DefaultLimit) }, func(_ []byte, err error) { rerr = err }),
		call(func() { after = p.Stdout.Buffered(); p.Kill() }),
		wait(func() Awaitable[int] { return p.Wait() }, nil),
	)
	if full < 2*DefaultLimit || rerr != nil {
		t.Fatalf("the stream held %d bytes before the read (want %d), and the read said %v", full, 2*DefaultLimit, rerr)
	}
	if after < 2*DefaultLimit-DefaultLimit/4 {
		t.Errorf("after a read of %d of its %d bytes the stream holds %d; want it to read on to about %d", DefaultLimit, full, after, 2*DefaultLimit)
	}
}
