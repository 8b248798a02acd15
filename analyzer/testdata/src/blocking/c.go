package blocking

import (
	"time"

	"cases/lib/runtime"
)

// This file imports another package named runtime: the fix imports
// asyncgen's under a name that is free.

// async
func other() error {
	_ = runtime.Version()
	time.Sleep(time.Second) // want `time.Sleep blocks the event loop`
	return nil
}
