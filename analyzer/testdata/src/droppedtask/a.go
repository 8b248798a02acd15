package droppedtask

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func caller() error {
	runtime.Spawn(workAsync())     // want `task from runtime.Spawn is dropped: its result and error are lost; keep it \(t := runtime.Spawn\(...\)\) and await it`
	_ = runtime.Spawn(workAsync()) // want `task from runtime.Spawn is dropped`
	t := runtime.Spawn(workAsync())
	ts := []*runtime.Task[struct{}]{runtime.Spawn(workAsync())}
	_, err := runtime.Await(t)
	_ = ts
	return err
}
