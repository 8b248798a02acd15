package generated

import "github.com/asyncgen/asyncgen/runtime"

// async
func fresh() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}
