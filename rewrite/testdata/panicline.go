package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func crash(n int) (int, error) {
	runtime.Await(runtime.Sleep(0))
	if n > 0 {
		panic("crash after an await")
	}
	return n, nil
}

func main() {
	defer func() {
		err, _ := recover().(error)
		var pe *runtime.PanicError
		if !errors.As(err, &pe) {
			fmt.Println("no panic error:", err)
			return
		}
		// The stack names the source line of the panic call (line 15).
		fmt.Println(strings.Contains(string(pe.Stack), "panicline.go:15"))
	}()
	runtime.Run(crashAsync(1), runtime.WithClock(runtime.NewVirtualClock()))
}

// Output:
// true
