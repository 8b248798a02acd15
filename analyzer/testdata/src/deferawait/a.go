package deferawait

import "github.com/asyncgen/asyncgen/runtime"

// async
func closeConn() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func handler() error {
	defer runtime.Await(closeConnAsync()) // want `deferred function calls runtime.Await but cannot suspend: await the cleanup before returning instead`
	defer func() {                        // want `deferred function calls runtime.Await`
		if _, err := runtime.Await(closeConnAsync()); err != nil {
			panic(err)
		}
	}()
	defer func() {
		recover() // a deferred literal without await is fine
	}()
	_, err := runtime.Await(closeConnAsync())
	return err
}
