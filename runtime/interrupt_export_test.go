//go:build unix

package runtime

// ForgetInterrupt lets a test's Run handle SIGINT again after an earlier
// test's SIGINT, which makes the process's later ones end it.
func ForgetInterrupt() {
	interrupts.seen.Store(false)
}
