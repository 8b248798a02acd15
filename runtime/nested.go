package runtime

import (
	"bytes"
	"errors"
	"fmt"
	stdruntime "runtime"
	"slices"
	"strconv"
	"sync"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

var errNestedRun = errors.New("runtime: a loop cannot run inside another loop's task on the same goroutine, where it would stop every other task of the outer loop until it returns: await the coroutine instead, or run the new loop on a goroutine of its own")

// runningOn counts the loops running on each goroutine, by goroutine id, so
// that a Run called from a task can refuse, as asyncio.run refuses inside a
// running loop. It is read when a loop starts, never during a pass.
var runningOn struct {
	sync.Mutex
	loops map[uint64]int
}

// enterRun records that a loop runs on the calling goroutine; it fails if
// one already does.
func enterRun() (leave func(), err error) {
	if nestedRuns {
		return func() {}, nil
	}
	id := goid()
	runningOn.Lock()
	defer runningOn.Unlock()
	if runningOn.loops[id] > 0 {
		return nil, errNestedRun
	}
	if runningOn.loops == nil {
		runningOn.loops = map[uint64]int{}
	}
	runningOn.loops[id]++
	return func() {
		runningOn.Lock()
		defer runningOn.Unlock()
		if runningOn.loops[id]--; runningOn.loops[id] == 0 {
			delete(runningOn.loops, id)
		}
	}, nil
}

// checkGoroutine is debug mode's check that a method of a running loop is
// called on its own goroutine: from any other, it is a data race (asyncio's
// debug mode raises "Non-thread-safe operation invoked on an event loop
// other than the current one").
func (l *Loop) checkGoroutine(method string) error {
	if !l.debug || !l.running {
		return nil // inlined: the common case costs a test
	}
	return l.offLoop(method)
}

func (l *Loop) offLoop(method string) error {
	if l.onLoop(goid()) {
		return nil
	}
	return fmt.Errorf("runtime: %s called on another goroutine than the one running the loop: use CallSoonThreadsafe", method)
}

// checkWake is debug mode's check that a task or callback of the running
// loop is woken on the loop's goroutine: a Future completed on another
// goroutine (another loop's, say) would race with the loop (asyncio's debug
// mode raises "Non-thread-safe operation invoked on an event loop other
// than the current one").
func (l *Loop) checkWake() {
	if l.running && !l.onLoop(goid()) {
		panic("runtime: a task or callback of a running loop woken or spawned on another goroutine (a Future completed there, a SpawnOn?): " +
			"do it inside CallSoonThreadsafe of the loop")
	}
}

// onLoop reports whether the goroutine with id runs for the loop: the
// loop's own, or that of a function iterator of one of its tasks, which
// iter.Pull runs on a goroutine of its own while the task's step waits.
func (l *Loop) onLoop(id uint64) bool {
	if id == l.goid {
		return true
	}
	p := l.pullers.Load()
	return p != nil && slices.Contains(*p, id)
}

// enterPull is asyncimpl.EnterPull's part in the runtime: in debug mode,
// the iterator's goroutine counts as the loop's until it ends.
func enterPull(t *asyncimpl.Task) (leave func()) {
	l := taskOf(t).loop
	if !l.debug {
		return nil
	}
	// The list is copied on write: the check of a wake-up on a foreign
	// goroutine, the misuse it exists to catch, reads it there.
	id := goid()
	var ids []uint64
	if p := l.pullers.Load(); p != nil {
		ids = *p
	}
	ids = append(slices.Clip(ids), id)
	l.pullers.Store(&ids)
	return func() {
		ids := slices.Clone(*l.pullers.Load())
		if i := slices.Index(ids, id); i >= 0 {
			ids = slices.Delete(ids, i, i+1)
		}
		l.pullers.Store(&ids)
	}
}

// goid is the calling goroutine's id, read from the first line of its
// stack ("goroutine 7 [running]:"). Go offers no other way; it costs about
// a microsecond, paid once per run of a loop, and in debug mode by each
// wake-up (checkWake), each CallSoon and CallAt, and each coroutine made
// (see coroTracker.Made).
func goid() uint64 {
	var buf [64]byte
	b := buf[:stdruntime.Stack(buf[:], false)]
	b, _ = bytes.CutPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
