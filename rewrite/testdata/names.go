package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

type aw struct{ v int }

// async
func collide(f int, t string, State int, aw0 aw) (Val int, Err error) {
	st := f + State
	resume := 1
	aw := aw0.v
	runtime.Await(runtime.Sleep(0))
	d := func() int { return st + resume + aw }
	runtime.Await(runtime.Sleep(0))
	Val = d() + len(t)
	return
}

// async
func run() error {
	fmt.Println(runtime.Await(collideAsync(1, "ab", 10, aw{100})))
	return nil
}

func main() {
	runtime.Run(runAsync(), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// 114 <nil>
