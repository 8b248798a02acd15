package droppedtask

import "github.com/asyncgen/asyncgen/runtime"

// async
func work() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func caller() error {
	runtime.Spawn(workAsync())         // want `task from runtime.Spawn is dropped: its result and error are lost; keep it \(t := runtime.Spawn\(...\)\) and await it`
	_ = runtime.Spawn(workAsync())     // want `task from runtime.Spawn is dropped`
	var _ = runtime.Spawn(workAsync()) // want `task from runtime.Spawn is dropped`
	t := runtime.Spawn(workAsync())
	ts := []*runtime.Task[struct{}]{runtime.Spawn(workAsync())}
	_, err := runtime.Await(t)
	_ = ts
	return err
}

// async
func demo() error {
	runtime.Spawn(workAsync()) //asyncvet:ignore droppedtask -- dropped on purpose
	//asyncvet:ignore
	runtime.Spawn(workAsync())
	//asyncvet:ignore blocking -- names another rule: still reported
	runtime.Spawn(workAsync()) // want `task from runtime.Spawn is dropped`
	runtime.Spawn(workAsync()) //asyncvet:ignored is not the directive // want `task from runtime.Spawn is dropped`
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
