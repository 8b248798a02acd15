package runtime_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func shieldedFails(ev *runtime.Event, name string) error {
	runtime.Await(ev.Wait())
	return fmt.Errorf("%s failed", name)
}

// async
func cancelAwaiter(ev *runtime.Event, awaiter **runtime.Task[struct{}]) {
	runtime.Await(ev.Wait())
	fmt.Println("cancel awaiter")
	(*awaiter).Cancel()
}

// async
func awaitShield(s runtime.Awaitable[struct{}]) {
	if _, err := runtime.Await(s); err != nil {
		fmt.Println("awaiter:", err)
	}
}

// async
func shieldCancelledThenInnerFails(ev, innerEv *runtime.Event, name string) {
	var awaiter *runtime.Task[struct{}]
	runtime.Spawn(cancelAwaiterAsync(ev, &awaiter))
	inner := runtime.Spawn(shieldedFailsAsync(innerEv, name))
	awaiter = runtime.Spawn(awaitShieldAsync(runtime.Shield[struct{}](inner)))
	runtime.Await(runtime.Sleep(0))
	ev.Set()
	runtime.Await(runtime.Sleep(10 * time.Millisecond))
	innerEv.Set()
	runtime.Await(runtime.Sleep(10 * time.Millisecond))
	fmt.Println("inner done:", inner.Done())
}

// async
func shieldCancelPasses() {
	ev := runtime.NewEvent()
	runtime.Await(shieldCancelledThenInnerFailsAsync(ev, ev, "same pass"))
	runtime.Await(shieldCancelledThenInnerFailsAsync(runtime.NewEvent(), runtime.NewEvent(), "later"))
}

// When the awaiter of a Shield is cancelled, the Shield lets go of the
// inner task at the next turn of the loop, as asyncio's
// _outer_done_callback: an inner task failing in the pass of the cancel has
// its error read by the Shield, one failing later has it reported as never
// retrieved. Checked against CPython 3.11, with asyncio.shield and
// asyncio.Event in the same steps (it reports the later failure when the
// task is collected):
//
//	cancel awaiter
//	awaiter cancelled
//	inner done: True
//	cancel awaiter
//	awaiter cancelled
//	inner done: True
//	Task exception was never retrieved ... RuntimeError: later failed
func ExampleShield_cancelledInThePassTheInnerFails() {
	logs, logger := textLogs()
	runtime.Run(shieldCancelPassesAsync(), runtime.WithClock(runtime.NewVirtualClock()), runtime.WithLogger(logger))
	fmt.Println("same pass logged:", strings.Contains(logs.String(), "same pass failed"))
	fmt.Println("later logged:", strings.Contains(logs.String(), "never retrieved") && strings.Contains(logs.String(), "later failed"))
	// Output:
	// cancel awaiter
	// awaiter: runtime: cancelled
	// inner done: true
	// cancel awaiter
	// awaiter: runtime: cancelled
	// inner done: true
	// same pass logged: false
	// later logged: true
}
