//go:build linux

package runtime

import (
	"errors"
	"os"
	"os/exec"
	"syscall"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
	"golang.org/x/sys/unix"
)

// Pipes selects the standard streams of a subprocess that become async
// pipes ([Process].Stdin, Stdout, Stderr); the others are whatever the
// exec.Cmd says. [StderrToStdout] sends stderr where stdout goes.
type Pipes uint8

// The pipes a subprocess can have.
const (
	PipeStdin Pipes = 1 << iota
	PipeStdout
	PipeStderr
	PipeAll = PipeStdin | PipeStdout | PipeStderr
)

// StderrToStdout, with the pipes, makes the child's stderr the same as its
// stdout (asyncio's stderr=STDOUT, a shell's 2>&1): with PipeStdout both
// come through Process.Stdout, in the order written, and Process.Stderr
// stays nil; without it, stderr goes wherever cmd.Stdout (or this
// process's stdout) does. It cannot be combined with PipeStderr, and it
// replaces a cmd.Stderr that is set.
const StderrToStdout Pipes = 1 << 3

// Process is a running subprocess (asyncio's Process). Its exit is watched
// through a pidfd on the loop's poller where the kernel has pidfd_open
// (Linux 5.3), else by a goroutine blocked in wait. Its pipes close their
// descriptors by themselves once done with, as asyncio's pipe transports:
// Stdout and Stderr at their end (what was read stays buffered), which the
// process's exit reaches even if nobody reads them (they read ahead, up to
// twice their limit while the process runs, and what they held at its
// exit), Stdin when the child's end of it closes (then
// Drain fails with EPIPE, and so does WaitClosed if data was left unsent,
// as asyncio's stdin.wait_closed() raises BrokenPipeError only then).
// Close them to let go earlier.
type Process struct {
	Cmd    *exec.Cmd
	Stdin  *Stream // nil unless PipeStdin
	Stdout *Stream // nil unless PipeStdout
	Stderr *Stream // nil unless PipeStderr

	loop    *Loop
	pfd     pollFD // the pidfd
	exited  bool
	code    int
	err     error
	waiters waitList
	kept    *keptOutput // output a cancelled Communicate read
}

// Exec starts cmd with the pipes asked for (asyncio's
// create_subprocess_exec). The command's other settings (Env, Dir,
// SysProcAttr, files for the streams that are not pipes) apply as with
// cmd.Start. A stream neither piped nor set on cmd is this process's own,
// as asyncio's None (cmd.Start alone would connect it to the null device):
// to discard one, set it to the opened os.DevNull.
func Exec(cmd *exec.Cmd, pipes Pipes) Awaitable[*Process] {
	return &startProcOp{cmd: cmd, pipes: pipes}
}

// Shell runs command with /bin/sh -c (asyncio's create_subprocess_shell).
// The streams not piped are this process's own, as with [Exec].
func Shell(command string, pipes Pipes) Awaitable[*Process] {
	return Exec(exec.Command("/bin/sh", "-c", command), pipes)
}

type startProcOp struct {
	cmd   *exec.Cmd
	pipes Pipes
	out   *Process
	err   error
	done  bool
}

func (op *startProcOp) Poll(w *asyncimpl.Task) Status {
	if !op.done {
		op.done = true
		op.out, op.err = startProcess(taskOf(w).loop, op.cmd, op.pipes)
	}
	return Ready
}

func (op *startProcOp) Result() (*Process, error) { return op.out, op.err }

func startProcess(l *Loop, cmd *exec.Cmd, pipes Pipes) (_ *Process, err error) {
	if pipes&StderrToStdout != 0 && pipes&PipeStderr != 0 {
		return nil, errors.New("runtime: Exec with both PipeStderr and StderrToStdout: stderr can go to one place")
	}
	p := &Process{Cmd: cmd, loop: l, pfd: pollFD{fd: -1}}
	var childEnds []*os.File
	var streams []*Stream
	defer func() {
		for _, f := range childEnds {
			f.Close()
		}
		if err != nil {
			for _, s := range streams {
				s.Abort()
			}
		}
	}()
	pipe := func(parentReads bool) (*Stream, *os.File, error) {
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
			return nil, nil, os.NewSyscallError("pipe2", err)
		}
		parent, child := fds[1], fds[0]
		if parentReads {
			parent, child = fds[0], fds[1]
		}
		f := os.NewFile(uintptr(child), "|0")
		childEnds = append(childEnds, f)
		s, err := newFDStream(l, parent, "", nil)
		if err != nil {
			return nil, nil, err
		}
		s.fdt.wpipe = !parentReads
		s.readAhead = parentReads
		streams = append(streams, s)
		return s, f, nil
	}
	if pipes&PipeStdin != 0 {
		if p.Stdin, cmd.Stdin, err = pipe(false); err != nil {
			return nil, err
		}
	}
	if pipes&PipeStdout != 0 {
		if p.Stdout, cmd.Stdout, err = pipe(true); err != nil {
			return nil, err
		}
	}
	if pipes&PipeStderr != 0 {
		if p.Stderr, cmd.Stderr, err = pipe(true); err != nil {
			return nil, err
		}
	}
	if cmd.Stdin == nil && pipes&PipeStdin == 0 {
		cmd.Stdin = os.Stdin
	}
	if cmd.Stdout == nil && pipes&PipeStdout == 0 {
		cmd.Stdout = os.Stdout
	}
	if pipes&StderrToStdout != 0 {
		// One value for both: exec.Cmd then gives the child one
		// descriptor (or, for a writer that is no file, one copy).
		cmd.Stderr = cmd.Stdout
	}
	if cmd.Stderr == nil && pipes&PipeStderr == 0 {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p.watch()
	return p, nil
}

// watch arranges for exit to be called when the process ends.
func (p *Process) watch() {
	// A pidfd is only safe when nothing else reaps the child: exec.Cmd
	// copies through goroutines (and must be waited for by cmd.Wait) when a
	// stream is an io.Reader or io.Writer that is not a file.
	if plainFiles(p.Cmd) {
		fd, err := unix.PidfdOpen(p.Cmd.Process.Pid, 0)
		if err == nil {
			p.pfd = pollFD{fd: fd, h: p}
			if p.loop.poller.register(&p.loop.inbox, &p.pfd) == nil {
				return
			}
			unix.Close(fd)
			p.pfd.fd = -1
		}
	}
	l := p.loop
	go func() {
		err := p.Cmd.Wait()
		l.CallSoonThreadsafe(func() { p.exit(p.Cmd.ProcessState, err) })
	}()
}

func plainFiles(cmd *exec.Cmd) bool {
	for _, x := range []any{cmd.Stdin, cmd.Stdout, cmd.Stderr} {
		if x == nil {
			continue
		}
		if _, ok := x.(*os.File); !ok {
			return false
		}
	}
	return true
}

// orphaned is the loop's close while the process runs, watched through
// its pidfd: with the loop gone, a goroutine reaps it, so that it does not
// stay a zombie (the goroutine path of watch goes on by itself).
func (p *Process) orphaned() {
	if !p.exited {
		go p.Cmd.Wait()
	}
}

// ioReady reaps the process once its pidfd is readable.
func (p *Process) ioReady(ev ioEvents) {
	if ev&evRead == 0 || p.exited {
		return
	}
	// The child has exited and every stream is a file: Cmd.Wait does not
	// block, and it ends the goroutine that exec.CommandContext's Start
	// runs, which only Cmd.Wait collects.
	err := p.Cmd.Wait()
	p.loop.poller.release(&p.pfd)
	p.exit(p.Cmd.ProcessState, err)
}

func (p *Process) exit(ps *os.ProcessState, err error) {
	p.exited = true
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		err = nil // a non-zero status is the code, not an error
	}
	p.err = err
	p.code = -1
	if ps != nil {
		p.code = ps.ExitCode()
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			p.code = -int(ws.Signal()) // as asyncio's returncode
		}
	}
	p.readAhead()
	p.waiters.wakeAll()
}

// maxPipeSize is the most a pipe holds on Linux by default
// (/proc/sys/fs/pipe-max-size).
const maxPipeSize = 1 << 20

// readAhead reads what the output pipes of the exited process hold into
// their buffers, so that a pipe nobody reads still reaches its end and
// closes its descriptor (see sawEOF), as asyncio's read pipe transports,
// which read ahead, close. A program that pipes stderr and reads only
// stdout, or only waits, would otherwise keep two descriptors per child
// until the loop closed. What is read stays buffered for later reads. It
// is bounded by what the pipe holds: the child, gone, writes no more (a
// grandchild that inherited the pipe may; what it writes beyond that
// waits for a read, the descriptor open). A pipe a task is reading is
// left to that read.
func (p *Process) readAhead() {
	for _, s := range []*Stream{p.Stdout, p.Stderr} {
		if s == nil || s.closed || s.eof || s.rerr != nil || s.reader != nil || s.fdt.pfd.fd < 0 {
			continue
		}
		// The child closed its end before its exit could be seen, but
		// the poller may not have reported the pipe readable, nor hung
		// up, yet: look anyway. A grandchild that inherited the pipe
		// may keep writing: the look stops after what a pipe can hold
		// (Linux's largest), the rest is left to reads.
		s.readPending(maxPipeSize)
	}
}

// Pid is the process id.
func (p *Process) Pid() int { return p.Cmd.Process.Pid }

// ExitCode is the exit status once the process has ended (negative: killed
// by that signal), and ok false before.
func (p *Process) ExitCode() (code int, ok bool) { return p.code, p.exited }

// Signal sends sig to the process.
func (p *Process) Signal(sig os.Signal) error {
	if p.exited {
		return os.ErrProcessDone
	}
	return p.Cmd.Process.Signal(sig)
}

// Kill kills the process (SIGKILL).
func (p *Process) Kill() error { return p.Signal(os.Kill) }

// Terminate asks the process to end (SIGTERM).
func (p *Process) Terminate() error { return p.Signal(syscall.SIGTERM) }

// Wait waits for the process to end and returns its exit code (negative:
// killed by that signal). It returns when the process exits, even while a
// process it started holds its pipes open (asyncio's wait also waits for
// every pipe to close), with one exception: a Stdin, Stdout or Stderr set
// on the command that is an io.Reader or io.Writer but not an *os.File,
// which exec.Cmd copies through a pipe of its own; then Wait returns once
// that copy ended, when every process holding the pipe has closed it, as
// exec.Cmd.Wait does. As in asyncio, output nobody reads is read
// ahead into Stdout and Stderr up to twice their limit (128 KiB by
// default); waiting while the process blocks on a pipe full beyond that
// never ends: use Communicate, or read the pipes meanwhile.
func (p *Process) Wait() Awaitable[int] { return procWaitOp{p} }

type procWaitOp struct{ p *Process }

func (op procWaitOp) Poll(w *asyncimpl.Task) Status {
	if op.p.exited {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(op, &op.p.waiters)
	return Suspend
}

func (op procWaitOp) Result() (int, error) { return op.p.code, op.p.err }

func (op procWaitOp) cancelWait(t *task) bool {
	op.p.waiters.remove(&t.node)
	return true
}

func (op procWaitOp) describe() string { return "process wait" }
