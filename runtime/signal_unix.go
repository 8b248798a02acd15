//go:build unix

package runtime

import (
	"errors"
	"fmt"
	"os"
	stdruntime "runtime"
	"syscall"
)

// signalError says why sig cannot be handled, nil if it can: SIGKILL and
// SIGSTOP, which no process can catch or ignore, and values that are not
// signals os/signal can deliver, which it would ignore without a word
// (asyncio raises ValueError for them): other types, numbers out of its
// range (1 to 64), and on Linux 32 and 33, which the C library keeps for
// itself and Go's runtime leaves alone (Python's valid_signals leaves them
// out too). Two more are Go's own: SIGPROF, which its runtime takes for
// the CPU profiler and never passes on, and SIGURG, which its scheduler
// sends to preempt goroutines, so that a handler would run, hundreds of
// times a second, for signals nobody sent.
func signalError(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	switch {
	case !ok || s <= 0 || s > 64 || stdruntime.GOOS == "linux" && (s == 32 || s == 33):
		return fmt.Errorf("runtime: AddSignalHandler: %v (%T) is not a signal of this system that Go can deliver: pass a syscall.Signal such as syscall.SIGTERM", sig, sig)
	case s == syscall.SIGKILL:
		return fmt.Errorf("runtime: AddSignalHandler: SIGKILL %w", errSignalUncatchable)
	case s == syscall.SIGSTOP:
		return fmt.Errorf("runtime: AddSignalHandler: SIGSTOP %w", errSignalUncatchable)
	case s == syscall.SIGPROF:
		return errors.New("runtime: AddSignalHandler: SIGPROF is Go's: its runtime takes it for the CPU profiler and never delivers it; use a signal of your own, such as syscall.SIGUSR1")
	case s == syscall.SIGURG:
		return errors.New("runtime: AddSignalHandler: SIGURG is Go's: its scheduler sends it to preempt goroutines, so a handler would run for signals nobody sent; use a signal of your own, such as syscall.SIGUSR1")
	}
	return nil
}
