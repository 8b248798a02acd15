package runtime

import (
	"fmt"
	"log/slog"
	"math"
	"sync/atomic"
	"time"
)

// Loop is a single-threaded event loop: it runs tasks and callbacks one at a
// time, in the order they became ready, on the goroutine that runs it. Like
// asyncio's, it is not safe for concurrent use: other goroutines reach it only
// through [Loop.CallSoonThreadsafe], [ToThread] and the futures it completes.
//
// Make one with [NewLoop]; the zero Loop is not usable.
type Loop struct {
	ready   ring
	timers  timerHeap
	seq     uint64
	clock   Clock
	virtual *VirtualClock

	running  bool
	stopping bool
	closed   atomic.Bool // read by Closed from any goroutine

	tasks   taskSet // tasks not yet done
	current *task   // the task being stepped

	batch     int    // runnables of the current pass not yet run
	pass      uint64 // counts passes: a stream's read share is per pass
	unwinding *task  // a task whose panic is on its way through its frames
	taskSeq   uint32 // numbers tasks: Task-1, Task-2, ...

	inbox   inbox
	poller  poller
	scratch readScratch // the read buffer its streams share (stream.go)
	sig     *signals
	exec    *executor
	workers int
	// threadJobs counts the ToThread calls queued or running: while there
	// is one, a virtual clock follows real time rather than jumping.
	threadJobs int
	debug      bool
	goid       uint64                   // debug mode: the goroutine that runs the loop
	pullers    atomic.Pointer[[]uint64] // debug mode: goroutines of function iterators, which run for it
	logger     *slog.Logger
	// shown is the user's function that a callback of the runtime's own
	// runs (a signal handler): debug mode names it when it is slow.
	shown    func()
	failures []*failureNote // failed tasks, reported at Close unless read
}

// NewLoop makes a loop.
func NewLoop(opts ...Option) *Loop {
	cf := newConfig(opts)
	l := &Loop{
		clock:   cf.clock,
		debug:   cf.debug,
		logger:  cf.logger,
		workers: cf.workers,
	}
	l.ready.in = &l.inbox
	if l.debug {
		l.ready.debug = l
	}
	if l.clock == nil {
		l.clock = monotonic{start: time.Now()}
	}
	l.virtual, _ = l.clock.(*VirtualClock)
	if l.debug {
		trackCoroutines(l.logger)
	}
	return l
}

// Now is the loop's time (asyncio's loop.time()): the clock's reading.
func (l *Loop) Now() time.Duration {
	if l.clock == nil {
		panic(errZeroLoop("Now"))
	}
	return l.clock.Now()
}

// Closed reports whether Close was called. Unlike the other Loop methods
// but CallSoonThreadsafe, it may be called from any goroutine (a Client
// that serves several loops asks it of each): once it reports true, the
// loop stays closed.
func (l *Loop) Closed() bool { return l.closed.Load() }

// CallSoon schedules fn to run at the loop's next pass, after everything
// already ready.
func (l *Loop) CallSoon(fn func()) (*Handle, error) {
	if err := l.refusal("CallSoon"); err != nil {
		return nil, err
	}
	if err := l.checkGoroutine("CallSoon"); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, errNilFunc("CallSoon")
	}
	h := newHandle(l, fn)
	l.ready.push(h)
	return h, nil
}

// CallLater schedules fn to run d from now (negative means zero). Callbacks
// due at the same time run in the order they were scheduled.
func (l *Loop) CallLater(d time.Duration, fn func()) (*Handle, error) {
	if err := l.refusal("CallLater"); err != nil {
		return nil, err
	}
	return l.callAt("CallLater", deadline(l.Now(), d), fn)
}

// deadline is now+d for d ≥ 0 (negative means zero), saturating: Forever
// from now is the end of time, not a time long past.
func deadline(now, d time.Duration) time.Duration {
	d = max(d, 0)
	if now > 0 && d > math.MaxInt64-now { // a clock may read a time before 0
		return math.MaxInt64
	}
	return now + d
}

// CallAt schedules fn to run at loop time when.
func (l *Loop) CallAt(when time.Duration, fn func()) (*Handle, error) {
	if err := l.refusal("CallAt"); err != nil {
		return nil, err
	}
	return l.callAt("CallAt", when, fn)
}

// callAt is CallAt, after its refusal, for method, the one called, which
// errors name.
func (l *Loop) callAt(method string, when time.Duration, fn func()) (*Handle, error) {
	if err := l.checkGoroutine(method); err != nil {
		return nil, err
	}
	if fn == nil {
		return nil, errNilFunc(method)
	}
	h := &Handle{fn: fn, loop: l, when: when}
	l.addTimer(&h.tm, when, timerOfHandle)
	return h, nil
}

// addTimer puts tm in the heap, due at when; handle is timerOfHandle for a
// Handle's timer, 0 for a task's.
func (l *Loop) addTimer(tm *timer, when time.Duration, handle uint64) {
	l.seq++
	l.timers.push(tm, when, l.seq<<1|handle)
}

// CallSoonThreadsafe schedules fn from any goroutine and wakes the loop.
func (l *Loop) CallSoonThreadsafe(fn func()) error {
	if fn == nil {
		return errNilFunc("CallSoonThreadsafe")
	}
	if l.clock == nil { // set before the loop was handed to other goroutines; closed is the inbox's to say
		return errZeroLoop("CallSoonThreadsafe")
	}
	return l.inbox.add(newHandle(l, fn))
}

// errNilFunc refuses a nil callback where it is given, rather than when the
// loop would call it (asyncio: TypeError, a callable object was expected).
func errNilFunc(method string) error {
	return fmt.Errorf("runtime: %s of a nil func: pass the function to call", method)
}

// Stop makes a running loop return after the pass it is in.
func (l *Loop) Stop() { l.stopping = true }

// RunForever runs the loop until Stop is called.
func (l *Loop) RunForever() error { return l.runPasses(-1) }

// runPasses runs the loop for passes passes, or until Stop when passes is
// negative, as a running loop: nested runs and Close are refused meanwhile.
func (l *Loop) runPasses(passes int) error {
	leave, err := l.enter("RunForever")
	if err != nil {
		return err
	}
	defer leave()
	l.run(passes)
	return nil
}

// enter makes l the running loop of this goroutine, or says why it cannot
// run (method is what was called): it is closed or running, this goroutine
// runs another loop, its virtual clock is another running loop's. leave
// ends the run.
func (l *Loop) enter(method string) (leave func(), err error) {
	if err := l.refusal(method); err != nil {
		return nil, err
	}
	if l.running {
		return nil, errAlreadyRunning
	}
	leaveRun, err := enterRun()
	if err != nil {
		return nil, err
	}
	c := l.virtual
	if c != nil {
		if err := c.acquire(l); err != nil {
			leaveRun()
			return nil, err
		}
	}
	if l.debug {
		l.goid = goid()
		runsOn(l.goid, l.logger)
	}
	l.running = true
	return func() {
		l.running, l.stopping = false, false
		if l.debug {
			runsOn(l.goid, nil)
		}
		if c != nil {
			c.release(l)
		}
		leaveRun()
	}, nil
}

// Close closes the loop: pending callbacks are dropped, the executor is shut
// down without waiting for its queued and running calls (they still run,
// and their results are dropped), and every later call of a loop method
// returns ErrClosed, as asyncio's loop.close. Close on a closed loop does
// nothing. Run, before it closes the loop, runs it while the executor
// finishes its calls, as asyncio.run does.
func (l *Loop) Close() error {
	if l.running {
		return errCloseRunning
	}
	if l.closed.Load() {
		return nil
	}
	l.closed.Store(true)
	l.reportPending()
	l.inbox.close()
	if l.exec != nil {
		l.exec.shutdown(false)
	}
	l.closeIO()
	l.ready = ring{in: l.ready.in, debug: l.ready.debug}
	l.batch = 0
	for _, e := range l.timers {
		e.tm.idx = -1 // out of the heap: a later Cancel has nothing to remove
	}
	l.timers = nil
	l.reportUnretrieved()
	if l.debug {
		untrackCoroutines()
	}
	return nil
}

// runOnce is one pass of the loop, as asyncio's _run_once: wait for I/O or the
// next timer (not at all if something is ready), move due timers to the ready
// queue, then run exactly the callbacks that were ready when the pass began.
// It is a pass of runPasses with a count; runGuarded writes out the passes
// until Stop, with gather skipped when idle says it does nothing.
func (l *Loop) runOnce() {
	l.pass++
	l.gather()
	l.batch = l.ready.len()
	l.runBatch()
	l.ready.trim()
}

// idle reports whether gather would do nothing: something is ready, so
// the pass does not wait, and there are no timers, descriptors or callbacks
// from other goroutines to look at.
func (l *Loop) idle() bool {
	return l.ready.n > 0 && len(l.timers) == 0 && l.poller.quiet() && !l.inbox.pending()
}

// gather is the first half of a pass: wait for I/O or the next timer, and
// queue what is due.
func (l *Loop) gather() {
	wait := time.Duration(-1) // forever
	if l.ready.len() > 0 || l.stopping {
		wait = 0
	} else if len(l.timers) > 0 {
		wait = 0 // a timer due, or past (a deadline of CallAt long gone)
		if next, now := l.timers.next(), l.Now(); next > now {
			wait = next - now
		}
	}
	if l.virtual != nil && (wait > 0 || wait < 0 && l.threadJobs > 0) {
		l.pollVirtual(wait)
	} else if wait != 0 || !l.poller.quiet() || l.inbox.pending() {
		l.poll(wait)
	}
	if len(l.timers) > 0 {
		now := l.Now() // read only when a timer may be due: it is not free
		for len(l.timers) > 0 && l.timers.next() <= now {
			l.ready.push(l.timers.pop())
		}
	}
}

// pollVirtual is the wait of a pass on a virtual clock, wait (> 0) before
// the next timer: the clock jumps to the timer if nothing is ready at
// once. While ToThread calls are out, it follows real time instead (a call
// of a millisecond ends before a timeout of a minute, as on the real
// clock): it waits for them, or for the time to the timer (forever, wait
// < 0, when there is none), and moves by the time waited.
func (l *Loop) pollVirtual(wait time.Duration) {
	if l.threadJobs > 0 {
		start := time.Now()
		l.poll(wait) // forever (wait < 0) when no timer is set
		now := deadline(l.virtual.now, time.Since(start))
		if len(l.timers) > 0 {
			now = min(now, l.timers.next())
		}
		l.virtual.now = now
		return
	}
	l.poll(0)
	if l.ready.len() == 0 {
		l.virtual.now = l.timers.next()
	}
}

func (l *Loop) runBatch() {
	for l.batch > 0 {
		l.batch-- // before the run: a panic must not run the item again
		l.ready.pop().run()
	}
}

// run runs passes of the loop: until Stop if passes is negative, else that
// many.
//
// A panic that escapes a task's step is recovered here, once for as long as
// the loop runs rather than once a step (see asyncimpl.Task.Run); the task
// then goes on unwinding its frames, and the pass goes on. A panic outside
// any task's step (a callback's) is not recovered: it ends the program, as
// in plain Go.
//
// Run forever, it checks for Stop after each pass, as asyncio's run_forever:
// a Stop made before the loop runs still lets one pass run.
func (l *Loop) run(passes int) {
	for resumed := false; !l.runGuarded(&passes, resumed); resumed = true {
	}
}

// runGuarded finishes a pass that a panic interrupted (resumed), then runs
// passes. It reports false if it returned because it recovered a panic.
func (l *Loop) runGuarded(passes *int, resumed bool) (ok bool) {
	defer func() {
		if t := l.current; t != nil {
			if r := recover(); r != nil {
				l.unwind(t, r)
			} else if !ok {
				l.goexit(t)
			}
		}
	}()
	if t := l.unwinding; t != nil {
		l.unwinding = nil
		if l.debug {
			t.stepped(l.stepTimed(t))
		} else {
			t.stepped(t.core.Run())
		}
	}
	if l.batch > 0 {
		l.runBatch()
		l.ready.trim()
	}
	if resumed && *passes < 0 && l.stopping {
		return true // the interrupted pass was the last
	}
	if *passes < 0 {
		// Until Stop, which is looked at after each pass: the loop of
		// every Run, written apart so that a pass costs little more
		// than its steps.
		for {
			l.pass++
			if !l.idle() {
				l.gather()
			}
			for l.batch = l.ready.n; l.batch > 0; { // runBatch, inline
				l.batch--
				l.ready.pop().run()
			}
			l.ready.trim()
			if l.stopping {
				return true
			}
		}
	}
	for *passes > 0 {
		*passes--
		l.runOnce()
	}
	return true
}

// goexit ends t, the current task, whose step called runtime.Goexit (as
// testing's FailNow and Fatal do): nothing stops a Goexit, which goes on to
// end the loop's goroutine, but the task ends first, with an error saying
// why, so that what runs on the way out (Run cancels the other tasks and
// closes the loop) does not wait for it. Its outer frames' deferred calls do
// not run, nor are the function iterators they range over stopped: the
// goroutine is on its way out.
func (l *Loop) goexit(t *task) {
	l.current = nil
	t.core.Resumed = false
	t.finishErr(errGoexitTask)
}

// unwind takes the panic r that escaped the step of t, the current task:
// either it goes on to t's caller frame at the next runGuarded, or it ended t.
func (l *Loop) unwind(t *task, r any) {
	done, p := t.core.Unwind(r)
	if !done {
		l.unwinding = t
		return
	}
	l.current = nil
	t.core.Resumed = false
	t.extra().panic = p
	t.finish(p)
}

// poll waits up to d (forever if negative) for I/O readiness and for
// callbacks from other goroutines: the poller's handlers wake the tasks
// waiting on ready descriptors, then the callbacks join the ready queue.
func (l *Loop) poll(d time.Duration) {
	if !l.poller.started {
		l.poller.start(&l.inbox)
	}
	l.poller.wait(d, &l.inbox)
	l.ready.takeInbox()
}
