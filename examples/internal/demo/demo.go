// Package demo is what the examples share: where an example prints, which
// clock its loop reads, and how it prints elapsed time so that its output is
// the same on every run.
//
// The examples run on the real clock from their own main packages and from
// the tour, and on a virtual clock in tests, where the same program prints
// the same lines in microseconds.
package demo

import (
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// Env is where an example runs: where it prints and the clock its loop reads
// (the loop's clock is what the example measures elapsed time with). The zero
// Env is not usable: make one with Real or Virtual.
type Env struct {
	Out   io.Writer
	Clock runtime.Clock
}

// Real returns an Env printing to w on the monotonic clock.
func Real(w io.Writer) *Env { return &Env{Out: w, Clock: monotonic{time.Now()}} }

// Virtual returns an Env printing to w on a virtual clock: sleeps and
// timeouts take no real time, and the output is the same as on the real
// clock.
func Virtual(w io.Writer) *Env { return &Env{Out: w, Clock: runtime.NewVirtualClock()} }

// Options are the loop options that make a loop read e's clock.
func (e *Env) Options() []runtime.Option { return []runtime.Option{runtime.WithClock(e.Clock)} }

// Now is the time on e's clock.
func (e *Env) Now() time.Duration { return e.Clock.Now() }

// Since is the time elapsed on e's clock since start, a reading of Now.
func (e *Env) Since(start time.Duration) time.Duration { return e.Clock.Now() - start }

// Println prints a line, as fmt.Println.
func (e *Env) Println(a ...any) { fmt.Fprintln(e.Out, a...) }

// Printf prints, as fmt.Printf.
func (e *Env) Printf(format string, a ...any) { fmt.Fprintf(e.Out, format, a...) }

// Seconds formats d in seconds with one decimal, "0.3", truncated to the
// tenth below. The examples' time steps are tenths of a second and a timer
// never fires early, so the figure is the same on every run as long as the
// loop is less than 0.1 s late, even on a busy machine. (On a virtual clock
// the times are exact, and this prints what Python's f"{d:.1f}" does.)
func Seconds(d time.Duration) string {
	tenths := d / (100 * time.Millisecond)
	return fmt.Sprintf("%d.%d", tenths/10, tenths%10)
}

// Main runs an example's entry point on the real clock, printing to standard
// output, and exits 1 if it fails: the body of each example's main package.
func Main(run func(*Env) error) {
	log.SetFlags(0)
	if err := run(Real(os.Stdout)); err != nil {
		log.Fatal(err)
	}
}

type monotonic struct{ start time.Time }

func (m monotonic) Now() time.Duration { return time.Since(m.start) }
