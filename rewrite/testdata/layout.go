package main

import (
	"fmt"
	"strconv"

	"github.com/asyncgen/asyncgen/runtime"
)

func yield() runtime.Awaitable[struct{}] { return runtime.Sleep(0) }

// layout's frame holds only what lives across an await; see layout.golden.
//
// async
func layout(n int) (int, error) {
	var scratch [4096]int64 // 32 KiB used before the first await only: a variable of case 0
	for i := range scratch {
		scratch[i] = int64(i)
	}
	kept := int(scratch[n]) // read after the await: a frame field
	reused := 1             // overwritten after the await before any read: a variable of Step
	fmt.Println(reused)
	runtime.Await(yield())
	reused = 2
	fmt.Println(reused, kept)
	carried := 0 // assigned after an await, read in the next iteration before the next await: Step
	for i := 0; i < 3; i++ {
		if i > 0 {
			fmt.Println("carried", carried)
		}
		runtime.Await(yield())
		carried = i * 10
	}
	return kept, nil
}

// headAssign assigns err in if headers only: each assignment overwrites
// it before any read, so err need not live in the frame although it is
// declared before the loop; v, read after the await, does.
//
// async
func headAssign(words []string) (int, error) {
	var err error
	sum := 0
	for _, w := range words {
		var v int
		if v, err = strconv.Atoi(w); err != nil {
			return sum, err
		}
		runtime.Await(yield())
		sum += v
	}
	return sum, nil
}

func main() {
	fmt.Println(runtime.Run(layoutAsync(7), runtime.WithClock(runtime.NewVirtualClock())))
	fmt.Println(runtime.Run(headAssignAsync([]string{"1", "2"}), runtime.WithClock(runtime.NewVirtualClock())))
	fmt.Println(runtime.Run(headAssignAsync([]string{"1", "x"}), runtime.WithClock(runtime.NewVirtualClock())))
}

// Output:
// 1
// 2 7
// carried 0
// carried 10
// 7 <nil>
// 3 <nil>
// 1 strconv.Atoi: parsing "x": invalid syntax
