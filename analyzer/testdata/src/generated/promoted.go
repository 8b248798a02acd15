package generated

import "github.com/asyncgen/asyncgen/runtime"

type base struct{}

// async
func (base) Get() (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return 1, err
}
