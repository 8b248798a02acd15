package conformance

import (
	"errors"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// This file: tasks running concurrently on the virtual clock. Their traces
// depend on interleaving, so reference mode (which runs every await to the
// end at once) does not reproduce them; the tests compare them with
// expectations written out by hand.

// async
func sleeper(tr *Trace, name string, d time.Duration) (string, error) {
	tr.Add("%s start", name)
	if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
		tr.Add("%s: cancelled %v", name, errors.Is(err, runtime.ErrCancelled))
		return "", err
	}
	tr.Add("%s done", name)
	return name, nil
}

// async
func spawnOrder(tr *Trace) ([]string, error) {
	a := runtime.Spawn(sleeperAsync(tr, "a", 30*time.Millisecond))
	b := runtime.Spawn(sleeperAsync(tr, "b", 10*time.Millisecond))
	c := runtime.Spawn(sleeperAsync(tr, "c", 20*time.Millisecond))
	tr.Add("spawned")
	var out []string
	for _, t := range []*runtime.Task[string]{a, b, c} {
		v, err := runtime.Await(t)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// async
func spawnInLoop(tr *Trace) []string {
	var tasks []*runtime.Task[string]
	for i := range 3 {
		tasks = append(tasks, runtime.Spawn(sleeperAsync(tr, string(rune('x'+i)), time.Duration(3-i)*time.Millisecond)))
	}
	var out []string
	for _, t := range tasks {
		out = append(out, must(runtime.Await(t)))
	}
	return out
}

// async
func cancelSleeper(tr *Trace) (string, error) {
	t := runtime.Spawn(sleeperAsync(tr, "victim", time.Hour))
	runtime.Await(runtime.Sleep(time.Millisecond))
	t.Cancel()
	_, err := runtime.Await(t)
	tr.Add("cancelled=%v is=%v", t.Cancelled(), errors.Is(err, runtime.ErrCancelled))
	return "ok", nil
}

// async
func cancelledDefers(tr *Trace) error {
	defer tr.Add("deferred runs on cancellation")
	_, err := runtime.Await(runtime.Sleep(time.Hour))
	tr.Add("await returned %v", errors.Is(err, runtime.ErrCancelled))
	return err
}

// async
func cancelWithDefers(tr *Trace) bool {
	t := runtime.Spawn(cancelledDefersAsync(tr))
	runtime.Await(runtime.Sleep(0))
	t.Cancel()
	runtime.Await(t)
	return t.Cancelled()
}

// async
func futureWait(tr *Trace) (int, error) {
	f := runtime.NewFuture[int]()
	setter := runtime.Spawn(setLaterAsync(tr, f))
	tr.Add("waiting")
	v, err := runtime.Await(f)
	if _, err := runtime.Await(setter); err != nil {
		return 0, err
	}
	return v, err
}

// async
func setLater(tr *Trace, f *runtime.Future[int]) {
	runtime.Await(runtime.Sleep(5 * time.Millisecond))
	tr.Add("setting")
	f.SetResult(99)
}

// async
func pingPong(tr *Trace, rounds int) int {
	ping, pong := runtime.NewFuture[int](), runtime.NewFuture[int]()
	_ = pong
	t := runtime.Spawn(pongerAsync(tr, ping, rounds))
	n := 0
	for i := range rounds {
		tr.Add("ping %d", i)
		runtime.Await(runtime.Sleep(time.Millisecond))
		n++
	}
	ping.SetResult(n)
	return must(runtime.Await(t))
}

// async
func ponger(tr *Trace, ping *runtime.Future[int], rounds int) int {
	for i := range rounds {
		tr.Add("pong %d", i)
		runtime.Await(runtime.Sleep(time.Millisecond))
	}
	return must(runtime.Await(ping)) * 10
}

// async
func taskPanic(tr *Trace) (msg string) {
	t := runtime.Spawn(panickerAsync(tr))
	defer func() {
		r := recover()
		var p *runtime.PanicError
		if err, ok := r.(error); ok && errors.As(err, &p) {
			msg = "task panicked: " + p.Value.(string)
		}
	}()
	runtime.Await(t)
	return "no panic"
}

// async
func timeAdvances(tr *Trace) []string {
	var out []string
	for _, d := range []time.Duration{time.Second, time.Minute, time.Hour} {
		runtime.Await(runtime.Sleep(d))
		out = append(out, d.String())
	}
	return out
}
