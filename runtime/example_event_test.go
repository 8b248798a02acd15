package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func waitEvent(name string, ev *runtime.Event) error {
	fmt.Println(name, "waits")
	if _, err := runtime.Await(ev.Wait()); err != nil {
		return err
	}
	fmt.Println(name, "woken")
	return nil
}

// async
func setEvent() error {
	ev := runtime.NewEvent()
	a := runtime.Spawn(waitEventAsync("a", ev))
	b := runtime.Spawn(waitEventAsync("b", ev))
	if _, err := runtime.Await(runtime.Sleep(time.Second)); err != nil {
		return err
	}
	fmt.Println("set")
	ev.Set()
	if _, err := runtime.Await(a); err != nil {
		return err
	}
	if _, err := runtime.Await(b); err != nil {
		return err
	}
	return nil
}

// An Event wakes every task waiting on it (asyncio.Event).
func ExampleEvent() {
	runtime.Run(setEventAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// a waits
	// b waits
	// set
	// a woken
	// b woken
}
