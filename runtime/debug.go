package runtime

import (
	"cmp"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"reflect"
	stdruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

const slowStep = 100 * time.Millisecond

// stepTimed runs a task step and logs it if it took longer than slowStep:
// a slow step blocks every other task on the loop.
// A step that panics is timed too, as asyncio's debug mode times a handle
// whatever it raises.
//
// The log says where the step began (the await it resumed from, or the
// function's start) and where it ended (the await it suspended at, or
// "finished", or "a panic"): the slow code runs between the two.
func (l *Loop) stepTimed(t *task) (done bool) {
	var from *asyncimpl.Header
	var fromState int32
	for f := range t.core.Frames {
		if h := f.Head(); h.Info() != nil {
			from, fromState = h, h.State
			break
		}
	}
	start := time.Now()
	returned := false
	defer func() {
		if d := time.Since(start); d > slowStep {
			began := "?"
			if from != nil {
				began = from.Info().Name + " at " + from.Info().Pos(fromState)
			}
			var ended string
			switch {
			case !returned:
				ended = "a panic"
			case done:
				ended = "finished"
			default:
				ended = t.where()
			}
			l.logger.Warn("runtime: slow task step blocked the loop", "task", t.Name(), "duration", d, "from", began, "to", ended)
		}
	}()
	done = t.core.Run()
	returned = true
	return done
}

// callTimed runs a callback and logs it if it took longer than slowStep, as
// asyncio's debug mode logs a slow handle.
func (l *Loop) callTimed(fn func()) {
	start := time.Now()
	l.shown = nil
	fn()
	if d := time.Since(start); d > slowStep {
		if l.shown != nil {
			fn = l.shown
		}
		name, at := funcPlace(fn)
		l.logger.Warn("runtime: slow callback blocked the loop", "callback", name, "duration", d, "defined", at)
	}
	l.shown = nil
}

// funcPlace names the function fn runs, and its file:line, for logs.
func funcPlace(fn func()) (name, at string) {
	f := stdruntime.FuncForPC(reflect.ValueOf(fn).Pointer())
	if f == nil {
		return "?", "?"
	}
	file, line := f.FileLine(f.Entry())
	return f.Name(), filepath.Base(file) + ":" + strconv.Itoa(line)
}

// lineHere is the line it is called on: that of a hand-written frame's
// Func, beside the frame's doc, which a literal line would drift from.
func lineHere() int {
	_, _, line, _ := stdruntime.Caller(1)
	return line
}

// coroPlace names the //async function fn and the file:line where it is
// declared, for logs.
func coroPlace(fn *asyncimpl.Func) (name, at string) {
	if fn == nil {
		return "<coroutine>", "?"
	}
	return fn.Name, fn.File + ":" + strconv.Itoa(fn.Line)
}

// reportPending logs the tasks a closing loop drops before they ended
// (asyncio's "Task was destroyed but it is pending!"): their deferred calls
// never run. Run ends every task first; a loop closed by hand may not.
func (l *Loop) reportPending() {
	for _, t := range l.tasks.all(l.taskSeq) {
		l.logger.Error("runtime: task was pending when its loop closed: its deferred calls did not run", "task", t.Name(), "at", t.where())
	}
}

// failureNote is a failed task's error, to be reported unless it is read,
// as asyncio logs "Task exception was never retrieved": when the collector
// finds the task dropped, or when its loop closes, whichever comes first.
// It does not keep the task alive.
type failureNote struct {
	task    string // "" for a Future
	coro    string // the task's //async function, and where it is declared
	defined string
	err     error
	set     string      // debug mode: where a Future's error was set
	spawned string      // debug mode: where the task was spawned
	read    atomic.Bool // read, or reported
	// mu is held while the note is reported: the collector's cleanup
	// goroutine may be writing it when the loop closes, and Close must
	// not return (and the program end) before the line is written.
	mu sync.Mutex
}

func (n *failureNote) report(logger *slog.Logger) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.read.Load() {
		return
	}
	if n.task == "" {
		args := []any{"err", n.err}
		if n.set != "" {
			args = append(args, "set", n.set)
		}
		logger.Error("runtime: future error was never retrieved", args...)
	} else {
		args := []any{"task", n.task, "coroutine", n.coro, "defined", n.defined}
		if n.spawned != "" {
			args = append(args, "spawned", n.spawned)
		}
		logger.Error("runtime: task error was never retrieved", append(args, "err", n.err)...)
	}
	n.read.Store(true)
}

// noteFailure keeps a note of a task that ended with an error (a panic
// included), not by cancellation. Failures are rare, so the common case
// pays only end's check.
func (l *Loop) noteFailure(t *task) {
	n := &failureNote{task: t.Name(), err: t.error()}
	if r := t.core.Root(); r != nil {
		n.coro, n.defined = coroPlace(r.Info())
	}
	if t.ext != nil {
		n.spawned = t.ext.spawned
	}
	t.extra().failure = n
	if len(l.failures) == cap(l.failures) {
		// Drop the notes already read before the list grows.
		l.failures = slices.DeleteFunc(l.failures, func(n *failureNote) bool { return n.read.Load() })
	}
	l.failures = append(l.failures, n)
	logger := l.logger
	stdruntime.AddCleanup(t, func(n *failureNote) { n.report(logger) }, n)
}

func (l *Loop) reportUnretrieved() {
	for _, n := range l.failures {
		n.report(l.logger)
	}
	l.failures = nil
}

// where names the source position of the task's innermost frame.
func (t *task) where() string {
	for f := range t.core.Frames {
		h := f.Head()
		if fn := h.Info(); fn != nil {
			return fn.Name + " at " + fn.Pos(h.State)
		}
	}
	return "?"
}

// DumpTasks writes every task that has not finished, with its name, what it
// awaits (or "ready", "running", "not started"; and ", cancelling" once it
// was cancelled, until it withdraws the cancellation), and the source
// position of each of its frames, innermost first: the way to diagnose a
// program that waits forever.
func (l *Loop) DumpTasks(w io.Writer) error {
	for _, t := range l.tasks.all(l.taskSeq) {
		var state string
		switch {
		case t.flags&started == 0:
			state = "not started"
		case l.current == t:
			state = "running"
		case t.wait != nil && t.flags&woken == 0:
			state = "awaiting " + t.wait.describe()
		default:
			state = "ready"
		}
		if t.cancels > 0 {
			// Cancelled, and the cancellation not withdrawn: asyncio's
			// repr says "cancelling" while cancelling() is above 0.
			state += ", cancelling"
		}
		if _, err := fmt.Fprintf(w, "%s: %s\n", t.Name(), state); err != nil {
			return err
		}
		for f := range t.core.Frames {
			h := f.Head()
			name, pos := fmt.Sprintf("%T", f), "?"
			if fn := h.Info(); fn != nil {
				name, pos = fn.Name, fn.Pos(h.State)
			}
			if _, err := fmt.Fprintf(w, "\t%s\t%s\n", name, pos); err != nil {
				return err
			}
		}
	}
	return nil
}

// coroTracker reports coroutines made and never awaited or spawned, the
// mistake asyncio reports as "coroutine ... was never awaited".
type coroTracker struct {
	mu     sync.Mutex
	live   map[weak.Pointer[asyncimpl.Header]]madeCoro
	logger *slog.Logger // the debug loop made last's
	// running holds the loggers of the debug loops running, by the id of
	// their goroutine: a coroutine made there is that loop's to report.
	running map[uint64]*slog.Logger
	made    uint64 // coroutines made, which numbers them
	// futures are the futures completed with an error not yet read: a
	// debug loop's Close reports those the collector found dropped, at
	// once, rather than on the cleanup goroutine, which a program that
	// ends then would not wait for.
	futures []futureFailure
}

// futureFailure is a future completed with an error, for the tracker.
type futureFailure struct {
	gone   func() bool // the future was collected
	note   *failureNote
	logger *slog.Logger
}

// madeCoro is a coroutine not yet started: its function, where it was
// made (the call of FAsync), and the logger of the debug loop whose
// goroutine made it.
type madeCoro struct {
	fn     *asyncimpl.Func
	at     string
	logger *slog.Logger
	seq    uint64 // the order coroutines were made in, which reports follow
}

// runsOn records that the debug loop with logger runs on the goroutine
// with id, or, with a nil logger, no longer does.
func runsOn(id uint64, logger *slog.Logger) {
	trackerMu.Lock()
	c := coros
	trackerMu.Unlock()
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if logger == nil {
		delete(c.running, id)
		return
	}
	if c.running == nil {
		c.running = map[uint64]*slog.Logger{}
	}
	c.running[id] = logger
}

var (
	trackerMu  sync.Mutex
	coros      *coroTracker // while a debug loop is open
	debugLoops int          // the debug loops not yet closed
)

// trackCoroutines starts tracking for a new debug loop, unless an open one
// did; what the collector finds dropped is logged to the logger of the
// debug loop that ran on the goroutine that made it, else to that of the
// debug loop made last.
func trackCoroutines(logger *slog.Logger) {
	trackerMu.Lock()
	defer trackerMu.Unlock()
	debugLoops++
	if coros == nil {
		coros = &coroTracker{live: map[weak.Pointer[asyncimpl.Header]]madeCoro{}}
		asyncimpl.SetTracker(coros)
	}
	coros.mu.Lock()
	coros.logger = logger
	coros.mu.Unlock()
}

// untrackCoroutines is a debug loop's Close: it logs the coroutines dropped
// without being started, and stops tracking when no debug loop is left
// open, so that making a coroutine costs nothing extra again. The
// coroutines still held then are forgotten: they may yet start, unseen.
func untrackCoroutines() {
	trackerMu.Lock()
	defer trackerMu.Unlock()
	c := coros
	if c == nil {
		return
	}
	c.reportUnawaited()
	if debugLoops--; debugLoops > 0 {
		return
	}
	asyncimpl.SetTracker(nil)
	coros = nil
	c.mu.Lock()
	clear(c.live)
	c.mu.Unlock()
}

func (c *coroTracker) Made(h *asyncimpl.Header) {
	key := weak.Make(h)
	id := goid()
	c.mu.Lock()
	logger := c.running[id]
	if logger == nil {
		logger = c.logger
	}
	c.made++
	c.live[key] = madeCoro{h.Info(), madeAt(), logger, c.made}
	c.mu.Unlock()
	stdruntime.AddCleanup(h, c.collected, key)
}

func (c *coroTracker) Started(h *asyncimpl.Header) {
	c.mu.Lock()
	delete(c.live, weak.Make(h))
	c.mu.Unlock()
}

func (c *coroTracker) collected(key weak.Pointer[asyncimpl.Header]) {
	c.mu.Lock()
	defer c.mu.Unlock() // a Close that sweeps waits for the line
	if m, ok := c.live[key]; ok {
		delete(c.live, key)
		reportUnawaited(m)
	}
}

// madeAt is the file:line of the call that made a coroutine, for Made: the
// call of FAsync, the function that called asyncimpl.NewCoro.
func madeAt() string {
	var pcs [8]uintptr
	frames := stdruntime.CallersFrames(pcs[:stdruntime.Callers(3, pcs[:])])
	for seen := false; ; {
		f, more := frames.Next()
		switch {
		case seen:
			if f, more = frames.Next(); f.File != "" {
				return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
			}
			return "?"
		case strings.Contains(f.Function, "asyncimpl.NewCoro"):
			seen = true
		}
		if !more {
			return "?"
		}
	}
}

// reportUnawaited logs the coroutines that were dropped without being
// started, at once rather than whenever the collector finds them: after a
// collection, a coroutine that is gone was never awaited, while one still
// held may yet be (made for another loop, or for later).
func (c *coroTracker) reportUnawaited() {
	stdruntime.GC()
	c.mu.Lock()
	var dropped []madeCoro
	for key, m := range c.live {
		if key.Value() == nil {
			dropped = append(dropped, m)
			delete(c.live, key)
		}
	}
	var failed []futureFailure
	c.futures = slices.DeleteFunc(c.futures, func(f futureFailure) bool {
		switch {
		case f.note.read.Load():
			return true
		case f.gone():
			failed = append(failed, f)
			return true
		}
		return false
	})
	c.mu.Unlock()
	slices.SortFunc(dropped, func(a, b madeCoro) int { return cmp.Compare(a.seq, b.seq) })
	for _, m := range dropped {
		reportUnawaited(m)
	}
	for _, f := range failed {
		f.note.report(f.logger)
	}
}

// futureFailed notes n, the error of a future that gone reports
// collected, for the cleanup that reports it unless it was read, and for
// the debug loops' tracker, if there is one: it returns the logger to
// report it to, a debug loop's if one runs on this goroutine.
func futureFailed(gone func() bool, n *failureNote) *slog.Logger {
	trackerMu.Lock()
	c := coros
	trackerMu.Unlock()
	if c == nil {
		return slog.Default()
	}
	n.set = calledAt()
	c.mu.Lock()
	defer c.mu.Unlock()
	logger := c.running[goid()]
	if logger == nil {
		logger = c.logger
	}
	if len(c.futures) == cap(c.futures) {
		c.futures = slices.DeleteFunc(c.futures, func(f futureFailure) bool { return f.note.read.Load() })
	}
	c.futures = append(c.futures, futureFailure{gone, n, logger})
	return logger
}

// calledAt is the file:line of the first caller outside the runtime (its
// own tests count as outside) and asyncgen's spawn helpers: the code that
// completed a future or spawned a task, for their reports.
func calledAt() string {
	var pcs [16]uintptr
	frames := stdruntime.CallersFrames(pcs[:stdruntime.Callers(2, pcs[:])])
	for {
		f, more := frames.Next()
		inside := strings.HasPrefix(f.Function, "github.com/asyncgen/asyncgen/runtime.") ||
			strings.HasPrefix(f.Function, "github.com/asyncgen/asyncgen/runtime/asyncimpl.") ||
			strings.Contains(f.Function, ".spawn_") // a generated spawn helper, at the function's line
		if f.File != "" && (!inside || strings.HasSuffix(f.File, "_test.go")) {
			return filepath.Base(f.File) + ":" + strconv.Itoa(f.Line)
		}
		if !more {
			return "?"
		}
	}
}

func reportUnawaited(m madeCoro) {
	name, at := coroPlace(m.fn)
	m.logger.Warn("runtime: coroutine was never awaited or spawned", "coroutine", name, "defined", at, "made", m.at)
}
