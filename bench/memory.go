package main

import (
	"os"
	stdruntime "runtime"
	"strconv"
	"strings"
)

// memory returns the resident set and the heap in use, in bytes, after a
// garbage collection: the same resident-set reading asyncio_bench.py takes
// from /proc/self/statm.
func memory() (rss, heap int64) {
	stdruntime.GC()
	var ms stdruntime.MemStats
	stdruntime.ReadMemStats(&ms)
	b, err := os.ReadFile("/proc/self/statm")
	if err == nil {
		if f := strings.Fields(string(b)); len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			rss = pages * int64(os.Getpagesize())
		}
	}
	return rss, int64(ms.HeapInuse)
}
