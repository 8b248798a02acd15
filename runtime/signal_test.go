//go:build unix

package runtime

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	stdruntime "runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// runPasses runs l one pass at a time until done reports true or d has
// passed, and reports whether done did.
func runPasses(t *testing.T, l *Loop, d time.Duration, done func() bool) bool {
	t.Helper()
	for end := time.Now().Add(d); ; {
		if _, err := l.CallSoon(l.Stop); err != nil {
			t.Fatal(err)
		}
		if err := l.RunForever(); err != nil {
			t.Fatal(err)
		}
		if done() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

const signalChildEnv = "ASYNCGEN_SIGNAL_TEST_CHILD"

// TestSignalRemoveKeepsOtherSignalsHandled removes a handler for one signal
// over and over while another signal, handled all along, keeps arriving: at
// no instant may the other signal lose its subscription and take its
// default action, which for SIGTERM ends the process. The work runs in a
// child process, since the failure kills it.
func TestSignalRemoveKeepsOtherSignalsHandled(t *testing.T) {
	if os.Getenv(signalChildEnv) == "remove" {
		signalRemoveChild(t)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSignalRemoveKeepsOtherSignalsHandled$", "-test.count=1", "-test.v")
	// The race detector's one-second pause at exit only slows the test.
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0")
	cmd.Env = append(os.Environ(), signalChildEnv+"=remove", "GORACE="+gorace)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "child: SIGTERM handled") {
		t.Fatalf("child process: %v\n%s", err, out)
	}
}

func signalRemoveChild(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var got int
	if err := l.AddSignalHandler(syscall.SIGTERM, func() { got++ }); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // another part of the program signals the process now and then
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
				time.Sleep(20 * time.Microsecond)
			}
		}
	}()
	end := time.Now().Add(300 * time.Millisecond)
	for i := 0; time.Now().Before(end); i++ {
		if err := l.AddSignalHandler(syscall.SIGUSR2, func() {}); err != nil {
			t.Error(err)
			break
		}
		if !l.RemoveSignalHandler(syscall.SIGUSR2) {
			t.Error("RemoveSignalHandler(SIGUSR2) = false after AddSignalHandler")
			break
		}
		if i%100 == 0 {
			runPasses(t, l, 0, func() bool { return true })
		}
	}
	close(stop)
	wg.Wait()
	if !runPasses(t, l, 5*time.Second, func() bool { return got > 0 }) {
		t.Fatal("the SIGTERM handler never ran")
	}
	if !l.RemoveSignalHandler(syscall.SIGTERM) {
		t.Error("RemoveSignalHandler(SIGTERM) = false")
	}
	t.Logf("child: SIGTERM handled %d times", got)
}

// TestSignalTwoLoops checks that two loops handling the same signal both get
// it, and that removing the handler on one leaves the other's working.
func TestSignalTwoLoops(t *testing.T) {
	a, b := NewLoop(), NewLoop()
	defer a.Close()
	defer b.Close()
	var gotA, gotB int
	if err := a.AddSignalHandler(syscall.SIGUSR1, func() { gotA++ }); err != nil {
		t.Fatal(err)
	}
	if err := b.AddSignalHandler(syscall.SIGUSR1, func() { gotB++ }); err != nil {
		t.Fatal(err)
	}
	defer b.RemoveSignalHandler(syscall.SIGUSR1)
	defer a.RemoveSignalHandler(syscall.SIGUSR1)

	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
	if !runPasses(t, a, 5*time.Second, func() bool { return gotA == 1 }) {
		t.Fatalf("loop a: handler ran %d times, want 1", gotA)
	}
	if !runPasses(t, b, 5*time.Second, func() bool { return gotB == 1 }) {
		t.Fatalf("loop b: handler ran %d times, want 1", gotB)
	}

	if !a.RemoveSignalHandler(syscall.SIGUSR1) || a.RemoveSignalHandler(syscall.SIGUSR1) {
		t.Error("RemoveSignalHandler should report true once")
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1) // b still handles it
	if !runPasses(t, b, 5*time.Second, func() bool { return gotB == 2 }) {
		t.Fatalf("loop b after removal on a: handler ran %d times, want 2", gotB)
	}
	runPasses(t, a, 20*time.Millisecond, func() bool { return false })
	if gotA != 1 {
		t.Errorf("loop a after its removal: handler ran %d times, want 1", gotA)
	}

	// Replacing b's handler keeps the signal handled, by the new handler.
	var gotB2 int
	if err := b.AddSignalHandler(syscall.SIGUSR1, func() { gotB2++ }); err != nil {
		t.Fatal(err)
	}
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
	if !runPasses(t, b, 5*time.Second, func() bool { return gotB2 == 1 }) {
		t.Fatalf("loop b, replaced handler: ran %d times, want 1", gotB2)
	}
	if gotB != 2 {
		t.Errorf("loop b, replaced handler: the old one ran %d times, want 2", gotB)
	}
}

// A signal that arrived before its handler was removed and another added
// runs the handler set when the loop gets to it, as asyncio's
// _handle_signal looks the handler up then: here the new one. The signal
// is waiting in the loop's inbox before the removal.
func TestSignalBeforeReplacementRunsTheNewHandler(t *testing.T) {
	l := NewLoop()
	defer l.Close()
	var old, replaced int
	if err := l.AddSignalHandler(syscall.SIGUSR1, func() { old++ }); err != nil {
		t.Fatal(err)
	}
	defer l.RemoveSignalHandler(syscall.SIGUSR1)
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
	for end := time.Now().Add(5 * time.Second); !l.inbox.pending(); time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the signal did not reach the loop's inbox")
		}
	}
	l.RemoveSignalHandler(syscall.SIGUSR1)
	if err := l.AddSignalHandler(syscall.SIGUSR1, func() { replaced++ }); err != nil {
		t.Fatal(err)
	}
	runPasses(t, l, 5*time.Second, func() bool { return old+replaced > 0 })
	if old != 0 || replaced != 1 {
		t.Errorf("the old handler ran %d times, the new one %d; want 0 and 1", old, replaced)
	}
}

// TestSignalUncatchable checks that SIGKILL and SIGSTOP, which no process
// can catch, and SIGPROF and SIGURG, which Go keeps, are refused with an error naming them (asyncio raises
// RuntimeError("sig 9 cannot be caught")), and that a closed loop still
// answers ErrClosed first.
func TestSignalUncatchable(t *testing.T) {
	l := NewLoop()
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
	}{{syscall.SIGKILL, "SIGKILL"}, {syscall.SIGSTOP, "SIGSTOP"}} {
		err := l.AddSignalHandler(tc.sig, func() {})
		if err == nil || !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), "cannot be caught") {
			t.Errorf("AddSignalHandler(%s) = %v, want an error naming %s that says it cannot be caught", tc.name, err, tc.name)
		}
		if errors.Is(err, ErrClosed) {
			t.Errorf("AddSignalHandler(%s) on an open loop = %v, matches ErrClosed", tc.name, err)
		}
		if l.RemoveSignalHandler(tc.sig) {
			t.Errorf("RemoveSignalHandler(%s) = true after a refused AddSignalHandler", tc.name)
		}
	}
	// Every other signal number that os/signal delivers is catchable as
	// far as AddSignalHandler is concerned; on Linux, 32 and 33 are the C
	// library's, and Go never delivers them.
	for s := syscall.Signal(1); s < 65; s++ {
		err := signalError(s)
		want := s == syscall.SIGKILL || s == syscall.SIGSTOP || s == syscall.SIGPROF || s == syscall.SIGURG ||
			stdruntime.GOOS == "linux" && (s == 32 || s == 33)
		if (err != nil) != want {
			t.Errorf("signalError(%d %q) = %v, want an error: %v", int(s), s, err, want)
		}
	}
	// Go's runtime keeps SIGPROF (never delivered) and SIGURG (sent by
	// its scheduler to preempt goroutines): refused, saying so.
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
	}{{syscall.SIGPROF, "SIGPROF"}, {syscall.SIGURG, "SIGURG"}} {
		err := l.AddSignalHandler(tc.sig, func() {})
		if err == nil || !strings.Contains(err.Error(), tc.name+" is Go's") || !strings.Contains(err.Error(), "SIGUSR1") {
			t.Errorf("AddSignalHandler(%s) = %v, want an error saying Go keeps it and naming a signal to use", tc.name, err)
		}
	}
	// A value that is no signal of the system would never arrive: it is
	// refused, naming its type and the fix.
	for _, sig := range []os.Signal{fakeSignal{}, syscall.Signal(0), syscall.Signal(65), syscall.Signal(200), nil} {
		err := l.AddSignalHandler(sig, func() {})
		if err == nil || !strings.Contains(err.Error(), "not a signal of this system") || !strings.Contains(err.Error(), "syscall.Signal") {
			t.Errorf("AddSignalHandler(%#v) = %v, want an error saying it is not a signal and to pass a syscall.Signal", sig, err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if err := l.AddSignalHandler(syscall.SIGKILL, func() {}); !errors.Is(err, ErrClosed) {
		t.Errorf("AddSignalHandler(SIGKILL) on a closed loop = %v, want ErrClosed", err)
	}
}

// fakeSignal is an os.Signal that no system delivers.
type fakeSignal struct{}

func (fakeSignal) String() string { return "fake" }
func (fakeSignal) Signal()        {}

// In debug mode, setting or removing a signal handler of a running loop
// from another goroutine is refused, as CallSoon is: the handlers' map is
// the loop's.
func TestDebugSignalHandlerFromAnotherGoroutine(t *testing.T) {
	l := NewLoop(WithDebug(), WithClock(NewVirtualClock()))
	var addErr error
	var removePanic any
	_, err := runOn(l, script(do(func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			addErr = l.AddSignalHandler(syscall.SIGUSR2, func() {})
			defer func() { removePanic = recover() }()
			l.RemoveSignalHandler(syscall.SIGUSR2)
		}()
		<-done
	})))
	if err != nil {
		t.Fatal(err)
	}
	if addErr == nil || !strings.Contains(addErr.Error(), "AddSignalHandler called on another goroutine") {
		t.Errorf("AddSignalHandler from another goroutine = %v, want an error naming the goroutine", addErr)
	}
	if e, ok := removePanic.(error); !ok || !strings.Contains(e.Error(), "RemoveSignalHandler called on another goroutine") {
		t.Errorf("RemoveSignalHandler from another goroutine panicked with %v, want an error naming the goroutine", removePanic)
	}
	if l.sig != nil && len(l.sig.handlers) != 0 {
		t.Errorf("a handler was set from another goroutine: %v", l.sig.handlers)
	}
}

// Debug mode names a slow signal handler, not the runtime's callback that
// runs it (asyncio: Executing <Handle on_usr1() ...> took 0.150 seconds).
func TestDebugSlowSignalHandlerNamed(t *testing.T) {
	var logs lockedBuffer
	l := NewLoop(WithDebug(), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	defer l.Close()
	ran := false
	if err := l.AddSignalHandler(syscall.SIGUSR1, func() { slowSignalHandler(); ran = true }); err != nil {
		t.Fatal(err)
	}
	defer l.RemoveSignalHandler(syscall.SIGUSR1)
	syscall.Kill(syscall.Getpid(), syscall.SIGUSR1)
	if !runPasses(t, l, 5*time.Second, func() bool { return ran }) {
		t.Fatal("the handler did not run")
	}
	out := logs.String()
	if want := `callback=github.com/asyncgen/asyncgen/runtime.TestDebugSlowSignalHandlerNamed.func1`; !strings.Contains(out, want) {
		t.Errorf("debug log lacks %s\nlog:\n%s", want, out)
	}
}

func slowSignalHandler() { time.Sleep(slowStep + 20*time.Millisecond) }
