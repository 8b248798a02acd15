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
	runtime.Spawn(workAsync()) //asyncvet:ignore	droppedtask	-- a tab after the directive will do
	runtime.Spawn(workAsync()) //asyncvet:ignore droppedtask--no spaces around the dashes
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// A Spawn where none may stand is reported once, by outsideasync or
// unsupported, not again as a dropped task.
func plain() {
	runtime.Spawn(workAsync())
}

// async
func inLiteral() error {
	f := func() { runtime.Spawn(workAsync()) }
	_ = f
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
