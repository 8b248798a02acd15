package deferawait

import "github.com/asyncgen/asyncgen/runtime"

// The rule is retired and reports nothing: go generate refuses these
// awaits, and the unsupported rule reports them.

// async
func closeConn() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func handler() error {
	defer runtime.Await(closeConnAsync())
	defer func() {
		if _, err := runtime.Await(closeConnAsync()); err != nil {
			panic(err)
		}
	}()
	defer func() {
		recover()
	}()
	_, err := runtime.Await(closeConnAsync())
	return err
}
