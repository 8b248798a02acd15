package main

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func fetch(id int) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(time.Duration(id) * 100 * time.Millisecond)); err != nil {
		return "", err
	}
	return fmt.Sprint("page ", id), nil
}

// async
func crawl() ([]string, error) {
	var big [4096]int64 // used only before the first await: not in the frame
	for i := range big {
		big[i] = int64(i)
	}
	sum := big[10] + big[20]
	a, err := runtime.Await(fetchAsync(2))
	if err != nil {
		return nil, err
	}
	b, err := runtime.Await(fetchAsync(1))
	return []string{a, b, fmt.Sprint(sum)}, err
}

func main() {
	pages, err := runtime.Run(crawlAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	fmt.Println(pages, err)
}

// Output:
// [page 2 page 1 30] <nil>
