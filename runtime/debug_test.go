package runtime

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	stdruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// gateHandler is a slog handler whose first Handle waits at the gate.
type gateHandler struct {
	slog.Handler
	entered, open chan struct{}
	once          sync.Once
}

func (h *gateHandler) Handle(ctx context.Context, r slog.Record) error {
	h.once.Do(func() { close(h.entered); <-h.open })
	return h.Handler.Handle(ctx, r)
}

// A note of a failure that the collector's cleanup goroutine is reporting
// when the loop closes is in the log when Close returns: Close waits for
// the line, and does not write it a second time. (It used to skip the
// note, marked read before its line was written, and a program that ended
// at once lost the line.)
func TestUnretrievedReportedBeforeCloseReturns(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	h := &gateHandler{Handler: slog.NewTextHandler(syncWriter{&buf, &mu}, nil), entered: make(chan struct{}), open: make(chan struct{})}
	l := NewLoop(WithLogger(slog.New(h)))
	n := &failureNote{task: "Task-7", err: errors.New("lost")}
	l.failures = append(l.failures, n)
	go n.report(l.logger) // the cleanup goroutine, held in the handler
	<-h.entered
	closed := make(chan struct{})
	go func() { l.Close(); close(closed) }()
	select {
	case <-closed:
		t.Fatal("Close returned while the note's line was still being written")
	case <-time.After(50 * time.Millisecond): // Close waits for it
	}
	close(h.open)
	<-closed
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	if strings.Count(out, "task error was never retrieved") != 1 {
		t.Errorf("the log when Close returned:\n%s\nwant the failure once", out)
	}
}

// syncWriter writes to a buffer under a lock.
type syncWriter struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// A coroutine made and dropped by a task of one debug loop is reported to
// that loop's logger, not to the one of the debug loop made last.
func TestUnawaitedReportedToItsLoop(t *testing.T) {
	var a, b bytes.Buffer
	var mu sync.Mutex
	la := NewLoop(WithDebug(), WithLogger(slog.New(slog.NewTextHandler(syncWriter{&a, &mu}, nil))), WithClock(NewVirtualClock()))
	lb := NewLoop(WithDebug(), WithLogger(slog.New(slog.NewTextHandler(syncWriter{&b, &mu}, nil))), WithClock(NewVirtualClock()))
	if _, err := RunUntilComplete(la, script(do(dropCoroutine))); err != nil {
		t.Fatal(err)
	}
	// The collector finds it dropped, and its cleanup reports it, before
	// either loop closes.
	const warning = "coroutine was never awaited or spawned"
	logged := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(a.String()+b.String(), warning)
	}
	for i := 0; i < 1000 && !logged(); i++ {
		stdruntime.GC()
		time.Sleep(time.Millisecond)
	}
	la.Close()
	lb.Close()
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(a.String(), warning) || strings.Contains(b.String(), warning) {
		t.Errorf("the loop that made it logged:\n%s\nthe other:\n%s\nwant the warning in the first only", a.String(), b.String())
	}
}
