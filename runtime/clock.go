package runtime

import (
	"errors"
	"sync/atomic"
	"time"
)

// Clock is the loop's time source, read by [Loop.Now]. The default is the
// monotonic clock, counted from the loop's creation.
type Clock interface {
	Now() time.Duration
}

// VirtualClock is a Clock that moves only when the loop would otherwise wait
// for a timer: it then jumps straight to that timer's time. Programs run on it
// behave as on the real clock, in the same order, but a ten-minute timeout
// takes microseconds. While ToThread calls of the loop are queued or
// running, the clock follows real time instead of jumping, so that a call
// of a millisecond ends before a timeout of a minute, as on the real clock.
// Other goroutines (CallSoonThreadsafe) are waited for in real time only
// when there is no timer to jump to.
//
// Sockets, pipes and signals are polled without waiting before each jump:
// what is ready then runs first, but data still on its way (from a peer in
// another goroutine or process, or a loopback packet the kernel has not
// delivered yet) does not hold the clock back. A test whose client and
// server share the loop sees each write ready at the other end as soon as
// it is made (Unix sockets and pipes always; loopback TCP nearly always),
// so it keeps the order of the real clock; with a peer outside the loop,
// keep to the real clock.
//
// A VirtualClock moves with the loop that runs on it: loops may share one
// in turn, but RunForever refuses to run a loop while another runs on its
// clock.
//
// The zero VirtualClock reads zero and is ready to use.
type VirtualClock struct {
	now    time.Duration
	runner atomic.Pointer[Loop] // the loop running on it, if any
}

var errClockInUse = errors.New("runtime: the loop's VirtualClock is in use by another running loop: give each loop its own")

// acquire marks the clock as moved by l, while it runs.
func (c *VirtualClock) acquire(l *Loop) error {
	if !c.runner.CompareAndSwap(nil, l) {
		return errClockInUse
	}
	return nil
}

func (c *VirtualClock) release(l *Loop) { c.runner.CompareAndSwap(l, nil) }

// NewVirtualClock returns a virtual clock reading zero.
func NewVirtualClock() *VirtualClock { return &VirtualClock{} }

// Now returns the virtual time.
func (c *VirtualClock) Now() time.Duration { return c.now }

// Advance moves the clock forward by d (negative means zero). Timers that fall
// due fire at the loop's next pass.
func (c *VirtualClock) Advance(d time.Duration) {
	if d > 0 {
		c.now = deadline(c.now, d) // saturating, as Forever from now is the end of time
	}
}

type monotonic struct{ start time.Time }

func (m monotonic) Now() time.Duration { return time.Since(m.start) }
