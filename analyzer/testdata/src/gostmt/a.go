package gostmt

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func work() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}

type server struct {
	loop *runtime.Loop
}

// async
func spawner() error {
	t := runtime.Spawn(workAsync())
	f := runtime.NewFuture[int]()
	go func() {
		t.Cancel()     // want `runtime object t \(\*runtime.Task\[int\]\) used in a go statement: the loop is not thread-safe; use loop.CallSoonThreadsafe or runtime.ToThread`
		f.SetResult(1) // want `runtime object f \(\*runtime.Future\[int\]\) used in a go statement`
	}()
	go fmt.Println(t) // want `runtime object t`
	_, err := runtime.Await(t)
	return err
}

func threads(s *server) {
	l := runtime.NewLoop()
	go l.RunForever()
	go func() {
		_ = l.CallSoonThreadsafe(func() { l.Stop() }) // runs on the loop
		_ = s.loop.CallSoonThreadsafe(func() {})
		_ = s.loop.Stop // want `runtime object loop \(\*runtime.Loop\) used in a go statement`
	}()
	go func() {
		c := workAsync() // coroutines are inert until run
		n, err := runtime.Run(c)
		fmt.Println(n, err)
		own := runtime.NewLoop() // made in the goroutine: its own
		defer own.Close()
		_, _ = runtime.RunUntilComplete(own, workAsync())
	}()
	go func() {
		_, _ = runtime.RunUntilComplete(l, workAsync())
		l.Close()
	}()
	ev := runtime.NewEvent()
	go func() {
		// Method values run on the loop, as asyncio's
		// call_soon_threadsafe(loop.stop).
		_ = l.CallSoonThreadsafe(ev.Set)
		_ = l.CallSoonThreadsafe(l.Stop)
		_ = l.CallSoonThreadsafe(s.loop.Stop)
		set := ev.Set // want `runtime object ev \(\*runtime.Event\) used in a go statement`
		_ = l.CallSoonThreadsafe(set)
	}()
}

// Plain data of the runtime belongs to no loop.
func data(r runtime.Result[int], out runtime.ProcessOutput, d runtime.Datagram, m runtime.WaitMode, p runtime.Pipes, o runtime.StreamOption, dl runtime.Delay, e1 *runtime.IncompleteReadError, e2 *runtime.LimitOverrunError, w runtime.Waited[int]) {
	go func() {
		fmt.Println(r, out, d, m, p, o, dl, e1, e2)
		fmt.Println(w.Done) // want `runtime object w \(runtime.Waited\[int\]\) used in a go statement`
	}()
}

// A loop passed to the goroutine's literal is judged by its uses there.
func passed(l *runtime.Loop, s *server, q *runtime.Queue[int], sem *runtime.Semaphore) {
	go func(loop *runtime.Loop) {
		_ = loop.CallSoonThreadsafe(func() { loop.Stop() })
	}(l)
	go func(loop *runtime.Loop, n int) {
		_ = loop.CallSoonThreadsafe(func() {})
	}(s.loop, 1)
	go func(loop *runtime.Loop) {
		loop.Stop()
	}(l) // want `runtime object l \(\*runtime.Loop\) used in a go statement`
	go func(q *runtime.Queue[int]) {
		_ = q.PutNowait(1)
	}(q) // want `runtime object q \(\*runtime.Queue\[int\]\) used in a go statement`
	go fmt.Println(sem) // want `runtime object sem \(\*runtime.Semaphore\) used in a go statement`
}

// Runtime objects in slices, maps and channels are reached by the
// goroutine all the same; plain data beside them is not reported.
func containers(tasks []*runtime.Task[int], byName map[string]*runtime.Future[int], ch chan *runtime.Lock, stop chan struct{}, ids []int) {
	go func() {
		<-stop
		for _, t := range tasks { // want `runtime object tasks \(\[\]\*runtime.Task\[int\]\) used in a go statement`
			t.Cancel()
		}
		byName["x"].Cancel() // want `runtime object byName`
		<-ch                 // want `runtime object ch`
		_ = ids
	}()
}

// Loops held in slices and maps are run and woken from goroutines, which
// is what they are for.
func loops(loops []*runtime.Loop, byName map[string]*runtime.Loop, f func()) {
	for i := range loops {
		go loops[i].RunForever()
	}
	go func() {
		for _, l := range loops {
			l.CallSoonThreadsafe(f)
		}
		byName["a"].CallSoonThreadsafe(f)
	}()
}

func save(n int) {}

// A go statement that calls a method value or a func literal held in a
// variable for its whole life runs what the variable names.
func viaValues(t *runtime.Task[int], q *runtime.Queue[int], ev *runtime.Event) {
	cancel := t.Cancel
	go cancel() // want `^runtime object t \(\*runtime.Task\[int\]\) used in a go statement through cancel: the loop is not thread-safe`
	put := func() { q.PutNowait(1) }
	go put() // want `^runtime object q \(\*runtime.Queue\[int\]\) used in a go statement through put`
	set := ev.Set
	set = func() {}
	go set() // assigned again: not followed
}

// The arguments of a go statement are evaluated by the goroutine that runs
// it: an object used only to compute a number stays there, one passed on
// does not.
func argumentsOnly(q *runtime.Queue[int], tasks []*runtime.Task[int]) {
	go save(q.Len())
	go save(len(tasks) + q.Len())
	go fmt.Println(q.Len(), tasks) // want `^runtime object tasks`
}

// produce uses its loop only as another goroutine may.
func produce(loop *runtime.Loop, n int) {
	for i := range n {
		_ = loop.CallSoonThreadsafe(func() { _ = i })
	}
	relay(loop, n)
}

// relay passes the loop on, and calls itself.
func relay(loop *runtime.Loop, n int) {
	if n > 0 {
		relay(loop, n-1)
	}
	_ = loop.CallSoonThreadsafe(func() {})
}

// stopper stops the loop from its goroutine.
func stopper(loop *runtime.Loop) { loop.Stop() }

// A loop passed to a function of the package that uses it only in the
// ways a goroutine may is not reported; one it uses otherwise is.
func producers(l *runtime.Loop) {
	go produce(l, 3)
	go func() { produce(l, 4) }()
	go stopper(l)              // want `runtime object l \(\*runtime.Loop\) used in a go statement`
	go func() { stopper(l) }() // want `runtime object l \(\*runtime.Loop\) used in a go statement`
}
