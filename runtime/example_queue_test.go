package runtime_test

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func consumer(name string, q *runtime.Queue[int]) error {
	for {
		v, err := runtime.Await(q.Get())
		if err != nil {
			return err
		}
		if _, err := runtime.Await(runtime.Sleep(10 * time.Millisecond)); err != nil { // work on v
			return err
		}
		fmt.Println(name, "did", v)
		q.TaskDone()
	}
}

// async
func produce() error {
	q := runtime.NewQueue[int](2)
	a := runtime.Spawn(consumerAsync("a", q))
	b := runtime.Spawn(consumerAsync("b", q))
	for i := range 4 {
		if _, err := runtime.Await(q.Put(i)); err != nil { // waits while the queue is full
			return err
		}
	}
	if _, err := runtime.Await(q.Join()); err != nil { // every item done
		return err
	}
	a.Cancel()
	b.Cancel()
	return nil
}

// A bounded queue consumed by two tasks (asyncio.Queue): Put waits while the
// queue is full, Join until every item got its TaskDone.
func ExampleQueue() {
	runtime.Run(produceAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// a did 0
	// b did 1
	// a did 2
	// b did 3
}
