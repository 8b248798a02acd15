package runtime_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// stuckAfter awaits a coroutine that completes at once, then a future that
// nobody completes yet: a task dump must name the line of the second await.
//
// async
func stuckAfter(fut *runtime.Future[int]) int {
	a, _ := runtime.Await(readyValueAsync(1))
	b, _ := runtime.Await(fut) // the await stuckAfter stops at
	return a + b
}

// async
func readyValue(v int) int { return v } //asyncvet:ignore noawait -- completes at once, on purpose

// async
func yieldOnce() { runtime.Await(runtime.Sleep(0)) }

// async
func complete(fut *runtime.Future[int], task *runtime.Task[int]) (int, error) {
	fut.SetResult(2)
	return runtime.Await(task)
}

// stuckTask starts a loop with a task named "stuck" that waits in
// stuckAfter for fut.
func stuckTask(t *testing.T) (*runtime.Loop, *runtime.Future[int], *runtime.Task[int]) {
	l := runtime.NewLoop(runtime.WithClock(runtime.NewVirtualClock()))
	fut := runtime.NewFuture[int]()
	task := runtime.SpawnOn(l, stuckAfterAsync(fut))
	task.SetName("stuck")
	if _, err := runtime.RunUntilComplete(l, yieldOnceAsync()); err != nil {
		t.Fatal(err)
	}
	return l, fut, task
}

func TestDumpTasksNamesTheAwaitLine(t *testing.T) {
	l, fut, task := stuckTask(t)
	defer l.Close()
	var b bytes.Buffer
	if err := l.DumpTasks(&b); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("runtime_test.stuckAfter\tdump_test.go:%d", lineOf(t, "dump_test.go", "// the await stuckAfter stops at"))
	if !strings.Contains(b.String(), want) {
		t.Errorf("DumpTasks:\n%s\nwant a line containing %q", b.String(), want)
	}
	if got, err := runtime.RunUntilComplete(l, completeAsync(fut, task)); err != nil || got != 3 {
		t.Errorf("stuckAfter = %d, %v; want 3, nil", got, err)
	}
}

// lineOf returns the number of the line of file that contains marker.
func lineOf(t *testing.T, file, marker string) int {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(src), "\n") {
		if strings.Contains(line, marker) && !strings.Contains(line, `"`) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line contains %q", file, marker)
	return 0
}

// async
func slowAfterAwait(d time.Duration) {
	runtime.Await(runtime.Sleep(0)) // the await the slow step resumes from
	time.Sleep(d)                   //asyncvet:ignore blocking -- the slow step, on purpose
}

// A slow step's log names where it began, the await it resumed from, and
// where it ended: here the task's end, which has no await to name.
func TestSlowStepNamesItsStartAndEnd(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	if _, err := runtime.Run(slowAfterAwaitAsync(120*time.Millisecond), runtime.WithDebug(), runtime.WithLogger(logger)); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf(`from="runtime_test.slowAfterAwait at dump_test.go:%d" to=finished`, lineOf(t, "dump_test.go", "// the await the slow step resumes from"))
	if !strings.Contains(logs.String(), want) {
		t.Errorf("log:\n%s\nwant %s", logs.String(), want)
	}
}

// A task cancelled and not yet run to act on it shows as cancelling, as
// asyncio's repr of a task whose cancelling() is above 0 does.
func TestDumpTasksShowsCancelling(t *testing.T) {
	l, _, task := stuckTask(t)
	defer l.Close()
	task.Cancel()
	var b bytes.Buffer
	if err := l.DumpTasks(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "stuck: ready, cancelling\n") {
		t.Errorf("DumpTasks after Cancel:\n%s\nwant the task cancelling", b.String())
	}
	runtime.RunUntilComplete(l, yieldOnceAsync())
}
