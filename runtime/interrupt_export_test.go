//go:build unix

package runtime

// ForgetInterrupt lets a test's Run handle SIGINT again after an earlier
// test's SIGINT, which makes the process's later ones end it.
func ForgetInterrupt() {
	interrupts.seen.Store(false)
}

// InterruptWatches is the number of Runs watching for SIGINT.
func InterruptWatches() int {
	interrupts.mu.Lock()
	defer interrupts.mu.Unlock()
	return len(interrupts.watches)
}
