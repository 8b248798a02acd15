//go:build !unix

package runtime

// interruptWatch is Run's handling of SIGINT, on Unix only: here Ctrl-C
// keeps Go's default effect.
type interruptWatch struct{ main *task }

func (l *Loop) watchInterrupt() *interruptWatch { return nil }

func (w *interruptWatch) stop() bool { return false }
