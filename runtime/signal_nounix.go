//go:build !unix

package runtime

import (
	"fmt"
	"os"
)

// signalError says why sig cannot be handled, nil if it can: os.Kill,
// which no process can catch.
func signalError(sig os.Signal) error {
	if sig == nil {
		return fmt.Errorf("runtime: AddSignalHandler: a nil signal: pass one such as os.Interrupt")
	}
	if sig == os.Kill {
		return fmt.Errorf("runtime: AddSignalHandler: SIGKILL %w", errSignalUncatchable)
	}
	return nil
}
