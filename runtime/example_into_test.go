package runtime_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// async
func lookUpName(id int) (string, error) {
	if _, err := runtime.Await(runtime.Sleep(20 * time.Millisecond)); err != nil {
		return "", err
	}
	if id < 0 {
		return "", errors.New("no such user")
	}
	return fmt.Sprint("user", id), nil
}

// async
func lookUpScores(id int) ([]int, error) {
	if _, err := runtime.Await(runtime.Sleep(10 * time.Millisecond)); err != nil {
		return nil, err
	}
	return []int{id, 2 * id}, nil
}

// async
func profile(id int) (string, error) {
	var name string
	var scores []int
	_, err := runtime.Await(runtime.Gather(
		runtime.Into(&name, lookUpNameAsync(id)),
		runtime.Into(&scores, lookUpScoresAsync(id)),
	))
	if err != nil {
		return "", fmt.Errorf("profile %d: %w", id, err)
	}
	return fmt.Sprintf("%s %v", name, scores), nil
}

// async
func profiles() error {
	for _, id := range []int{7, -1} {
		p, err := runtime.Await(profileAsync(id))
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(p)
	}
	return nil
}

// Into stores an awaitable's value in a variable, so that awaitables of
// different types can be gathered, as asyncio's gather takes any.
func ExampleInto() {
	runtime.Run(profilesAsync(), runtime.WithClock(runtime.NewVirtualClock()))
	// Output:
	// user7 [7 14]
	// error: profile -1: no such user
}
