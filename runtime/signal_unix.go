//go:build unix

package runtime

import (
	"fmt"
	"os"
	"syscall"
)

// signalError says why sig cannot be handled, nil if it can: SIGKILL and
// SIGSTOP, which no process can catch or ignore, and values that are not
// signals of this system, which os/signal would ignore without a word
// (asyncio raises ValueError for them).
func signalError(sig os.Signal) error {
	s, ok := sig.(syscall.Signal)
	switch {
	case !ok || s <= 0:
		return fmt.Errorf("runtime: AddSignalHandler: %v (%T) is not a signal of this system: pass a syscall.Signal such as syscall.SIGTERM", sig, sig)
	case s == syscall.SIGKILL:
		return fmt.Errorf("runtime: AddSignalHandler: SIGKILL %w", errSignalUncatchable)
	case s == syscall.SIGSTOP:
		return fmt.Errorf("runtime: AddSignalHandler: SIGSTOP %w", errSignalUncatchable)
	}
	return nil
}
