package runtime_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func intoSlowValue(v int, d time.Duration, log *[]string) (int, error) {
	defer func() { *log = append(*log, fmt.Sprint("slow ", v, " ended")) }()
	if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
		return 0, err
	}
	return v, nil
}

// async
func intoFailing() (string, error) {
	return "", errors.New("lookup failed")
}

// async
func intoCases(log *[]string) error {
	report := func(what string, args ...any) {
		*log = append(*log, fmt.Sprint(append([]any{what, ": "}, args...)...))
	}

	// An error leaves the variable as it was.
	s := "unchanged"
	_, err := runtime.Await(runtime.Into(&s, intoFailingAsync()))
	report("error", s, " ", err)

	// A task, awaited through Into, and a nil destination, which drops the value.
	t := runtime.Spawn(intoSlowValueAsync(3, time.Millisecond, log))
	var n int
	_, err = runtime.Await(runtime.Into(&n, t))
	report("task", n, " ", err)
	_, err = runtime.Await(runtime.Into(nil, intoSlowValueAsync(4, time.Millisecond, log)))
	report("nil destination", err)

	// A future completed later.
	f := runtime.NewFuture[float64]()
	loop, _ := runtime.Await(runtime.RunningLoop())
	loop.CallLater(time.Millisecond, func() { f.SetResult(2.5) })
	var x float64
	_, err = runtime.Await(runtime.Into(&x, f))
	report("future", x, " ", err)

	// A timeout cancels the coroutines inside the Gather that are still
	// running: the value of one that ended before it is stored, the
	// cancelled one's is not, and its defers run.
	a, b := -1, -1
	_, err = runtime.Await(runtime.WaitFor(runtime.Gather(
		runtime.Into(&a, intoSlowValueAsync(5, time.Millisecond, log)),
		runtime.Into(&b, intoSlowValueAsync(6, time.Hour, log)),
	), time.Second))
	report("timeout", a, " ", b, " ", errors.Is(err, runtime.ErrTimeout))

	// In a task group.
	tg, _ := runtime.Await(runtime.NewTaskGroup())
	var c, d int
	runtime.SpawnIn(tg, runtime.Into(&c, intoSlowValueAsync(7, time.Millisecond, log)))
	runtime.SpawnIn(tg, runtime.Into(&d, intoSlowValueAsync(8, 2*time.Millisecond, log)))
	_, err = runtime.Await(tg.Wait())
	report("task group", c, " ", d, " ", err)
	return nil
}

func TestInto(t *testing.T) {
	var log []string
	if _, err := runtime.Run(intoCasesAsync(&log), runtime.WithClock(runtime.NewVirtualClock())); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"error: unchanged lookup failed",
		"slow 3 ended",
		"task: 3 <nil>",
		"slow 4 ended",
		"nil destination: <nil>",
		"future: 2.5 <nil>",
		"slow 5 ended",
		"slow 6 ended",
		"timeout: 5 -1 true",
		"slow 7 ended",
		"slow 8 ended",
		"task group: 7 8 <nil>",
	}
	if fmt.Sprintf("%q", log) != fmt.Sprintf("%q", want) {
		t.Errorf("got\n%q\nwant\n%q", log, want)
	}
}
