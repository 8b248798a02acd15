package asyncimpl

import "unsafe"

// spawnAt is installed by the runtime: it starts the task at p, a
// runtime.Task of the loop spawner runs on, to run the fresh frame f whose
// Header is h.
var spawnAt func(spawner *Task, p unsafe.Pointer, f Frame, h *Header)

// SetSpawnAt installs the runtime's way to start a task made by [Spawn].
func SetSpawnAt(f func(spawner *Task, p unsafe.Pointer, f Frame, h *Header)) { spawnAt = f }

// taskFrame is a task and the frame of its outermost call, allocated as one.
type taskFrame[TT, F any] struct {
	task  TT
	frame F
}

// Spawn starts f, the frame of a call of the function fn with its
// parameters set, as a new task on the loop that spawner runs on, and
// returns the task. TT must be runtime.Task[T], T the function's result
// type. The task and the frame are one allocation, where spawning a
// coroutine made by FAsync takes two.
//
// asyncgen compiles runtime.Spawn(fAsync(args)), for an //async function
// f of the same package, to a call of a generated helper that calls Spawn
// with f's frame; the coroutine fAsync would make is never seen, so it
// cannot be awaited twice, and debug mode has nothing to track.
func Spawn[TT any, F any, PF interface {
	*F
	Frame
}](spawner *Task, fn *Func, f F) *TT {
	x := &taskFrame[TT, F]{frame: f}
	h := PF(&x.frame).Head()
	h.info = fn
	h.flags |= started
	spawnAt(spawner, unsafe.Pointer(&x.task), PF(&x.frame), h)
	return &x.task
}
