//go:build linux

package runtime

import (
	"errors"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// ProcessOutput is what Communicate collected.
type ProcessOutput struct {
	Stdout, Stderr []byte // nil for a stream that is not a pipe
	Code           int    // exit code, as Wait's
}

// Communicate sends input to stdin and closes it, reads stdout and stderr
// to their ends at the same time, and waits for the process to exit
// (asyncio's communicate). Pipes that were not asked for are skipped. All
// the pipes are closed when it returns, unless it was cancelled: then they
// stay open and nothing read is lost, so that the common
//
//	out, err := runtime.Await(runtime.WaitFor(p.Communicate(nil), d))
//	if errors.Is(err, runtime.ErrTimeout) {
//		p.Kill()
//		out, err = runtime.Await(p.Communicate(nil))
//	}
//
// gets all the output from the second call, as subprocess.Popen's
// communicate after a timeout (asyncio's drops what the cancelled read
// had read). A Communicate after one that returned finds the pipes closed
// and gives empty output and the exit code, as asyncio's. One called while
// another task reads a pipe (another Communicate, say) fails with that
// read's refusal, as asyncio's raises RuntimeError, and leaves the pipes
// to that task.
func (p *Process) Communicate(input []byte) Coro[ProcessOutput] {
	f := &communicateFrame{p: p, input: input}
	return asyncimpl.NewCoro[ProcessOutput](f, &f.Base, communicateFunc)
}

var communicateFunc = &asyncimpl.Func{Name: "runtime.(*Process).Communicate", File: "communicate.go", Line: lineHere()}

// communicateFrame is the hand-written state machine of
//
//	//async
//	func (p *Process) communicate(input []byte) (out ProcessOutput, err error) {
//		defer p.closePipes(errTask)
//		p.Stdin.Write(input); p.Stdin.CloseWrite()
//		errTask := runtime.Spawn(p.Stderr.ReadAll())
//		out.Stdout, err = runtime.Await(p.Stdout.ReadAll())
//		out.Stderr, err = runtime.Await(errTask)
//		out.Code, err = runtime.Await(p.Wait())
//		return
//	}
//
// with the nil pipes skipped.
type communicateFrame struct {
	asyncimpl.Base[ProcessOutput]
	p       *Process
	input   []byte
	errTask *Task[[]byte]
	// kept is the process's keptOutput when the call began, written
	// here even if a Communicate beside this one has ended meanwhile.
	kept *keptOutput
	read Awaitable[[]byte]
	wait Awaitable[int]
}

func (f *communicateFrame) Step(t *asyncimpl.Task) (st asyncimpl.Status) {
	p := f.p
	defer func() {
		if st == asyncimpl.Return {
			if errors.Is(f.Err, ErrCancelled) || errors.Is(f.Err, errReadBusy) {
				// Cancelled, or refused because another task reads
				// a pipe (asyncio: RuntimeError from the read): the
				// pipes are not this call's to close.
				f.keep()
			} else {
				p.kept = nil
				f.closePipes()
			}
		}
	}()
	for {
		switch f.State {
		case 0:
			k := p.kept
			if k == nil {
				k = &keptOutput{}
				p.kept = k
			}
			f.kept = k
			if p.Stdin != nil {
				p.Stdin.Write(f.input)
				p.Stdin.CloseWrite()
			}
			if p.Stderr != nil {
				if k.stderr != nil {
					f.Val.Stderr = k.stderr
				} else if p.Stderr.closed {
					f.Val.Stderr = []byte{} // a Communicate before read it all
				} else {
					f.errTask = SpawnOn(p.loop, awaitCoro(p.Stderr.ReadAll()))
				}
			}
			f.State = 2
			if p.Stdout != nil {
				if k.stdout != nil {
					f.Val.Stdout = k.stdout
				} else if p.Stdout.closed {
					f.Val.Stdout = []byte{}
				} else {
					f.read = p.Stdout.ReadAll()
					f.State = 1
				}
			}
		case 1:
			if st := asyncimpl.Poll[[]byte](t, f.read); st != asyncimpl.Ready {
				return st
			}
			f.Val.Stdout, f.Err = asyncimpl.Result[[]byte](t, f.read)
			if f.Err != nil {
				return asyncimpl.Return
			}
			f.kept.stdout = f.Val.Stdout
			f.State = 2
		case 2:
			if f.errTask != nil {
				if st := asyncimpl.Poll[[]byte](t, f.errTask); st != asyncimpl.Ready {
					return st
				}
				f.Val.Stderr, f.Err = asyncimpl.Result[[]byte](t, f.errTask)
				if f.Err != nil {
					return asyncimpl.Return
				}
				f.kept.stderr = f.Val.Stderr
			}
			f.wait = p.Wait()
			f.State = 3
		case 3:
			if st := asyncimpl.Poll[int](t, f.wait); st != asyncimpl.Ready {
				return st
			}
			f.Val.Code, f.Err = asyncimpl.Result[int](t, f.wait)
			return asyncimpl.Return
		}
	}
}

// keptOutput is what a cancelled Communicate read to the end of a pipe,
// for the next one: nil for a pipe not read to its end (ReadAll's result
// is never nil).
type keptOutput struct {
	stdout, stderr []byte
}

// keep ends a cancelled Communicate: the stderr reader stops, what it read
// staying buffered (a cancelled ReadAll loses nothing), and the output of a
// pipe read to its end is kept for the next Communicate.
func (f *communicateFrame) keep() {
	if t := f.errTask; t != nil {
		if !t.Done() {
			t.Cancel()
		} else if v, err := outcome(t); err == nil {
			f.kept.stderr = v
		}
	}
}

// closePipes ends the stderr reader (if Communicate stops early) and closes
// every pipe.
func (f *communicateFrame) closePipes() {
	if f.errTask != nil && !f.errTask.Done() {
		f.errTask.Cancel()
	}
	for _, s := range []*Stream{f.p.Stdin, f.p.Stdout, f.p.Stderr} {
		if s != nil {
			s.Close()
		}
	}
}
