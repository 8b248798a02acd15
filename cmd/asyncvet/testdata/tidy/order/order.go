// Package order has diagnostics of several rules, whose order by position
// is not the order of the rules.
package order

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func nap() error {
	time.Sleep(time.Millisecond)
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

func plain() {
	_, _ = runtime.Await(runtime.Sleep(0))
}
