package runtime_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

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

func TestDumpTasksNamesTheAwaitLine(t *testing.T) {
	l := runtime.NewLoop(runtime.WithClock(runtime.NewVirtualClock()))
	defer l.Close()
	fut := runtime.NewFuture[int]()
	task := runtime.SpawnOn(l, stuckAfterAsync(fut))
	task.SetName("stuck")
	if _, err := runtime.RunUntilComplete(l, yieldOnceAsync()); err != nil {
		t.Fatal(err)
	}
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
