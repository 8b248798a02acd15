//go:build unix

package runtime

import (
	"os"
	"syscall"
)

// uncatchable reports whether sig is SIGKILL or SIGSTOP, which no process
// can catch or ignore, and its name.
func uncatchable(sig os.Signal) (string, bool) {
	switch sig {
	case syscall.SIGKILL:
		return "SIGKILL", true
	case syscall.SIGSTOP:
		return "SIGSTOP", true
	}
	return "", false
}
