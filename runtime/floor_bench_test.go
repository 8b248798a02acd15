package runtime

import "testing"

// BenchmarkPingPongFloor is not the runtime: it is the least a loop of
// this design does for PingPong's round trip, for BENCHMARKS.md to
// compare with. A FIFO ready queue of interface values, run a pass at a
// time; two hand-written steppers, each a state machine that takes an item
// from a one-slot queue, puts it on the other and parks as the getter of
// its own queue when it is empty; the put wakes the parked getter through
// the ready queue. What the runtime adds is what it is for: frames on a
// task's stack with panics and cancellation, Queue's bounds, shutdown and
// task counting, waiter records that keep asyncio's hand-over when a woken
// waiter is cancelled, the loop's timers, I/O and thread-safe inbox, and
// debug mode.
func BenchmarkPingPongFloor(b *testing.B) {
	l := &floorLoop{buf: make([]floorRunnable, 64)}
	toPong, toPing := &floorQueue{}, &floorQueue{}
	ping := &floorStepper{l: l, in: toPing, out: toPong, n: b.N, first: true}
	pong := &floorStepper{l: l, in: toPong, out: toPing, n: b.N}
	l.push(pong)
	l.push(ping)
	for l.n > 0 {
		for k := l.n; k > 0; k-- { // a pass runs what was ready when it began
			x := l.buf[l.head]
			l.buf[l.head] = nil
			l.head = (l.head + 1) & (len(l.buf) - 1)
			l.n--
			x.run()
		}
	}
}

type floorRunnable interface{ run() }

type floorLoop struct {
	buf     []floorRunnable
	head, n int
}

func (l *floorLoop) push(x floorRunnable) {
	l.buf[(l.head+l.n)&(len(l.buf)-1)] = x
	l.n++
}

type floorQueue struct {
	item   int
	full   bool
	getter *floorStepper
}

type floorStepper struct {
	l       *floorLoop
	in, out *floorQueue
	i, n    int
	first   bool
	state   int
}

func (s *floorStepper) run() {
	for {
		if s.state == 1 {
			if !s.in.full {
				s.in.getter = s // park
				return
			}
			v := s.in.item
			s.in.full = false
			if !s.first {
				s.put(v)
			}
			s.i++
			s.state = 0
		}
		if s.i >= s.n {
			return
		}
		if s.first {
			s.put(s.i)
		}
		s.state = 1
	}
}

func (s *floorStepper) put(v int) {
	q := s.out
	q.item, q.full = v, true
	if g := q.getter; g != nil {
		q.getter = nil
		s.l.push(g)
	}
}
