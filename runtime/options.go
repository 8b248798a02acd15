package runtime

import (
	"log/slog"
	stdruntime "runtime"
)

// Option configures a loop made by [NewLoop] or [Run].
type Option func(*config)

type config struct {
	clock   Clock
	debug   bool
	logger  *slog.Logger
	workers int
}

// WithClock makes the loop read time from c. With a [*VirtualClock] the loop
// jumps to the next timer instead of waiting for it.
func WithClock(c Clock) Option { return func(cf *config) { cf.clock = c } }

// WithDebug turns on asyncio's debug mode: every task step or callback
// slower than 100ms is logged with the task's name or the callback's, and
// coroutines that were made but never awaited or spawned are logged once the
// collector finds them dropped (at the latest when the loop closes), to the
// logger of the debug loop running on the goroutine that made them (else of
// the debug loop made last);
// CallSoon and CallAt of a running loop fail when called from a goroutine
// other than the loop's (use CallSoonThreadsafe there), and a task or
// primitive woken from such a goroutine panics there. Tasks
// that failed and whose error was never retrieved are logged in any mode,
// when the collector finds them dropped or when the loop closes (in debug
// mode with where they were spawned); futures
// too when the collector finds them, and in debug mode when the loop
// closes, if they are dropped by then, with where their error was set.
// Coroutines dropped are reported in the order they were made.
func WithDebug() Option { return func(cf *config) { cf.debug = true } }

// WithLogger sets where debug mode and shutdown problems are logged
// (default slog.Default()). A Future's error nobody read is logged to
// slog.Default() whatever the loop's logger: a Future belongs to no loop.
func WithLogger(l *slog.Logger) Option { return func(cf *config) { cf.logger = l } }

// WithExecutorWorkers bounds the thread pool behind [ToThread] to n worker
// goroutines (default min(32, NumCPU+4), as asyncio's default executor).
func WithExecutorWorkers(n int) Option { return func(cf *config) { cf.workers = n } }

func newConfig(opts []Option) config {
	cf := config{workers: min(32, stdruntime.NumCPU()+4)}
	for _, o := range opts {
		o(&cf)
	}
	if cf.logger == nil {
		cf.logger = slog.Default()
	}
	if cf.workers < 1 {
		cf.workers = 1
	}
	return cf
}
