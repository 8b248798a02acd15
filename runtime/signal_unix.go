//go:build unix

package runtime

import (
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
// out too).
func signalError(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	switch {
	case !ok || s <= 0 || s > 64 || stdruntime.GOOS == "linux" && (s == 32 || s == 33):
		return fmt.Errorf("runtime: AddSignalHandler: %v (%T) is not a signal of this system that Go can deliver: pass a syscall.Signal such as syscall.SIGTERM", sig, sig)
	case s == syscall.SIGKILL:
		return fmt.Errorf("runtime: AddSignalHandler: SIGKILL %w", errSignalUncatchable)
	case s == syscall.SIGSTOP:
		return fmt.Errorf("runtime: AddSignalHandler: SIGSTOP %w", errSignalUncatchable)
	}
	return nil
}
