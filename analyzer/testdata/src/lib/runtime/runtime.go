// Package runtime is not asyncgen's: cases import it to take the name
// runtime.
package runtime

// Version is something to use.
func Version() string { return "1" }
