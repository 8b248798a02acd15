package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// These programs are checked against CPython 3.11 asyncio's timeout
// objects: the comment of each example gives the asyncio program whose
// output it reproduces (loop times relative to the start, in seconds).

// async
func extended(dl *runtime.Deadline, start time.Duration) error {
	loop, _ := runtime.Await(runtime.RunningLoop())
	if _, err := runtime.Await(runtime.Sleep(50 * time.Millisecond)); err != nil {
		return err
	}
	dl.Reschedule(loop.Now() + 200*time.Millisecond)
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	fmt.Println("extended: still running at", (loop.Now() - start).Seconds())
	return nil
}

// async
func reschedules() error {
	loop, _ := runtime.Await(runtime.RunningLoop())
	start := loop.Now()
	dl := runtime.NewDeadline(100 * time.Millisecond)
	_, err := runtime.Await(runtime.TimeoutUntil(dl, extendedAsync(dl, start)))
	when, _ := dl.When()
	fmt.Println("expired:", dl.Expired(), "when:", (when - start).Seconds(), "err:", err)

	start = loop.Now()
	dl = runtime.NewDeadline(10 * time.Second)
	_, err = runtime.Await(runtime.TimeoutUntil(dl, pastAsync(dl, loop)))
	fmt.Println("past:", errors.Is(err, runtime.ErrTimeout), "after", (loop.Now() - start).Seconds(), "expired:", dl.Expired())
	fmt.Println("reschedule after:", dl.Reschedule(loop.Now()+time.Second) != nil)

	start = loop.Now()
	dl = runtime.NewDeadline(50 * time.Millisecond)
	_, err = runtime.Await(runtime.TimeoutUntil(dl, noneAsync(dl)))
	_, has := dl.When()
	fmt.Println("none: ran", (loop.Now() - start).Seconds(), "has a deadline:", has, "expired:", dl.Expired(), "err:", err)

	start = loop.Now()
	_, err = runtime.Await(runtime.TimeoutAt(loop.Now()+50*time.Millisecond, runtime.Sleep(time.Second)))
	fmt.Println("at:", errors.Is(err, runtime.ErrTimeout), "after", (loop.Now() - start).Seconds())

	_, err = runtime.Await(runtime.TimeoutUntil(dl, runtime.Sleep(0)))
	fmt.Println("used twice:", errors.Is(err, runtime.ErrDeadlineUsed))
	return nil
}

// async
func past(dl *runtime.Deadline, loop *runtime.Loop) error {
	dl.Reschedule(loop.Now() - time.Second)
	fmt.Println("rescheduled to the past")
	if _, err := runtime.Await(runtime.Sleep(time.Second)); err != nil {
		return err
	}
	fmt.Println("not reached")
	return nil
}

// async
func none(dl *runtime.Deadline) error {
	dl.Reschedule(runtime.Forever)
	_, err := runtime.Await(runtime.Sleep(100 * time.Millisecond))
	return err
}

// A Deadline moves while its Timeout runs, as asyncio's timeout object:
//
//	async with asyncio.timeout(0.1) as cm:
//	    await asyncio.sleep(0.05); cm.reschedule(loop.time() + 0.2)
//	    await asyncio.sleep(0.1); print("extended: still running at", ...)
//	print("expired:", cm.expired(), "when:", ...)
//	try:
//	    async with asyncio.timeout(10) as cm:
//	        cm.reschedule(loop.time() - 1); print("rescheduled to the past")
//	        await asyncio.sleep(1); print("not reached")
//	except TimeoutError: print("past: TimeoutError after", ..., "expired:", cm.expired())
//	cm.reschedule(loop.time() + 1)  # RuntimeError: Cannot change state of expired Timeout
//	async with asyncio.timeout(0.05) as cm:
//	    cm.reschedule(None); await asyncio.sleep(0.1)
//	print("none: ran", ..., "when:", cm.when(), "expired:", cm.expired())
//	async with asyncio.timeout_at(loop.time() + 0.05):
//	    await asyncio.sleep(1)  # TimeoutError after 0.05
//
// prints the same, with booleans for None and the exceptions, and the
// Go-only reuse of a Deadline refused.
func ExampleTimeoutUntil() {
	runtime.Run(reschedulesAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// extended: still running at 0.15
	// expired: false when: 0.25 err: <nil>
	// rescheduled to the past
	// past: true after 0 expired: true
	// reschedule after: true
	// none: ran 0.1 has a deadline: false expired: false err: <nil>
	// at: true after 0.05
	// used twice: true
}
