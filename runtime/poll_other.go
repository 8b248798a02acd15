//go:build !linux

package runtime

import (
	"errors"
	"time"
)

// errNoPoller is returned by I/O operations on systems without a poller.
var errNoPoller = errors.New("runtime: I/O polling is not implemented on this system")

// poller is the portable fallback: the loop parks on a channel and a timer,
// so timers, ToThread and CallSoonThreadsafe work everywhere, but no
// descriptor can be registered.
type poller struct {
	started bool
	park    chanPark
}

func (p *poller) useRawEpoll() {}

// quiet reports that a poll with no timeout has nothing to look at: nothing
// can be registered here.
func (p *poller) quiet() bool { return p.started }

func (p *poller) open(in *inbox) {
	if !p.started {
		p.start(in)
	}
}

func (p *poller) start(in *inbox) {
	p.started = true
	p.park.start(in)
}

func (p *poller) wait(d time.Duration, in *inbox) {
	if d != 0 && in.park() {
		p.park.wait(d)
		in.unpark()
	}
}

func (p *poller) register(in *inbox, pfd *pollFD) error { return errNoPoller }

func (p *poller) unregister(pfd *pollFD) {}

// release is never reached: nothing is ever registered here.
func (p *poller) release(pfd *pollFD) {}

func (p *poller) close() { p.park.signal = nil }
