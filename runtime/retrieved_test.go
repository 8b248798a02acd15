package runtime_test

import (
	"errors"
	"log/slog"
	stdruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// syncBuffer is a log destination that cleanups, on their own goroutine,
// may write to.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// async
func failAfter(d time.Duration, msg string) error {
	runtime.Await(runtime.Sleep(d))
	return errors.New(msg)
}

// async
func awaitFailure(a runtime.Awaitable[struct{}]) error {
	_, err := runtime.Await(a)
	return err
}

// async
func gatherAllOf(a, b runtime.Awaitable[struct{}]) error {
	_, err := runtime.Await(runtime.GatherAll(a, b))
	return err
}

// async
func cancelAfterFailure() {
	// A fails and wakes B; B is cancelled before its turn: B ends
	// cancelled, and A's error counts as read.
	a := runtime.Spawn(failAfterAsync(time.Millisecond, "task read by its cancelled awaiter"))
	b := runtime.Spawn(awaitFailureAsync(a))
	runtime.Await(runtime.Sleep(0))
	runtime.Await(runtime.Sleep(time.Millisecond))
	b.Cancel()

	// The same with a future.
	f := runtime.NewFuture[struct{}]()
	c := runtime.Spawn(awaitFailureAsync(f))
	runtime.Await(runtime.Sleep(0))
	f.SetError(errors.New("future read by its cancelled awaiter"))
	c.Cancel()
	runtime.Await(runtime.Sleep(0))

	// GatherAll cancelled after one child failed: asyncio reads every
	// child's outcome all the same.
	g := runtime.Spawn(gatherAllOfAsync(failAfterAsync(0, "gathered, then cancelled"), failAfterAsync(time.Hour, "slow")))
	runtime.Await(runtime.Sleep(time.Millisecond))
	g.Cancel()
	runtime.Await(g)

	// Controls: the same failures with nobody awaiting them.
	runtime.Spawn(failAfterAsync(0, "task never read"))
	runtime.NewFuture[struct{}]().SetError(errors.New("future never read"))
	runtime.Await(runtime.Sleep(time.Millisecond))
}

// A task woken by the end of what it awaits, then cancelled before its
// turn, gets ErrCancelled in place of that outcome; the outcome counts as
// read, so no "error was never retrieved" is logged for it (asyncio's
// wake-up calls result() before the cancellation is thrown in). Before,
// both a task's and a future's error were reported, and so was the error of
// a child of a GatherAll that was cancelled.
func TestCancelledAwaiterReadsFailure(t *testing.T) {
	var logs syncBuffer
	saved := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil))) // futures report there
	defer slog.SetDefault(saved)
	runtime.Run(cancelAfterFailureAsync(), runtime.WithClock(runtime.NewVirtualClock()),
		runtime.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	for i := 0; i < 100 && !strings.Contains(logs.String(), "future never read"); i++ {
		stdruntime.GC()
		time.Sleep(time.Millisecond)
	}
	out := logs.String()
	for _, want := range []string{"task never read", "future never read"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q\nlog:\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"task read by", "future read by", "gathered, then cancelled"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("log reports %q, read by its cancelled awaiter\nlog:\n%s", unwanted, out)
		}
	}
}
