// Package subprocess is the subprocess program of asyncio's documentation:
// shell commands run with runtime.Shell, their output read through async
// pipes with Process.Communicate. The two commands run concurrently: the
// second finishes first, and Gather still gives the results in the order
// asked for.
//
// Run it with go run ./examples/subprocess/cmd/subprocess.
package subprocess

import (
	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// async
func run(cmd string) (runtime.ProcessOutput, error) {
	p, err := runtime.Await(runtime.Shell(cmd, runtime.PipeStdout|runtime.PipeStderr))
	if err != nil {
		return runtime.ProcessOutput{}, err
	}
	return runtime.Await(p.Communicate(nil))
}

// async
func main(e *demo.Env) error {
	cmds := []string{
		"sleep 0.2; echo hello from the shell",
		"sleep 0.1; echo something went wrong >&2; exit 3",
	}
	outs, err := runtime.Await(runtime.Gather(runAsync(cmds[0]), runAsync(cmds[1])))
	if err != nil {
		return err
	}
	for i, out := range outs {
		e.Printf("[%q exited with %d]\n", cmds[i], out.Code)
		if len(out.Stdout) > 0 {
			e.Printf("[stdout]\n%s", out.Stdout)
		}
		if len(out.Stderr) > 0 {
			e.Printf("[stderr]\n%s", out.Stderr)
		}
	}
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
