package blocking // a comment on the package line stays on it
// and this one, on the next line, stays after the import the fix adds

import "time"

// async
func napLine() error {
	time.Sleep(time.Second) // want `time.Sleep blocks the event loop`
	return nil
}
