// Bench runs the same workloads on CPython's asyncio and on asyncgen and
// prints them side by side:
//
//   - spawn-gather: gather 100,000 trivial coroutines (each becomes a task);
//   - queue-ping-pong: two tasks hand a number back and forth through two
//     unbounded queues, 100,000 round trips;
//   - sleepers: 100,000 tasks each sleeping for an hour, the time to start
//     them and the memory they hold (growth of the resident set, and for Go
//     also of the heap, after a GC).
//
// Usage:
//
//	go run ./bench [-n 100000] [-python python3]
//
// The Python side is bench/asyncio_bench.py, run with python3 from PATH; if
// there is none, only the Go column is printed. Times are the best of three
// runs; the memory figures come from one run each.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	stdruntime "runtime"
	"strconv"
	"strings"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	n := flag.Int("n", 100_000, "tasks, round trips and sleepers per workload")
	python := flag.String("python", "python3", "the CPython to compare with (empty: none)")
	flag.Parse()

	goRows := runGo(*n)
	pyRows := map[string]float64{}
	if *python != "" {
		var err error
		if pyRows, err = runPython(*python, *n); err != nil {
			log.Printf("no CPython column: %v", err)
		}
	}

	fmt.Printf("n = %d, %s, GOMAXPROCS=%d, %d CPUs\n\n", *n, stdruntime.Version(), stdruntime.GOMAXPROCS(0), stdruntime.NumCPU())
	fmt.Println("| workload | unit | CPython asyncio | Go asyncgen | CPython / asyncgen |")
	fmt.Println("| --- | --- | ---: | ---: | ---: |")
	for _, r := range goRows {
		py, ok := pyRows[r.name]
		pys, ratio := "–", "–"
		if ok {
			pys = strconv.FormatFloat(py, 'f', 0, 64)
			if r.value > 0 {
				ratio = fmt.Sprintf("%.1f×", py/r.value)
			}
		}
		fmt.Printf("| %s | %s | %s | %.0f | %s |\n", r.name, r.unit, pys, r.value, ratio)
	}
	fmt.Printf("\nGo heap growth per sleeper, after a GC: %d bytes\n", heapPerSleeper)
}

type row struct {
	name, unit string
	value      float64
}

// heapPerSleeper is the sleepers' heap figure, printed under the table.
var heapPerSleeper int64

func runGo(n int) []row {
	best := func(f func() (time.Duration, error)) float64 {
		var min time.Duration
		for i := range 3 {
			d, err := f()
			if err != nil {
				log.Fatal(err)
			}
			if i == 0 || d < min {
				min = d
			}
		}
		return float64(min.Nanoseconds()) / float64(n)
	}
	// Sleepers first, while the resident set holds nothing of the others.
	s, err := runtime.Run(sleepersAsync(n))
	if err != nil {
		log.Fatal(err)
	}
	gather := best(func() (time.Duration, error) { return runtime.Run(spawnGatherAsync(n)) })
	pp := best(func() (time.Duration, error) { return runtime.Run(pingPongAsync(n)) })
	heapPerSleeper = s.heap / int64(n)
	return []row{
		{"spawn-gather", "ns/task", gather},
		{"queue-ping-pong", "ns/round-trip", pp},
		{"sleepers-start", "ns/sleeper", float64(s.start.Nanoseconds())},
		{"sleepers-memory", "bytes/sleeper", float64(s.rss) / float64(n)},
	}
}

// runPython runs asyncio_bench.py and reads its "name value unit" lines.
func runPython(python string, n int) (map[string]float64, error) {
	script, err := scriptPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(python, "-I", script, "-n", strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", python, script, err)
	}
	rows := map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, fmt.Errorf("%s: bad line %q", script, sc.Text())
		}
		rows[f[0]] = v
	}
	return rows, nil
}

// scriptPath finds asyncio_bench.py beside this package's source: the
// working directory is the module root under go run ./bench, or bench/.
func scriptPath() (string, error) {
	for _, p := range []string{"bench/asyncio_bench.py", "asyncio_bench.py"} {
		if _, err := os.Stat(p); err == nil {
			return filepath.Abs(p)
		}
	}
	return "", fmt.Errorf("asyncio_bench.py not found: run from the repository root")
}
