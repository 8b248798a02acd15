package runtime_test

import (
	"errors"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// setting yields 1 to n and sets ev before it yields n.
func setting(ev *runtime.Event, n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 1; i <= n; i++ {
			if i == n {
				ev.Set() // wakes a task, on iter.Pull's goroutine
			}
			if !yield(i) {
				return
			}
		}
	}
}

// async
func awaitSet(ev *runtime.Event) error {
	_, err := runtime.Await(ev.Wait())
	return err
}

// async
func rangeWaking() (int, error) {
	ev := runtime.NewEvent()
	w := runtime.Spawn(awaitSetAsync(ev))
	runtime.Await(runtime.Sleep(0))
	sum := 0
	for i := range setting(ev, 3) {
		runtime.Await(runtime.Sleep(0))
		sum += i
	}
	_, err := runtime.Await(w)
	return sum, err
}

// A function iterator ranged over with awaits in the body runs on
// iter.Pull's goroutine, for the loop: debug mode's check that wake-ups
// happen on the loop's goroutine accepts it, where it used to panic.
func TestIteratorWakesInDebugMode(t *testing.T) {
	sum, err := runtime.Run(rangeWakingAsync(), runtime.WithDebug(), runtime.WithClock(runtime.NewVirtualClock()))
	if sum != 6 || err != nil {
		t.Errorf("got %d, %v; want 6, nil", sum, err)
	}
}

var errIterator = errors.New("iterator failed")

func failing() iter.Seq[int] {
	return func(yield func(int) bool) {
		yield(1)
		panic(errIterator) // pull_test.go:62
	}
}

// async
func rangeFailing() int {
	n := 0
	for i := range failing() {
		runtime.Await(runtime.Sleep(time.Millisecond))
		n += i
	}
	return n
}

// A panic in such an iterator keeps the iterator's own stack, which
// iter.Pull's raising it again in the task would lose.
func TestIteratorPanicKeepsStack(t *testing.T) {
	var p *runtime.PanicError
	func() {
		defer func() {
			err, _ := recover().(error)
			if !errors.As(err, &p) || !errors.Is(err, errIterator) {
				t.Fatalf("recovered %v, want the iterator's panic as a *PanicError", err)
			}
		}()
		runtime.Run(rangeFailingAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	}()
	if s := string(p.Stack); !strings.Contains(s, "pull_test.go:62") {
		t.Errorf("stack lacks the iterator's panic site, pull_test.go:62:\n%s", s)
	}
	if a := strings.Join(p.Awaits, "\n"); !strings.Contains(a, "rangeFailing at pull_test.go:") {
		t.Errorf("Awaits = %q, want rangeFailing's loop", p.Awaits)
	}
}
