package awaiterr

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// Cancellation arrives as the error of the runtime.Await that was waiting:
// an Await statement drops it, and the function goes on.

// async
func work() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func ticker(q *runtime.Queue[int]) error {
	for {
		runtime.Await(runtime.Sleep(100 * time.Millisecond)) // want `^the error of runtime.Await is dropped: a cancellation \(runtime.ErrCancelled\) arriving here is lost, like any error of what it awaits, and the function goes on; check it: if _, err := runtime.Await\(...\); err != nil { return err }, or discard it on purpose with _, _ =$`
		runtime.Await(q.Get())                               // want `^the error of runtime.Await is dropped`
	}
}

// async
func once(n int) error {
	t := runtime.Spawn(workAsync())
	runtime.Await(t) // want `^the error of runtime.Await is dropped`
	switch n {
	case 1:
		runtime.Await(runtime.Sleep(time.Millisecond)) // work on n // want `^the error of runtime.Await is dropped`
	default:
		runtime.Await(workAsync()) /* a block comment */ // want `^the error of runtime.Await is dropped`
	}
	return nil
}

type pair struct{ a, b int }

// async
func counted(q *runtime.Queue[int]) (pair, error) {
	runtime.Await[struct{}](runtime.Sleep(0)) // want `^the error of runtime.Await is dropped: .* check it: if _, err := runtime.Await\(...\); err != nil { return ..., err }, or discard`
	v, err := runtime.Await(q.Get())
	if err != nil {
		return pair{}, err
	}
L:
	runtime.Await(runtime.Sleep(0)) // want `^the error of runtime.Await is dropped`
	if v > 0 {
		goto L
	}
	return pair{a: v}, nil
}

// Where the statement cannot become an if statement, the diagnostic has
// no fix.

// async
func noFix(n int) error {
	for i := 0; i < n; runtime.Await(runtime.Sleep(0)) { // want `^the error of runtime.Await is dropped`
		i++
	}
	if runtime.Await(runtime.Sleep(0)); n > 0 { // want `^the error of runtime.Await is dropped`
		return nil
	}
	(runtime.Await(runtime.Sleep(0))) // want `^the error of runtime.Await is dropped`
	return nil
}

// Without an error result the function cannot return the error: the
// author decides how it ends, so there is no fix.

// async
func loop() {
	for {
		runtime.Await(runtime.Sleep(time.Second)) // want `^the error of runtime.Await is dropped: .* check it and end the function on an error: if _, err := runtime.Await\(...\); err != nil { return } \(or give it an error result to return the error in\), or discard it on purpose with _, _ =$`
	}
}

// async
func value() int {
	runtime.Await(runtime.Sleep(0)) // want `^the error of runtime.Await is dropped: .* err != nil { return ... } \(or give it`
	return 1
}

// An explicit blank is a discard on purpose, as errcheck takes it; a
// checked error is no drop.

// async
func deliberate(q *runtime.Queue[int]) (int, error) {
	_, _ = runtime.Await(runtime.Sleep(0)) // a yield: the next await sees a cancellation
	v, _ := runtime.Await(q.Get())
	var _, _ = runtime.Await(runtime.Sleep(0))
	if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
		return 0, err
	}
	w, err := runtime.Await(q.Get())
	if err != nil {
		return 0, err
	}
	return v + w, nil
}

// async
func silenced() error {
	runtime.Await(runtime.Sleep(0)) //asyncvet:ignore awaiterr -- a yield, on purpose
	//asyncvet:ignore awaiterr
	runtime.Await(runtime.Sleep(0))
	//asyncvet:ignore blocking -- names another rule: still reported
	runtime.Await(runtime.Sleep(0)) // want `^the error of runtime.Await is dropped`
	return nil
}

// An await where none may stand is reported once, by outsideasync or
// unsupported, not as a dropped error.

func plain() {
	runtime.Await(runtime.Sleep(0))
}

// async
func inLiteral() error {
	f := func() { runtime.Await(runtime.Sleep(0)) }
	_ = f
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
