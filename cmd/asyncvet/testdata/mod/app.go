package app

import (
	"time"

	"github.com/asyncgen/asyncgen/runtime"

	"example.com/mod/lib"
)

// async
func crawl() (int, error) {
	time.Sleep(time.Millisecond)
	n, err := lib.Get(1)
	if err != nil {
		return 0, err
	}
	runtime.Spawn(crawlAsync())
	return runtime.Await(lib.GetAsync(n))
}

func plain() {
	runtime.Await(runtime.Sleep(0))
}
