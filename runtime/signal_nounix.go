//go:build !unix

package runtime

import "os"

// uncatchable reports whether sig is os.Kill, which no process can catch,
// and its name.
func uncatchable(sig os.Signal) (string, bool) {
	if sig == os.Kill {
		return "SIGKILL", true
	}
	return "", false
}
