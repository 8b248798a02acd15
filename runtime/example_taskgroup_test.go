package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func job(name string, d time.Duration, fail bool) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
		fmt.Println(name, "cancelled")
		return "", err
	}
	if fail {
		return "", errors.New(name + " failed")
	}
	return name, nil
}

// async
func group() error {
	tg, err := runtime.Await(runtime.NewTaskGroup())
	if err != nil {
		return err
	}
	a := runtime.SpawnIn(tg, jobAsync("a", time.Second, false))
	runtime.SpawnIn(tg, jobAsync("b", 10*time.Millisecond, true))
	_, err = runtime.Await(tg.Wait())
	fmt.Println(err, a.Cancelled())
	return nil
}

// A TaskGroup's Wait returns when all its tasks have finished; the first
// failure cancels the others (asyncio.TaskGroup).
func ExampleTaskGroup() {
	runtime.Run(groupAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// a cancelled
	// b failed true
}
