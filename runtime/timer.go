package runtime

import (
	"time"
	"unsafe"
)

// timer is an entry of the loop's timer heap. Timers due at the same instant
// fire in the order they were set (seq breaks ties), where asyncio's heap
// promises no order. A timer is either the tm field of a Handle, which it
// runs, or the tm field of a task, its sleep timer, and wakes that task; the
// owner is found from the field's offset, so the timer holds no pointer.
//
// The time, the tie-breaking sequence number and which of the two owners the
// timer has live in the heap entry, not here: a task carries a timer, so
// every byte here is a byte per task.
type timer struct {
	idx int32 // position in the heap; -1 when not in it
}

var (
	timerOffset       = unsafe.Offsetof((*task)(nil).tm)
	handleTimerOffset = unsafe.Offsetof((*Handle)(nil).tm)
)

// run fires a task's sleep timer. The sleep ends at the pass after the timer
// fired, as in asyncio, where the timer completes a future whose awaiter
// then wakes.
func (tm *timer) run() {
	(*task)(unsafe.Add(unsafe.Pointer(tm), -timerOffset)).wakeUp()
}

// timerHeap is a 4-ary min-heap ordered by (when, seq). Each entry keeps
// when and seq beside the timer pointer, so sifting compares without
// touching the timers themselves; a 4-ary heap is half as deep as a binary
// one. With a million pending timers both matter more than the arithmetic.
type timerHeap []timerEntry

type timerEntry struct {
	when time.Duration
	// seq is the order the timer was set in, shifted left by one; the low
	// bit is set for the timer of a Handle (timerOfHandle).
	seq uint64
	tm  *timer
}

// timerOfHandle marks the seq of a Handle's timer.
const timerOfHandle = 1

func (e *timerEntry) before(o *timerEntry) bool {
	return e.when < o.when || e.when == o.when && e.seq < o.seq
}

// next is the earliest timer's time; the heap must not be empty.
func (h timerHeap) next() time.Duration { return h[0].when }

func (h *timerHeap) push(tm *timer, when time.Duration, seq uint64) {
	if len(*h) == cap(*h) {
		h.grow()
	}
	*h = append(*h, timerEntry{when: when, seq: seq, tm: tm})
	h.up(len(*h) - 1)
}

// grow doubles the heap's array. append grows a large slice by a quarter
// at a time, which for a million timers copies the entries about four
// times over, into fresh memory each time.
//
//go:noinline
func (h *timerHeap) grow() {
	g := make(timerHeap, len(*h), max(2*cap(*h), 16))
	copy(g, *h)
	*h = g
}

// pop removes the earliest timer and returns what firing it runs: the
// Handle, or the timer of a sleeping task.
func (h *timerHeap) pop() runnable {
	handle := (*h)[0].seq&timerOfHandle != 0
	tm := h.removeAt(0)
	if handle {
		return (*Handle)(unsafe.Add(unsafe.Pointer(tm), -handleTimerOffset))
	}
	return tm
}

func (h *timerHeap) remove(tm *timer) {
	if tm.idx >= 0 {
		h.removeAt(int(tm.idx))
	}
}

func (h *timerHeap) removeAt(i int) *timer {
	old := *h
	tm := old[i].tm
	n := len(old) - 1
	last := old[n]
	old[n] = timerEntry{}
	*h = old[:n]
	if n == 0 && cap(old) > 4096 {
		*h = nil // a burst made it large: an empty heap keeps nothing
	}
	if i < n {
		(*h)[i] = last
		last.tm.idx = int32(i)
		h.down(i)
		h.up(int(last.tm.idx))
	}
	tm.idx = -1
	return tm
}

func (h timerHeap) up(i int) {
	e := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if !e.before(&h[p]) {
			break
		}
		h[i] = h[p]
		h[i].tm.idx = int32(i)
		i = p
	}
	h[i] = e
	e.tm.idx = int32(i)
}

func (h timerHeap) down(i int) {
	n := len(h)
	e := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if !h[m].before(&e) {
			break
		}
		h[i] = h[m]
		h[i].tm.idx = int32(i)
		i = m
	}
	h[i] = e
	e.tm.idx = int32(i)
}
