// Package catch holds a recovering function of another package than
// conformance's coroutines, for the case where one is deferred directly:
// its recover must stop the panic, as in plain Go.
package catch

import "fmt"

// Into stops a panic and writes its value to *msg.
func Into(msg *string) {
	if r := recover(); r != nil {
		*msg = fmt.Sprint("caught: ", r)
	}
}
