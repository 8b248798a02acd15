package noawait

import "github.com/asyncgen/asyncgen/runtime"

// async
func sum(xs []int) int { // want `async function sum never awaits \(warning\): drop //async and call it directly, or await something`
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// async
func literalOnly() { // want `async function literalOnly never awaits`
	f := func() { runtime.Await(runtime.Sleep(0)) }
	_ = f
}

// async
func awaits() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func spawns() {
	runtime.Spawn(awaitsAsync())
}

func plain() {}
