package runtime

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestTimerHeapOrder fires random timers, some cancelled, and checks they
// come out by time, ties in the order set.
func TestTimerHeapOrder(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	r := rand.New(rand.NewPCG(7, 7))
	type fired struct {
		when time.Duration
		seq  int
	}
	var got []fired
	var handles []*Handle
	for i := range 5000 {
		when := time.Duration(r.IntN(50)) * time.Millisecond
		h, _ := l.CallAt(when, func() { got = append(got, fired{when, i}) })
		handles = append(handles, h)
	}
	cancelled := 0
	for i := 0; i < len(handles); i += 7 {
		handles[i].Cancel()
		cancelled++
	}
	for len(l.timers) > 0 {
		l.runOnce()
	}
	if len(got) != len(handles)-cancelled {
		t.Fatalf("%d timers fired, want %d", len(got), len(handles)-cancelled)
	}
	if !slices.IsSortedFunc(got, func(a, b fired) int {
		if a.when != b.when {
			return int(a.when - b.when)
		}
		return a.seq - b.seq
	}) {
		t.Errorf("timers fired out of (time, order set) order")
	}
	l.Close()
}
