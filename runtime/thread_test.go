package runtime

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestToThread(t *testing.T) {
	l := NewLoop(WithExecutorWorkers(2))
	var running, peak atomic.Int32
	release := make(chan struct{})
	work := func(i int) Awaitable[int] {
		return ToThread(func() (int, error) {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			<-release
			running.Add(-1)
			return i * i, nil
		})
	}
	var got []int
	var ticks int
	var as []Awaitable[int]
	for i := range 5 {
		as = append(as, work(i))
	}
	_, err := runOn(l, script(
		do(func() {
			// The loop keeps running tasks while the workers block.
			SpawnOn(l, script(sleep(0), do(func() { ticks++; close(release) })))
		}),
		await(func() Awaitable[[]int] { return Gather(as...) }, func(v []int, err error) { got = v }),
	))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{0, 1, 4, 9, 16}, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
	if ticks != 1 {
		t.Errorf("the ticking task ran %d times while the work blocked, want 1", ticks)
	}
	if p := peak.Load(); p > 2 {
		t.Errorf("%d calls ran at once on a pool of 2 workers", p)
	}
}

func TestToThreadPanicAndCancel(t *testing.T) {
	t.Run("panic", func(t *testing.T) {
		defer func() {
			p, ok := recover().(*PanicError)
			if !ok || p.Value != "in thread" || !strings.Contains(string(p.Stack), "thread_test.go") {
				t.Errorf("recovered %v, want the thread's panic with its stack", p)
			}
		}()
		Run(script(await(func() Awaitable[int] {
			return ToThread(func() (int, error) { panic("in thread") })
		}, nil)))
		t.Error("Run returned")
	})
	t.Run("cancel", func(t *testing.T) {
		var err error
		block := make(chan struct{})
		// Run's shutdown waits for calls still running, as asyncio's
		// shutdown_default_executor does: release the call before returning.
		Run(script(
			await(func() Awaitable[int] {
				return WaitFor(ToThread(func() (int, error) { <-block; return 1, nil }), time.Millisecond)
			}, func(_ int, e error) { err = e }),
			do(func() { close(block) }),
		))
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("WaitFor(ToThread(blocked)) = %v, want ErrTimeout", err)
		}
	})
}

// A call still queued for a worker when its await is cancelled never runs,
// as asyncio cancels a job that has not started; one that started runs to
// its end.
func TestToThreadCancelledBeforeItRuns(t *testing.T) {
	l := NewLoop(WithExecutorWorkers(1))
	var ran [2]atomic.Bool
	var errs [2]error
	started, release := make(chan struct{}), make(chan struct{})
	first := SpawnOn(l, script(await(func() Awaitable[int] {
		return ToThread(func() (int, error) {
			ran[0].Store(true)
			close(started)
			<-release
			return 0, nil
		})
	}, func(_ int, err error) { errs[0] = err })))
	second := SpawnOn(l, script(await(func() Awaitable[int] {
		return ToThread(func() (int, error) { ran[1].Store(true); return 1, nil })
	}, func(_ int, err error) { errs[1] = err })))
	_, err := runOn(l, script(
		sleep(0), // both calls are submitted; the one worker takes the first
		do(func() {
			<-started
			first.Cancel()
			second.Cancel()
			close(release)
		}),
		await(func() Awaitable[struct{}] { return second }, nil),
		await(func() Awaitable[struct{}] { return first }, nil),
	))
	l.Close()
	l.exec.wg.Wait() // the workers are done: a queued call would have run
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(errs[0], ErrCancelled) || !errors.Is(errs[1], ErrCancelled) {
		t.Errorf("awaits returned %v and %v; want ErrCancelled from both", errs[0], errs[1])
	}
	if !ran[0].Load() || ran[1].Load() {
		t.Errorf("ran: first %v, second %v; want the started call only", ran[0].Load(), ran[1].Load())
	}
}

func TestCallSoonThreadsafe(t *testing.T) {
	l := NewLoop()
	fut := NewFuture[string]()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Millisecond) // let the loop park first
		if err := l.CallSoonThreadsafe(func() { fut.SetResult("from a goroutine") }); err != nil {
			t.Error(err)
		}
	}()
	var got string
	if _, err := runOn(l, script(await(func() Awaitable[string] { return fut }, func(v string, _ error) { got = v }))); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if got != "from a goroutine" {
		t.Errorf("got %q", got)
	}
}

func TestLoopCallbacks(t *testing.T) {
	vc := NewVirtualClock()
	l := NewLoop(WithClock(vc))
	var log []string
	l.CallAt(3*time.Second, func() { log = append(log, "at 3s") })
	h, _ := l.CallLater(time.Second, func() { log = append(log, "cancelled") })
	l.CallLater(2*time.Second, func() { log = append(log, "at 2s"); l.CallSoon(func() { log = append(log, "soon after 2s") }) })
	l.CallLater(4*time.Second, l.Stop)
	h.Cancel()
	if err := l.RunForever(); err != nil {
		t.Fatal(err)
	}
	want := []string{"at 2s", "soon after 2s", "at 3s"}
	if diff := cmp.Diff(want, log); diff != "" {
		t.Errorf("callbacks (-want +got):\n%s", diff)
	}
	if l.Now() != 4*time.Second {
		t.Errorf("stopped at %v, want 4s", l.Now())
	}
	l.Close()
}

func TestGatherCancelCancelsChildren(t *testing.T) {
	l := NewLoop(WithClock(NewVirtualClock()))
	var outer *Task[struct{}]
	var children []*Task[struct{}]
	var gerr error
	_, err := runOn(l, script(
		do(func() {
			for range 3 {
				var e error // the children return the cancellation, as a coroutine that does not catch it
				children = append(children, SpawnOn(l, script(
					await(func() Awaitable[struct{}] { return Sleep(time.Hour) }, func(_ struct{}, err error) { e = err }),
					ret(func() error { return e }),
				)))
			}
			as := []Awaitable[struct{}]{children[0], children[1], children[2]}
			outer = SpawnOn(l, script(await(func() Awaitable[[]struct{}] { return Gather(as...) }, func(_ []struct{}, e error) { gerr = e })))
		}),
		sleep(time.Second),
		do(func() { outer.Cancel() }),
		await(func() Awaitable[struct{}] { return outer }, nil),
	))
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(gerr, ErrCancelled) {
		t.Errorf("Gather returned %v, want ErrCancelled", gerr)
	}
	for i, c := range children {
		if !c.Cancelled() {
			t.Errorf("child %d not cancelled", i)
		}
	}
}
