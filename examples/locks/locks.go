// Package locks shows runtime.Lock and runtime.Event (asyncio.Lock and
// asyncio.Event). Three tasks update a balance with a read, a sleep and a
// write: holding the lock across the sleep keeps each update whole. Then a
// waiter blocks on an event until main sets it, as in asyncio's
// documentation.
//
// Run it with go run ./examples/locks/cmd/locks.
package locks

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

type account struct {
	balance int
}

// async
func deposit(e *demo.Env, lock *runtime.Lock, acc *account, name string) (int, error) {
	if _, err := runtime.Await(lock.Acquire()); err != nil {
		return 0, err
	}
	defer lock.Release()
	e.Println(name, "has the lock")
	balance := acc.balance
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return 0, err
	}
	acc.balance = balance + 10
	e.Println(name, "releases the lock")
	return acc.balance, nil
}

// async
func waiter(e *demo.Env, ev *runtime.Event) error {
	e.Println("waiting for it ...")
	if _, err := runtime.Await(ev.Wait()); err != nil {
		return err
	}
	e.Println("... got it!")
	return nil
}

// async
func main(e *demo.Env) error {
	lock := runtime.NewLock()
	acc := &account{}
	start := e.Now()
	var deposits []runtime.Awaitable[int]
	for i := range 3 {
		deposits = append(deposits, depositAsync(e, lock, acc, fmt.Sprint("task ", i+1)))
	}
	if _, err := runtime.Await(runtime.Gather(deposits...)); err != nil {
		return err
	}
	e.Println("balance", acc.balance, "after", demo.Seconds(e.Since(start)), "s")

	ev := runtime.NewEvent()
	w := runtime.Spawn(waiterAsync(e, ev))
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	e.Println("setting the event")
	ev.Set()
	_, err := runtime.Await(w)
	return err
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
