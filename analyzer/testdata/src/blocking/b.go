package blocking

import "time"

// This file does not import the runtime: the fix adds the import.

// async
func nap() error {
	time.Sleep(time.Second) // want `time.Sleep blocks the event loop`
	return nil
}
