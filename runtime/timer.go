package runtime

import (
	"time"
	"unsafe"
)

// timer is an entry of the loop's timer heap. Timers due at the same instant
// fire in the order they were set (seq breaks ties), as in asyncio. A timer
// runs its Handle, or, with h nil, it is the sleep timer of the task holding
// it (its tm field) and wakes that task.
type timer struct {
	when time.Duration
	seq  uint64
	idx  int32 // position in the heap; -1 when not in it
	h    *Handle
}

var timerOffset = unsafe.Offsetof((*task)(nil).tm)

// run fires the timer. A task's sleep ends at the pass after its timer fired,
// as in asyncio, where the timer completes a future whose awaiter then wakes.
func (tm *timer) run() {
	if tm.h != nil {
		tm.h.run()
		return
	}
	(*task)(unsafe.Add(unsafe.Pointer(tm), -timerOffset)).wakeUp()
}

// timerHeap is a binary min-heap of timers ordered by (when, seq).
type timerHeap []*timer

func (h timerHeap) less(i, j int) bool {
	a, b := h[i], h[j]
	return a.when < b.when || a.when == b.when && a.seq < b.seq
}

func (h timerHeap) swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].idx = int32(i)
	h[j].idx = int32(j)
}

func (h *timerHeap) push(tm *timer) {
	tm.idx = int32(len(*h))
	*h = append(*h, tm)
	h.up(len(*h) - 1)
}

func (h *timerHeap) pop() *timer {
	old := *h
	n := len(old) - 1
	old.swap(0, n)
	tm := old[n]
	old[n] = nil
	*h = old[:n]
	h.down(0)
	tm.idx = -1
	return tm
}

func (h *timerHeap) remove(tm *timer) {
	i := int(tm.idx)
	if i < 0 {
		return
	}
	old := *h
	n := len(old) - 1
	if i != n {
		old.swap(i, n)
	}
	old[n] = nil
	*h = old[:n]
	if i != n {
		h.down(i)
		h.up(i)
	}
	tm.idx = -1
}

func (h timerHeap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h.less(i, p) {
			return
		}
		h.swap(i, p)
		i = p
	}
}

func (h timerHeap) down(i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.swap(i, m)
		i = m
	}
}
