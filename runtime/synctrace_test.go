package runtime

import (
	"errors"
	"fmt"
	"maps"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The tests of queues and synchronization primitives run small programs of
// hand-written frames and compare what they print with what the same
// program prints under CPython's asyncio: the programs are in
// testdata/asyncio_sync.py, what CPython prints is in the cpython table
// below, and each test's doc comment shows its program.

// pyTrace is what a test program printed.
type pyTrace []string

func (tr *pyTrace) add(format string, args ...any) { *tr = append(*tr, fmt.Sprintf(format, args...)) }

// pyErr names an error the way the Python programs print the exception.
func pyErr(err error) string {
	switch {
	case errors.Is(err, ErrCancelled):
		return "cancelled"
	case errors.Is(err, ErrQueueShutDown):
		return "QueueShutDown"
	case errors.Is(err, ErrBrokenBarrier):
		return "BrokenBarrierError"
	}
	return err.Error()
}

// runPy runs the program main makes on a new loop with a virtual clock.
func runPy(t *testing.T, main func(tr *pyTrace, l *Loop) []step) []string {
	t.Helper()
	var tr pyTrace
	l := NewLoop(WithClock(NewVirtualClock()))
	defer l.Close()
	if _, err := RunUntilComplete(l, script(main(&tr, l)...)); err != nil {
		t.Fatalf("RunUntilComplete: %v", err)
	}
	return tr
}

// checkPy compares what the Go program printed with what CPython prints for
// the program of testdata/asyncio_sync.py named py.
func checkPy(t *testing.T, py string, got []string) {
	t.Helper()
	run, ok := cpython[py]
	if !ok {
		t.Fatalf("no CPython output recorded for %s", py)
	}
	if diff := cmp.Diff(run.lines, got); diff != "" {
		t.Errorf("%s: trace mismatch (-asyncio +got):\n%s", py, diff)
	}
}

// pyBool spells a bool as Python prints it.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// cpython holds what CPython prints for each program of
// testdata/asyncio_sync.py (with the arguments after the name), checked by
// TestSyncMatchesCPython. The programs marked minor 13 print this from
// Python 3.13 on; the others print the same from 3.11 to 3.13.
var cpython = map[string]struct {
	minor int
	lines []string
}{
	"getters_fifo":                      {lines: []string{"a waits", "b waits", "c waits", "put 0", "put 1", "put 2", "a got 0", "b got 1", "c got 2"}},
	"putters_fifo":                      {lines: []string{"a puts 1", "b puts 2", "c puts 3", "got 0", "a put 1", "got 1", "b put 2", "got 2", "c put 3", "got 3"}},
	"getter_cancelled_twice":            {lines: []string{"a waits", "b waits", "c waits", "d waits", "cancel a twice, put 1", "a cancelled", "b got 1", "put 2", "c got 2", "put 3", "d got 3", "len 0"}},
	"getter_cancelled_after_chosen":     {lines: []string{"a waits", "b waits", "put 1, cancel a", "a cancelled", "main", "b got 1", "len 0"}},
	"getter_cancelled_waiting":          {lines: []string{"a waits", "b waits", "cancel a, put 1", "a cancelled", "b got 1", "main", "len 0"}},
	"putter_cancelled_after_chosen":     {lines: []string{"a puts 1", "b puts 2", "got 0", "cancel a", "a cancelled", "main", "b put 2", "got 2", "len 0"}},
	"shutdown False":                    {minor: 13, lines: []string{"p puts 3", "shutdown False", "p QueueShutDown", "a waits", "a got 1", "b waits", "b got 2", "c waits", "c QueueShutDown", "len 0"}},
	"shutdown True":                     {minor: 13, lines: []string{"p puts 3", "shutdown True", "joined", "p QueueShutDown", "a waits", "a QueueShutDown", "b waits", "b QueueShutDown", "c waits", "c QueueShutDown", "len 0"}},
	"shutdown_wakes_getters":            {minor: 13, lines: []string{"a waits", "b waits", "shutdown", "a QueueShutDown", "b QueueShutDown"}},
	"join":                              {lines: []string{"work 0", "work 1", "work 2", "a joined", "b joined"}},
	"join_cancelled":                    {lines: []string{"a cancelled", "b joined"}},
	"lock_fifo":                         {lines: []string{"a acquires", "a holds", "b acquires", "c acquires", "d acquires", "a releases", "b holds", "b releases", "c holds", "c releases", "d holds", "d releases", "locked False"}},
	"lock_cancel_after_chosen":          {lines: []string{"b acquires", "c acquires", "release, cancel b", "b cancelled", "main", "c holds", "c releases", "locked False"}},
	"lock_cancel_waiting":               {lines: []string{"b acquires", "c acquires", "cancel b, release", "b cancelled", "main", "c holds", "main", "c releases", "locked False"}},
	"sem_fifo":                          {lines: []string{"a acquires", "a holds", "b acquires", "b holds", "c acquires", "d acquires", "e acquires", "a releases", "b releases", "c holds", "d holds", "c releases", "d releases", "e holds", "e releases", "locked False"}},
	"sem_cancel_after_chosen":           {lines: []string{"b acquires", "c acquires", "release, cancel b", "b cancelled", "main", "c holds", "c releases", "locked False value 1"}},
	"event":                             {lines: []string{"a waits", "b waits", "c waits", "set, clear", "a done", "b done", "c done", "d waits", "set", "d done", "is set True"}},
	"event_cancelled":                   {lines: []string{"a cancelled", "b done"}},
	"cond_notify":                       {lines: []string{"a waits", "b waits", "c waits", "d waits", "notify 1", "main holds", "a woke locked=True", "notify all", "b woke locked=True", "c woke locked=True", "d woke locked=True"}},
	"cond_cancel_reacquires":            {lines: []string{"a waits", "main acquired", "cancel a", "main releases", "a cancelled locked=True", "locked False"}},
	"cond_cancel_while_relock":          {lines: []string{"a waits", "notify", "b acquires", "cancel a", "main releases", "b holds", "b releases", "a cancelled locked=True", "locked False"}},
	"cond_notified_cancelled":           {minor: 13, lines: []string{"a waits", "b waits", "notify 1, cancel a", "a cancelled locked=True", "b woke locked=True"}},
	"cond_notified_cancelled_relocking": {minor: 13, lines: []string{"a waits", "b waits", "notify 1", "cancel a", "main releases", "a cancelled locked=True", "b woke locked=True", "b done True"}},
	"cond_wait_for":                     {lines: []string{"a waits", "state 1", "state 2", "a woke locked=True", "state 3"}},
	"barrier_rounds":                    {lines: []string{"a arrives", "b arrives", "c arrives", "c index 2", "d arrives", "e arrives", "f arrives", "a index 0", "b index 1", "f index 2", "d index 0", "e index 1", "waiting 0"}},
	"barrier_draining":                  {lines: []string{"a arrives", "b arrives", "b index 1", "c arrives", "a index 0", "d arrives", "c index 1", "d index 0"}},
	"barrier_abort_reset":               {lines: []string{"a arrives", "b arrives", "reset broken=False", "a BrokenBarrierError", "b BrokenBarrierError", "c arrives", "d arrives", "abort broken=True", "c BrokenBarrierError", "d BrokenBarrierError", "e arrives", "e BrokenBarrierError", "reset broken=False", "f arrives", "g arrives", "h arrives", "h index 2", "f index 0", "g index 1"}},
	"barrier_cancel":                    {lines: []string{"a arrives", "b arrives", "cancel b", "b cancelled", "waiting 1", "c arrives", "d arrives", "d index 2", "a index 0", "c index 1"}},
}

// TestSyncMatchesCPython runs the Python programs, when python3 is
// installed, and checks that they still print what the Go tests expect.
func TestSyncMatchesCPython(t *testing.T) {
	py, minor := python3(t)
	for _, name := range slices.Sorted(maps.Keys(cpython)) {
		run := cpython[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if minor < 11 || minor < run.minor {
				t.Skipf("needs Python 3.%d, python3 is 3.%d", max(run.minor, 11), minor)
			}
			out, err := exec.Command(py, append([]string{"testdata/asyncio_sync.py"}, strings.Fields(name)...)...).Output()
			if err != nil {
				t.Fatalf("python3 testdata/asyncio_sync.py %s: %v", name, err)
			}
			if diff := cmp.Diff(run.lines, strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")); diff != "" {
				t.Errorf("CPython printed differently (-want +cpython):\n%s", diff)
			}
		})
	}
}

// python3 is the path of python3 and its minor version; the test skips
// when it is not installed.
func python3(t *testing.T) (path string, minor int) {
	path, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	v, err := exec.Command(path, "-c", "import sys; print(sys.version_info[1])").Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	minor, _ = strconv.Atoi(strings.TrimSpace(string(v)))
	return path, minor
}

// yields awaits Sleep(0) n times, in a coroutine awaited inline (Python's
// "for _ in range(n): await asyncio.sleep(0)").
func yields(n int) step {
	return await(func() Awaitable[struct{}] {
		s := make([]step, n)
		for i := range s {
			s[i] = await(func() Awaitable[struct{}] { return Sleep(0) }, nil)
		}
		return script(s...)
	}, nil)
}

// settle5 is the Python programs' settle().
func settle5() step { return yields(5) }

// returnIf returns from the script when cond holds.
func returnIf(cond func() bool) step { return onlyIf(cond, ret(func() error { return nil })) }

// onlyIf runs s only if cond holds when the script reaches it.
func onlyIf[X any](cond func() bool, s func(X) awaiting) func(X) awaiting {
	return func(x X) awaiting {
		if !cond() {
			return nil
		}
		return s(x)
	}
}

// spawnInto starts c on l.
func spawnInto[T any](l *Loop, ts *[]*Task[T], c Coro[T]) step {
	return do(func() { *ts = append(*ts, SpawnOn(l, c)) })
}
