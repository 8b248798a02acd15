package runtime

import (
	"math"
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

// A deadline long past (CallAt near the lowest time) is due at once: the
// loop neither waits for it nor moves a virtual clock back to it.
func TestCallAtLongPast(t *testing.T) {
	for _, virtual := range []bool{false, true} {
		var opts []Option
		vc := NewVirtualClock()
		if virtual {
			vc.Advance(time.Second)
			opts = append(opts, WithClock(vc))
		}
		l := NewLoop(opts...)
		var order []string
		l.CallAt(math.MinInt64, func() { order = append(order, "past") })
		l.CallLater(10*time.Millisecond, func() { order = append(order, "later"); l.Stop() })
		watchdog := time.AfterFunc(10*time.Second, func() { l.CallSoonThreadsafe(l.Stop) })
		l.RunForever()
		watchdog.Stop()
		l.Close()
		if !slices.Equal(order, []string{"past", "later"}) {
			t.Errorf("virtual %v: ran %v, want past then later", virtual, order)
		}
		if virtual && vc.Now() != time.Second+10*time.Millisecond {
			t.Errorf("virtual clock at %v, want 1.01s", vc.Now())
		}
	}
}

// The virtual clock saturates at the end of time.
func TestVirtualClockSaturates(t *testing.T) {
	vc := NewVirtualClock()
	vc.Advance(Forever)
	vc.Advance(time.Second)
	if vc.Now() != Forever {
		t.Errorf("Now after Advance(Forever) and a second more = %v, want Forever", vc.Now())
	}
}

// An emptied timer heap that a burst made large lets its memory go.
func TestTimerHeapShrinks(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	var hs []*Handle
	for range 10000 {
		h, _ := l.CallLater(time.Hour, func() {})
		hs = append(hs, h)
	}
	for _, h := range hs {
		h.Cancel()
	}
	if len(l.timers) != 0 || cap(l.timers) != 0 {
		t.Errorf("after cancelling every timer: len %d, cap %d; want none kept", len(l.timers), cap(l.timers))
	}
}

// While a ToThread call is out, the virtual clock follows real time even
// with no timer set.
func TestVirtualClockFollowsThreadWithoutTimers(t *testing.T) {
	vc := NewVirtualClock()
	l := NewLoop(WithClock(vc))
	defer l.Close()
	const d = 50 * time.Millisecond
	run(t, l, wait(func() Awaitable[struct{}] {
		return ToThread(func() (struct{}, error) { time.Sleep(d); return struct{}{}, nil })
	}, nil))
	if vc.Now() < d {
		t.Errorf("virtual clock at %v after a ToThread call of %v; want it to have followed real time", vc.Now(), d)
	}
}
