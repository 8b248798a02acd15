package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// async
func lifo() (err error) {
	x := 1
	defer fmt.Println("deferred with x =", x) // argument evaluated now
	x = 2
	for i := range 3 {
		defer fmt.Println("loop defer", i)
		runtime.Await(yield())
	}
	defer func() {
		fmt.Println("literal sees x =", x) // variable read at run time
	}()
	x = 3
	runtime.Await(yield())
	return nil
}

// async
func named() (n int, err error) {
	defer func() {
		n *= 10
		if err != nil {
			err = fmt.Errorf("wrapped: %w", err)
		}
	}()
	runtime.Await(yield())
	n = 4
	return n + 1, errors.New("boom")
}

// async
func recovers() (msg string, err error) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint("recovered: ", r)
		}
	}()
	runtime.Await(yield())
	var m map[string]int
	m["x"] = 1 // panics after an await
	return "unreachable", nil
}

// async
func inner() error {
	defer fmt.Println("inner defer runs while the panic passes")
	runtime.Await(yield())
	panic("from inner")
}

// async
func outer() (s string, err error) {
	defer func() {
		s = fmt.Sprint("outer recovered: ", recover())
	}()
	runtime.Await(innerAsync())
	return "no panic", nil
}

// async
func sleeper(log *[]string) error {
	defer func() { *log = append(*log, "sleeper defer") }()
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	*log = append(*log, fmt.Sprint("sleeper woke: ", err))
	return err
}

// async
func cancels() (string, error) {
	var log []string
	t := runtime.Spawn(sleeperAsync(&log))
	runtime.Await(yield())
	t.Cancel()
	_, err := runtime.Await(t)
	log = append(log, fmt.Sprint("awaited: ", errors.Is(err, runtime.ErrCancelled)))
	return fmt.Sprint(log), nil
}

type closer struct{ name string }

func (c *closer) Close() { fmt.Println("close", c.name) }

// async
func methodValues() error {
	c := &closer{"first"}
	defer c.Close() // the receiver is evaluated now
	c = &closer{"second"}
	f := func(s string) { fmt.Println("f1", s) }
	defer f("arg")
	f = func(s string) { fmt.Println("f2", s) }
	defer func(a, b int) { fmt.Println("bound", a, b) }(1, x())
	runtime.Await(yield())
	return nil
}

func x() int { fmt.Println("x evaluated"); return 2 }

// async
func deferRecoverDirectly() (err error) {
	defer func() {
		err = fmt.Errorf("outer literal recovered: %v", recover())
	}()
	defer recover() // not called by a deferred function: recovers nothing
	runtime.Await(yield())
	panic("still panicking")
}

// async
func run() error {
	fmt.Println(runtime.Await(lifoAsync()))
	fmt.Println(runtime.Await(namedAsync()))
	fmt.Println(runtime.Await(recoversAsync()))
	fmt.Println(runtime.Await(outerAsync()))
	fmt.Println(runtime.Await(cancelsAsync()))
	fmt.Println(runtime.Await(methodValuesAsync()))
	fmt.Println(runtime.Await(deferRecoverDirectlyAsync()))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// literal sees x = 3
// loop defer 2
// loop defer 1
// loop defer 0
// deferred with x = 1
// {} <nil>
// 50 wrapped: boom
// recovered: assignment to entry in nil map <nil>
// inner defer runs while the panic passes
// outer recovered: from inner <nil>
// [sleeper woke: runtime: cancelled sleeper defer awaited: true] <nil>
// x evaluated
// bound 1 2
// f1 arg
// close first
// {} <nil>
// {} outer literal recovered: still panicking
