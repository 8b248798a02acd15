//go:build linux

package runtime

import (
	"errors"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// poller is the loop's I/O wait on Linux: one epoll instance holding every
// descriptor the loop owns (edge-triggered), plus an eventfd through which
// other goroutines wake the loop.
//
// The loop blocks in one of two ways. By default (netpoll) the epoll fd is
// itself handed to Go's netpoller with os.NewFile, and the loop waits on it
// through SyscallConn().Read, with the read deadline as the timer: the loop
// goroutine parks like any goroutine blocked on a socket, its thread is free
// for other goroutines, and a wake-up from another goroutine costs what a
// channel send does. The alternative (raw) blocks the loop's thread in
// epoll_wait; waking it then goes through the scheduler's syscall hand-off,
// which BenchmarkWakeup measures at several times the cost (see
// BENCHMARKS.md). Both are kept: raw serves as a reference and as the
// fallback when the epoll fd cannot be wrapped.
type poller struct {
	started bool
	failed  bool // no epoll: park on a channel, register reports the error
	epfd    int
	efd     int // eventfd for wake-ups
	file    *os.File
	rc      syscall.RawConn
	raw     bool // block in epoll_wait instead of Go's netpoller
	fds     []*pollFD
	n       int // registered descriptors, eventfd excluded
	events  [128]unix.EpollEvent
	wbuf    [8]byte
	dl      time.Time // read deadline in force on file
	park    chanPark
	err     error
}

// useRawEpoll makes the loop block in epoll_wait rather than in Go's
// netpoller; it must be called before the loop first polls. For measurements.
func (p *poller) useRawEpoll() { p.raw = true }

func (p *poller) start(in *inbox) {
	p.started = true
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		p.fail(in, err)
		return
	}
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		p.fail(in, err)
		return
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET, Fd: int32(efd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, efd, &ev); err != nil {
		unix.Close(efd)
		unix.Close(epfd)
		p.fail(in, err)
		return
	}
	p.epfd, p.efd = epfd, efd
	if !p.raw {
		if err := p.wrap(); err != nil {
			p.raw = true
		}
	}
	one := [8]byte{1}
	in.wake = func() {
		// The counter never overflows: the loop reads it at each wake-up.
		unix.Write(efd, one[:])
	}
}

// wrap hands the epoll fd to Go's netpoller.
func (p *poller) wrap() error {
	if err := unix.SetNonblock(p.epfd, true); err != nil {
		return err
	}
	p.file = os.NewFile(uintptr(p.epfd), "asyncgen-epoll")
	rc, err := p.file.SyscallConn()
	if err != nil {
		return err
	}
	p.rc = rc
	return nil
}

func (p *poller) fail(in *inbox, err error) {
	p.failed = true
	p.err = os.NewSyscallError("epoll", err)
	p.park.start(in)
}

// wait collects I/O readiness, blocking up to d (forever if negative, not at
// all if zero) when there is none and no callback is waiting in the inbox.
// Handlers run before wait returns.
func (p *poller) wait(d time.Duration, in *inbox) {
	if p.failed {
		if d != 0 && in.park() {
			p.park.wait(d)
			in.unpark()
		}
		return
	}
	n := 0
	if p.n > 0 || d != 0 {
		n = p.epollWait(0)
	}
	if n == 0 && d != 0 && in.park() {
		n = p.block(d)
		in.unpark()
	}
	p.dispatch(n)
}

func (p *poller) epollWait(msec int) int {
	n, err := unix.EpollWait(p.epfd, p.events[:], msec)
	if err != nil { // EINTR: report nothing, the loop polls again
		return 0
	}
	return n
}

// block waits for an event or for d to pass and returns the number of events
// in p.events.
func (p *poller) block(d time.Duration) int {
	if p.raw {
		msec := -1
		if d >= 0 {
			msec = int((d + time.Millisecond - 1) / time.Millisecond)
		}
		return p.epollWait(msec)
	}
	var dl time.Time
	if d >= 0 {
		dl = time.Now().Add(d)
	}
	if dl != p.dl {
		p.file.SetReadDeadline(dl)
		p.dl = dl
	}
	n := 0
	err := p.rc.Read(func(uintptr) bool {
		n = p.epollWait(0)
		return n > 0
	})
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
		// The file was closed under us or similar: do not spin.
		return 0
	}
	return n
}

func (p *poller) dispatch(n int) {
	for i := range n {
		e := &p.events[i]
		fd := int(e.Fd)
		if fd == p.efd {
			unix.Read(p.efd, p.wbuf[:])
			continue
		}
		if fd >= len(p.fds) || p.fds[fd] == nil {
			continue
		}
		pfd := p.fds[fd]
		var ev ioEvents
		if e.Events&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			ev |= evRead
			pfd.readable = true
		}
		if e.Events&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			ev |= evWrite
			pfd.writable = true
		}
		if e.Events&(unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			ev |= evError
		}
		pfd.h.ioReady(ev)
	}
}

// register adds pfd.fd, which must be non-blocking, to the poller; pfd.h
// hears of its readiness until unregister. The caller owns pfd's memory
// (usually a field of the stream or server), so registering allocates
// nothing. The poller starts on the first registration if the loop has not
// polled yet.
func (p *poller) register(in *inbox, pfd *pollFD) error {
	if !p.started {
		p.start(in)
	}
	if p.failed {
		return p.err
	}
	fd := pfd.fd
	ev := unix.EpollEvent{
		Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET,
		Fd:     int32(fd),
	}
	if err := unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return os.NewSyscallError("epoll_ctl", err)
	}
	for fd >= len(p.fds) {
		p.fds = append(p.fds, nil)
	}
	pfd.readable, pfd.writable = true, true
	p.fds[fd] = pfd
	p.n++
	return nil
}

// unregister removes pfd from the poller; the owner still closes the fd.
func (p *poller) unregister(pfd *pollFD) {
	if pfd.fd < 0 || pfd.fd >= len(p.fds) || p.fds[pfd.fd] != pfd {
		return
	}
	unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, pfd.fd, nil)
	p.fds[pfd.fd] = nil
	p.n--
}

// release unregisters and closes pfd's descriptor.
func (p *poller) release(pfd *pollFD) {
	if pfd.fd < 0 {
		return
	}
	p.unregister(pfd)
	unix.Close(pfd.fd)
	pfd.fd = -1
}

// close closes the poller and every descriptor still registered with it:
// they belong to streams and servers of a loop that can no longer run them.
func (p *poller) close() {
	if !p.started || p.failed {
		return
	}
	for _, pfd := range p.fds {
		if pfd != nil {
			p.release(pfd)
		}
	}
	if p.file != nil {
		p.file.Close()
	} else {
		unix.Close(p.epfd)
	}
	unix.Close(p.efd)
	p.failed = true
	p.err = ErrClosed
}
