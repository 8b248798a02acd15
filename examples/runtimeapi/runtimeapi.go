// Package runtimeapi holds the runnable examples of package runtime's main
// API, each an //async function here and an Example in example_test.go that
// runs it on a virtual clock and shows what it prints. (They live outside
// package runtime because asyncgen does not compile _test.go files.)
package runtimeapi

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// fetch stands for a slow operation: it answers "page id" after id tenths of
// a second.
//
// async
func fetch(id int) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(time.Duration(id) * 100 * time.Millisecond)); err != nil {
		return "", err
	}
	return fmt.Sprint("page ", id), nil
}

// async
func fail(msg string) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(50 * time.Millisecond)); err != nil {
		return "", err
	}
	return "", errors.New(msg)
}

// crawl is DESIGN.md's first program: a task spawned first, a Gather, then
// the task's result.
//
// async
func crawl() ([]string, error) {
	t := runtime.Spawn(fetchAsync(3)) // starts now, runs concurrently
	pages, err := runtime.Await(runtime.Gather(fetchAsync(1), fetchAsync(2)))
	if err != nil {
		return nil, err
	}
	last, err := runtime.Await(t)
	return append(pages, last), err
}

// async
func gatherAll() error {
	rs, err := runtime.Await(runtime.GatherAll(fetchAsync(1), failAsync("boom"), fetchAsync(2)))
	if err != nil {
		return err
	}
	for _, r := range rs {
		fmt.Printf("%q %v\n", r.Val, r.Err)
	}
	return nil
}

// async
func waitFor() error {
	_, err := runtime.Await(runtime.WaitFor(fetchAsync(5), 200*time.Millisecond))
	fmt.Println(err, errors.Is(err, runtime.ErrTimeout))
	page, err := runtime.Await(runtime.WaitFor(fetchAsync(1), 200*time.Millisecond))
	fmt.Println(page, err)
	return nil
}

// async
func timeout() error {
	_, err := runtime.Await(runtime.Timeout(150*time.Millisecond, crawlAsync()))
	fmt.Println(err)
	return nil
}

// async
func taskGroup() error {
	tg, err := runtime.Await(runtime.NewTaskGroup())
	if err != nil {
		return err
	}
	a := runtime.SpawnIn(tg, fetchAsync(1))
	b := runtime.SpawnIn(tg, fetchAsync(2))
	if _, err := runtime.Await(tg.Wait()); err != nil {
		return err
	}
	fmt.Println(a.Result())
	fmt.Println(b.Result())

	tg, err = runtime.Await(runtime.NewTaskGroup())
	if err != nil {
		return err
	}
	slow := runtime.SpawnIn(tg, fetchAsync(9))
	runtime.SpawnIn(tg, failAsync("boom"))
	_, err = runtime.Await(tg.Wait())
	fmt.Println(err, slow.Cancelled())
	return nil
}

// async
func asCompleted() error {
	for _, a := range runtime.AsCompleted(fetchAsync(3), fetchAsync(1), fetchAsync(2)) {
		page, err := runtime.Await(a)
		if err != nil {
			return err
		}
		fmt.Println(page)
	}
	return nil
}

// async
func cancel() error {
	t := runtime.Spawn(fetchAsync(9))
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	t.Cancel()
	_, err := runtime.Await(t)
	fmt.Println(err, errors.Is(err, runtime.ErrCancelled), t.Cancelled())
	return nil
}

// async
func consume(name string, q *runtime.Queue[int], done *[]string) error {
	for {
		v, err := runtime.Await(q.Get())
		if err != nil {
			return err
		}
		if _, err := runtime.Await(runtime.Sleep(10 * time.Millisecond)); err != nil { // work on v
			return err
		}
		*done = append(*done, fmt.Sprint(name, ":", v))
		q.TaskDone()
	}
}

// async
func queue() error {
	q := runtime.NewQueue[int](2)
	var done []string
	a := runtime.Spawn(consumeAsync("a", q, &done))
	b := runtime.Spawn(consumeAsync("b", q, &done))
	for i := range 5 {
		if _, err := runtime.Await(q.Put(i)); err != nil { // waits while the queue is full
			return err
		}
	}
	if _, err := runtime.Await(q.Join()); err != nil {
		return err
	}
	a.Cancel()
	b.Cancel()
	fmt.Println(done)
	return nil
}

// async
func event() error {
	ev := runtime.NewEvent()
	w := runtime.Spawn(waiterAsync(ev))
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	fmt.Println("set")
	ev.Set()
	_, err := runtime.Await(w)
	return err
}

// async
func waiter(ev *runtime.Event) error {
	fmt.Println("waiting")
	if _, err := runtime.Await(ev.Wait()); err != nil {
		return err
	}
	fmt.Println("woken")
	return nil
}

// async
func toThread() error {
	sum, err := runtime.Await(runtime.ToThread(func() (int, error) {
		s := 0 // blocking or CPU-bound work, off the loop
		for i := range 1000 {
			s += i
		}
		return s, nil
	}))
	fmt.Println(sum, err)
	return nil
}

// async
func future() error {
	f := runtime.NewFuture[string]()
	runtime.Spawn(resolveAsync(f)) //asyncvet:ignore droppedtask -- the future carries its result
	v, err := runtime.Await(f)
	fmt.Println(v, err)
	return nil
}

// async
func resolve(f *runtime.Future[string]) error {
	if _, err := runtime.Await(runtime.Sleep(100 * time.Millisecond)); err != nil {
		return err
	}
	return f.SetResult("resolved")
}

// async
func elapsed(clock runtime.Clock) error {
	start := clock.Now()
	if _, err := runtime.Await(runtime.Sleep(time.Hour)); err != nil {
		return err
	}
	fmt.Println(clock.Now() - start)
	return nil
}
