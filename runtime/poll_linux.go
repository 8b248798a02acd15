//go:build linux

package runtime

import (
	"os"
	"syscall"
	"time"
	"unsafe"

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
//
// While it runs, the loop makes its non-blocking system calls (the reads
// and writes of its streams, its epoll_wait) with RawSyscall, unseen by the
// scheduler, and one in a while through it (see poll).
type poller struct {
	started  bool // park is ready
	opened   bool // epfd and efd are open
	failed   bool // no epoll: park on a channel, register reports the error
	epfd     int
	efd      int // eventfd for wake-ups
	file     *os.File
	rc       syscall.RawConn
	raw      bool // block in epoll_wait instead of Go's netpoller
	fds      []*pollFD
	n        int // registered descriptors, eventfd excluded
	events   []unix.EpollEvent
	busy     int // passes and events since the loop last parked
	wbuf     [8]byte
	dl       time.Time // read deadline last set on file
	dlStale  bool      // a wake-up or expiry may have changed it since
	pk       parkState
	parkStep func(uintptr) bool // p.step, made once
	park     chanPark
	err      error
	// helpers are I/O objects served outside the poller (TLS streams) that
	// the loop's Close must still close, at once: it aborts them.
	helpers map[interface{ abort() }]struct{}
}

// useRawEpoll makes the loop block in epoll_wait rather than in Go's
// netpoller; it must be called before the loop first polls. For measurements.
func (p *poller) useRawEpoll() { p.raw = true }

// quiet reports that a poll with no timeout has nothing to look at: no
// descriptor is registered.
func (p *poller) quiet() bool { return p.started && p.n == 0 }

// start prepares the poller for the loop's first wait. The epoll instance
// itself is made only when a descriptor is registered (or by open): a loop
// that does no I/O parks on a channel and holds no descriptor, so loops that
// are never closed leak none.
func (p *poller) start(in *inbox) {
	p.started = true
	p.park.start(in)
}

// open makes the epoll instance and the eventfd, and switches the loop's
// wake-ups to the eventfd.
func (p *poller) open(in *inbox) {
	if !p.started {
		p.start(in)
	}
	if p.opened || p.failed {
		return
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		p.fail(err)
		return
	}
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		p.fail(err)
		return
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLET, Fd: int32(efd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, efd, &ev); err != nil {
		unix.Close(efd)
		unix.Close(epfd)
		p.fail(err)
		return
	}
	p.epfd, p.efd = epfd, efd
	p.events = make([]unix.EpollEvent, 128)
	if !p.raw {
		if err := p.wrap(); err != nil {
			p.raw = true
		}
		p.parkStep = p.step
	}
	p.opened = true
	wake := func() {
		// The counter never overflows: the loop reads it at each wake-up.
		one := [8]byte{1}
		unix.Write(efd, one[:])
	}
	if !p.raw {
		// Parked in the netpoller, the loop is woken by moving its read
		// deadline to the past: the runtime readies the goroutine at once,
		// as a channel send does, with no system call.
		f := p.file
		wake = func() { f.SetReadDeadline(aLongTimeAgo) }
	}
	in.mu.Lock() // add calls wake under the lock
	in.wake = wake
	in.mu.Unlock()
}

// aLongTimeAgo is a deadline in the past, as net/http uses to interrupt a
// blocked read.
var aLongTimeAgo = time.Unix(1, 0)

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

func (p *poller) fail(err error) {
	p.failed = true
	p.err = os.NewSyscallError("epoll", err)
}

// wait collects I/O readiness, blocking up to d (forever if negative, not at
// all if zero) when there is none and no callback is waiting in the inbox.
// Handlers run before wait returns.
func (p *poller) wait(d time.Duration, in *inbox) {
	if !p.opened {
		if d != 0 && in.park() {
			p.park.wait(d)
			in.unpark()
		}
		return
	}
	n := 0
	switch {
	case d == 0:
		if p.n > 0 {
			n = p.poll()
		}
	case !p.raw:
		n = p.pollOrPark(d, in)
	default:
		n = p.poll()
		if n == 0 && in.park() {
			msec := -1
			if d >= 0 {
				msec = int((d + time.Millisecond - 1) / time.Millisecond)
			}
			n = p.epollWait(msec)
			in.unpark()
			p.busy = 0
		}
	}
	p.dispatch(n)
}

// poll is the non-blocking epoll_wait of a pass.
func (p *poller) poll() int {
	if p.busy < visibleEvery {
		n := p.epollWait(0)
		p.busy += 1 + n
		return n
	}
	// The loop has not parked for a while, and its other system calls are
	// hidden from the scheduler (see rawRead): make this one through
	// syscall.Syscall, which wakes the runtime's monitor if it went to
	// sleep while the loop was idle, so that a loop that stays busy is
	// still preempted in favour of other goroutines (ToThread workers), as
	// any goroutine is.
	p.busy = 0
	n, err := unix.EpollWait(p.epfd, p.events, 0)
	if err != nil {
		return 0
	}
	return n
}

// visibleEvery is how much the loop does without parking (passes plus the
// events they handle, each event typically a read and a write: a few
// milliseconds) before one system call goes through the scheduler.
const visibleEvery = 1024

// pollOrPark is a pass that may block, in Go's netpoller: it polls once and,
// if nothing is ready, sets the deadline, announces the sleep and parks on
// the epoll fd until an event, a wake-up or the deadline. Polling inside
// RawRead, after it has reset the descriptor's readiness, is what makes the
// park safe: an event that arrives after the poll makes the epoll fd ready
// again. So a loop that runs out of work polls once, not twice, before it
// parks, and one that has work sets no deadline.
func (p *poller) pollOrPark(d time.Duration, in *inbox) int {
	p.pk = parkState{d: d, in: in}
	if p.dlStale {
		// RawRead fails before it polls while the deadline is in the past.
		p.arm(d)
	}
	err := p.rc.Read(p.parkStep)
	if p.pk.announced {
		in.unpark()
	}
	if p.pk.calls > 1 {
		p.busy = 0
	}
	if err != nil {
		// The deadline passed, or a wake-up moved it: set it again next
		// time (at once if RawRead refused to start).
		p.dlStale = true
	}
	p.pk.in = nil
	return p.pk.n
}

// parkState is what pollOrPark's callback, made once (parkStep), works on.
type parkState struct {
	d         time.Duration
	in        *inbox
	n         int  // events polled
	calls     int  // callback calls: more than one means the loop parked
	announced bool // in.park reported true
}

// step is RawRead's callback: true ends the wait.
func (p *poller) step(uintptr) bool {
	pk := &p.pk
	pk.calls++
	if pk.calls > 1 {
		pk.n = p.epollWait(0)
		return pk.n > 0
	}
	if pk.n = p.poll(); pk.n > 0 {
		return true
	}
	// The deadline is set before the loop announces that it sleeps: a
	// wake-up moves it afterwards, never the other way round.
	p.arm(pk.d)
	if !pk.in.park() {
		return true
	}
	pk.announced = true
	return false
}

// arm sets the netpoller wait's deadline to d from now (none if negative).
func (p *poller) arm(d time.Duration) {
	if p.raw {
		return
	}
	var dl time.Time
	if d >= 0 {
		dl = time.Now().Add(d)
	}
	if dl != p.dl || p.dlStale {
		p.file.SetReadDeadline(dl)
		p.dl, p.dlStale = dl, false
	}
}

// epollWait is epoll_wait on the loop's instance. The blocking form (raw
// mode) goes through the scheduler, which hands the P to another thread
// while the loop sleeps; the non-blocking one cannot block and does not
// (see rawRead).
func (p *poller) epollWait(msec int) int {
	if msec != 0 {
		n, err := unix.EpollWait(p.epfd, p.events, msec)
		if err != nil { // EINTR: report nothing, the loop polls again
			return 0
		}
		return n
	}
	n, _, errno := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(p.epfd), uintptr(unsafe.Pointer(&p.events[0])), uintptr(len(p.events)), 0, 0, 0)
	if errno != 0 {
		return 0
	}
	return int(n)
}

// rawRead and rawWrite are read(2) and write(2) on a non-blocking
// descriptor, made without telling Go's scheduler (RawSyscall): they cannot
// block, so the loop's P need not be handed off. A system call made through
// syscall.Syscall marks the goroutine as in a system call, which wakes the
// runtime's monitor thread (sysmon) after the loop has been idle and lets it
// take the P away, and start another thread, whenever the kernel deschedules
// the loop's thread inside the call; on a busy machine those wake-ups and
// hand-offs cost more than the call.
func rawRead(fd int, p []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}

func rawWrite(fd int, p []byte) (int, error) {
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(p))), uintptr(len(p)))
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
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
		if e.Events&(unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0 {
			pfd.hup = true
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
	p.open(in)
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

// orphan is a handler with work left when its loop closes.
type orphan interface{ orphaned() }

// close closes the poller and every descriptor still registered with it:
// they belong to streams and servers of a loop that can no longer run them.
func (p *poller) close() {
	p.park.signal = nil
	for h := range p.helpers {
		h.abort()
	}
	p.helpers = nil
	if !p.opened {
		return
	}
	for _, pfd := range p.fds {
		if pfd != nil {
			p.release(pfd)
			if o, ok := pfd.h.(orphan); ok {
				o.orphaned()
			}
		}
	}
	if p.file != nil {
		p.file.Close()
	} else {
		unix.Close(p.epfd)
	}
	unix.Close(p.efd)
	p.opened = false
	p.failed = true
	p.err = ErrClosed
}
