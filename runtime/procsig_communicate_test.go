//go:build linux

package runtime_test

import (
	"strings"
	"testing"

	"github.com/asyncgen/asyncgen/runtime"
)

// besideReader is what communicateBeside saw.
type besideReader struct {
	first     runtime.ProcessOutput // of the first Communicate, or stdout's line in first.Stdout
	firstErr  error
	second    runtime.ProcessOutput
	secondErr error
	third     runtime.ProcessOutput // of a Communicate once both have ended
}

// communicateBeside starts script with stdout and stderr piped and has a
// task read its stdout, with Communicate if whole, with ReadLine if not;
// while it reads, it calls Communicate, then once more after both ended.
//
// async
func communicateBeside(script string, whole bool) (besideReader, error) {
	var r besideReader
	p, err := runtime.Await(runtime.Shell(script, runtime.PipeStdout|runtime.PipeStderr))
	if err != nil {
		return r, err
	}
	var first *runtime.Task[runtime.ProcessOutput]
	if whole {
		first = runtime.Spawn(p.Communicate(nil))
	} else {
		first = runtime.Spawn(readLineOfAsync(p))
	}
	for range 3 { // the first task's reads begin
		runtime.Await(runtime.Sleep(0))
	}
	r.second, r.secondErr = runtime.Await(p.Communicate(nil))
	r.first, r.firstErr = runtime.Await(first)
	r.third, err = runtime.Await(p.Communicate(nil))
	return r, err
}

// readLineOf reads a line of p's stdout, as Communicate's output.
//
// async
func readLineOf(p *runtime.Process) (runtime.ProcessOutput, error) {
	line, err := runtime.Await(p.Stdout.ReadLine())
	return runtime.ProcessOutput{Stdout: line}, err
}

// A Communicate while another task reads a pipe of the process fails with
// the refusal of that read, as asyncio's raises RuntimeError, and leaves
// the pipes open for that task: a second Communicate beside a first one,
// or beside a task reading lines, takes nothing from it.
func TestCommunicateBesideAReader(t *testing.T) {
	const script = "sleep 0.2; echo out1; echo err1 >&2; echo out2; echo err2 >&2; exit 3"
	for _, tc := range []struct {
		name  string
		whole bool
		first runtime.ProcessOutput
		third runtime.ProcessOutput
	}{
		{"Communicate", true,
			runtime.ProcessOutput{Stdout: []byte("out1\nout2\n"), Stderr: []byte("err1\nerr2\n"), Code: 3},
			runtime.ProcessOutput{Stdout: []byte{}, Stderr: []byte{}, Code: 3}},
		{"ReadLine", false,
			runtime.ProcessOutput{Stdout: []byte("out1\n")},
			runtime.ProcessOutput{Stdout: []byte("out2\n"), Stderr: []byte("err1\nerr2\n"), Code: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := runtime.Run(communicateBesideAsync(script, tc.whole))
			if err != nil {
				t.Fatal(err)
			}
			if r.secondErr == nil || !strings.Contains(r.secondErr.Error(), "already reading") {
				t.Errorf("Communicate beside a reader: %v, want the refusal of a second reader", r.secondErr)
			}
			if r.firstErr != nil || !sameOutput(r.first, tc.first) {
				t.Errorf("the reader got %q, %q, %d, %v; want %q, %q, %d, nil", r.first.Stdout, r.first.Stderr, r.first.Code, r.firstErr, tc.first.Stdout, tc.first.Stderr, tc.first.Code)
			}
			if !sameOutput(r.third, tc.third) {
				t.Errorf("Communicate after both = %q, %q, %d; want %q, %q, %d", r.third.Stdout, r.third.Stderr, r.third.Code, tc.third.Stdout, tc.third.Stderr, tc.third.Code)
			}
		})
	}
}

func sameOutput(a, b runtime.ProcessOutput) bool {
	return string(a.Stdout) == string(b.Stdout) && (a.Stdout == nil) == (b.Stdout == nil) &&
		string(a.Stderr) == string(b.Stderr) && (a.Stderr == nil) == (b.Stderr == nil) && a.Code == b.Code
}
