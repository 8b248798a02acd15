package conformance

import (
	goruntime "runtime"
	"time"
	"weak"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: a suspended frame keeps alive only what is live, as a blocked
// goroutine's stack does. Each case starts a task that holds a payload in a
// variable across one await and then suspends, on an event, at a point where
// the variable is dead; while it waits, a collection must reclaim the
// payload. Concurrent cases: reference mode runs no tasks.

// payload is big enough that nothing else would keep it by accident.
type payload struct{ buf [64 << 10]byte }

// async
func collectedWhileSuspended(tr *Trace, hold func(ev *runtime.Event, w *weak.Pointer[payload]) runtime.Coro[int]) (bool, error) {
	ev := runtime.NewEvent()
	var w weak.Pointer[payload]
	t := runtime.Spawn(hold(ev, &w))
	runtime.Await(runtime.Sleep(time.Millisecond)) // t suspends on ev
	goruntime.GC()
	collected := w.Value() == nil
	tr.Add("collected while suspended: %v", collected)
	ev.Set()
	n, err := runtime.Await(t)
	tr.Add("held %d", n)
	return collected, err
}

// async
func holdThenWait(ev *runtime.Event, w *weak.Pointer[payload]) (int, error) {
	p := &payload{}
	p.buf[0] = 7
	*w = weak.Make(p)
	runtime.Await(runtime.Sleep(0))
	n := int(p.buf[0]) // p is dead from here
	if _, err := runtime.Await(ev.Wait()); err != nil {
		return 0, err
	}
	return n, nil
}

// holdInLoop is the shape of a client loop: the previous iteration's value
// is dead while the next one waits.
//
// async
func holdInLoop(ev *runtime.Event, w *weak.Pointer[payload]) (int, error) {
	n := 0
	for i := range 2 {
		if i == 1 {
			if _, err := runtime.Await(ev.Wait()); err != nil {
				return 0, err
			}
		}
		p := &payload{}
		p.buf[0] = byte(i + 1)
		if i == 0 {
			*w = weak.Make(p)
		}
		runtime.Await(runtime.Sleep(0))
		n += int(p.buf[0])
	}
	return n, nil
}

// holdParam holds its parameter, dead after the first await.
//
// async
func holdParam(ev *runtime.Event, p *payload) (int, error) {
	runtime.Await(runtime.Sleep(0))
	n := int(p.buf[0])
	if _, err := runtime.Await(ev.Wait()); err != nil {
		return 0, err
	}
	return n, nil
}

func holdParamAsyncOf(ev *runtime.Event, w *weak.Pointer[payload]) runtime.Coro[int] {
	p := &payload{}
	p.buf[0] = 5
	*w = weak.Make(p)
	return holdParamAsync(ev, p)
}
