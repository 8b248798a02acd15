package blocking

import "time"

// This file does not import the runtime, and a local variable takes the
// name: the fix imports it under a name that is free.

// async
func local() error {
	runtime := time.Second
	time.Sleep(runtime) // want `time.Sleep blocks the event loop`
	return nil
}
