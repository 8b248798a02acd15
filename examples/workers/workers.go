// Package workers is the queue program of asyncio's documentation: a queue
// of sleep times consumed by two worker tasks. Each worker reports how long
// each job took; the total elapsed time is less than the sum of the sleeps
// because the workers sleep concurrently. When the queue is drained
// (Queue.Join), main cancels the workers, which wait forever on Get.
//
// Run it with go run ./examples/workers/cmd/workers.
package workers

import (
	"fmt"
	"time"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func worker(e *demo.Env, name string, q *runtime.Queue[time.Duration]) error {
	for {
		d, err := runtime.Await(q.Get())
		if err != nil {
			return err
		}
		start := e.Now()
		if _, err := runtime.Await(runtime.Sleep(d)); err != nil {
			return err
		}
		q.TaskDone()
		e.Printf("%s has slept for %s seconds\n", name, demo.Seconds(e.Since(start)))
	}
}

// async
func main(e *demo.Env) error {
	q := runtime.NewQueue[time.Duration](0)
	var total time.Duration
	for _, d := range []time.Duration{500, 100, 200, 100, 300} {
		d *= time.Millisecond
		total += d
		q.PutNowait(d)
	}

	start := e.Now()
	var tasks []runtime.Awaitable[struct{}]
	for i := range 2 {
		tasks = append(tasks, runtime.Spawn(workerAsync(e, fmt.Sprint("worker-", i+1), q)))
	}
	if _, err := runtime.Await(q.Join()); err != nil {
		return err
	}
	elapsed := e.Since(start)

	for _, t := range tasks {
		t.(*runtime.Task[struct{}]).Cancel()
	}
	if _, err := runtime.Await(runtime.GatherAll(tasks...)); err != nil {
		return err
	}
	e.Println("====")
	e.Printf("2 workers slept in parallel for %s seconds\n", demo.Seconds(elapsed))
	e.Printf("total expected sleep time: %s seconds\n", demo.Seconds(total))
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
