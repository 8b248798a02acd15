package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func increment(lock *runtime.Lock, counter *int) error {
	if _, err := runtime.Await(lock.Acquire()); err != nil {
		return err
	}
	defer lock.Release()
	v := *counter
	if _, err := runtime.Await(runtime.Sleep(time.Millisecond)); err != nil { // other tasks run here
		return err
	}
	*counter = v + 1
	return nil
}

// async
func incrementAll() (int, error) {
	lock := runtime.NewLock()
	counter := 0
	_, err := runtime.Await(runtime.Gather(
		incrementAsync(lock, &counter),
		incrementAsync(lock, &counter),
		incrementAsync(lock, &counter),
	))
	return counter, err
}

// A Lock held across an await keeps a read-modify-write whole
// (asyncio.Lock); without it the counter would end at 1.
func ExampleLock() {
	n, err := runtime.Run(incrementAllAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	fmt.Println(n, err)
	// Output:
	// 3 <nil>
}
