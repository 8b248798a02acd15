package blocking

import (
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// The fix returns the error of the await, a cancellation, with the zero
// values of the other results, so that the function ends as the sleep did.

type point struct{ x, y int }

// async
func count(d time.Duration) (int, error) {
	time.Sleep(d) // want `^time.Sleep blocks the event loop: await runtime.Sleep\(d\)$`
	return 1, nil
}

// async
func named(d time.Duration) (p point, err error) {
	p.x = 1
	for range 3 {
		time.Sleep(d) // want `^time.Sleep blocks the event loop: await runtime.Sleep\(d\)$`
	}
	return p, nil
}

// async
func shapes(d time.Duration, ch chan int) (map[string]*point, error) {
	select {
	case <-ch:
		time.Sleep(d) // want `time.Sleep blocks the event loop`
	default:
	}
	switch d {
	case 0:
		time.Sleep(d) // want `time.Sleep blocks the event loop`
	}
again:
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	if len(ch) > 0 {
		goto again
	}
	return nil, nil
}

// async
func zeros(d time.Duration) ([2]point, error) {
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	return [2]point{}, nil
}

// async
func duration(d time.Duration) (time.Duration, error) {
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	return d, nil
}

// async
func generic[T any](d time.Duration, v T) (T, error) {
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	return v, nil
}

// async
func flag(d time.Duration) (bool, error) {
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	_, err := runtime.Await(runtime.Sleep(d))
	return true, err
}

// Without an error result, the cancellation cannot be returned, and
// dropping it would let the function go on: no fix.
//
// async
func noError(d time.Duration) {
	time.Sleep(d) // want `^time.Sleep blocks the event loop: await runtime.Sleep\(d\), and return its error: give the function an error result$`
}

// async
func noErrorWait(wg *sync.WaitGroup) {
	wg.Wait() // want `^sync.WaitGroup.Wait blocks the event loop: await the tasks \(runtime.Gather\), or wrap it in runtime.ToThread$`
}

// async
func valueOnly(d time.Duration) int {
	time.Sleep(d) // want `^time.Sleep blocks the event loop: await runtime.Sleep\(d\), and return its error: give the function an error result$`
	return 1
}

// A zero value that cannot be spelled where the call is: no fix.
//
// async
func hidden(d time.Duration) (point, error) {
	{
		point := d
		time.Sleep(point) // want `^time.Sleep blocks the event loop: await runtime.Sleep\(d\)$`
	}
	return point{}, nil
}

// async
func hiddenNil(d time.Duration) (*point, error) {
	{
		nil := d
		time.Sleep(nil) // want `time.Sleep blocks the event loop`
	}
	return nil, nil
}

type err struct{}

// The fix would declare err in the if statement, hiding the type.
//
// async
func errNamed(d time.Duration) (err, error) {
	time.Sleep(d) // want `time.Sleep blocks the event loop`
	return err{}, nil
}

// A statement that cannot become an if statement: no fix.
//
// async
func post(d time.Duration) error {
	for i := 0; i < 3; time.Sleep(d) { // want `time.Sleep blocks the event loop`
		i++
	}
	return nil
}
