package runtime

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Stream is a bidirectional byte stream on the loop: a TCP or Unix
// connection, or a subprocess pipe (asyncio's StreamReader and StreamWriter
// in one). Reads are awaitables; Write only buffers, and [Stream.Drain] is
// the back-pressure point, as in asyncio.
//
// Reading is pull-based: the stream reads from the socket only when a task
// asks for data, straight into the caller's slice for [Stream.Read] and, for
// the line and exact reads, into a scratch buffer the loop shares between
// its streams. What a read leaves unconsumed stays there until another
// stream needs the scratch buffer, then moves to a buffer of its own size,
// as asyncio's StreamReader keeps only unconsumed bytes. A stream holds no
// buffer when it holds no data (an idle one, or one waiting for a reply),
// and a slow reader stops the peer through TCP flow control instead of
// growing memory. A cancelled read loses nothing: bytes reach the caller
// only when the read completes.
//
// One task reads at a time: a read started while another task's read is
// pending fails with an error, even one the buffer could serve at once
// (asyncio refuses only a second reader that would have to wait). Any
// number of tasks may wait in Drain.
//
// A Stream is not safe for concurrent use and belongs to the loop that made
// it. The zero Stream is not usable: streams come from [OpenConnection],
// [StartServer] and subprocess pipes.
type Stream struct {
	loop *Loop
	tr   transport
	fdt  fdTransport // tr for streams on a descriptor; keeps one allocation

	limit int
	// readAhead: a child's output pipe, read while no task reads, up to
	// twice the limit, as asyncio's pipe transports read until their
	// reader's buffer holds that much: a child writing to a pipe nobody
	// reads blocks only when that is full, and so is the pipe.
	readAhead bool
	rbuf      []byte // unconsumed data, rbuf[roff:]: in the loop's scratch buffer while s owns it, else its own; nil when empty
	roff      int
	eof       bool
	rerr      error
	reader    blocker // the read a task is suspended in
	rtask     *task   // that task
	// lent: Peek or Fill handed out a slice of rbuf; until the next read,
	// those bytes stay where they are: fill, which the read-ahead of an
	// exited process calls between reads, does not move them to the front,
	// and if rbuf is the scratch buffer, evict leaves it to s rather than
	// let another stream overwrite them.
	lent bool
	// donated: rbuf is a scratch buffer that evict gave s (see lent); it
	// goes back to the loop once s no longer needs it.
	donated bool

	wbuf []byte // unsent data: wbuf[woff:]
	woff int
	werr error
	// werrIdle: werr came with nothing unsent, the reader of a stdin pipe
	// gone while the buffer was empty. It drops later writes and Drain
	// reports it, but the close lost nothing: WaitClosed does not.
	werrIdle  bool
	high, low int
	paused    bool     // above high until at or below low
	drainers  waitList // tasks in Drain
	connector *task    // a task waiting for connect to finish

	shutPending bool // CloseWrite once wbuf is sent
	wclosed     bool
	lateWrite   bool // Write after CloseWrite: Drain reports it
	closed      bool
	released    bool     // the stream let go of its transport
	aborted     bool     // by Abort: the transport drops what it has
	gone        bool     // the transport closed the connection: WaitClosed returns
	closers     waitList // tasks in WaitClosed
}

// Default limits, as asyncio's.
const (
	DefaultLimit     = 64 << 10 // longest line or ReadUntil chunk
	defaultHighWater = 64 << 10
	defaultLowWater  = 16 << 10
)

// IncompleteReadError is the error of ReadExactly, ReadUntil (and of
// ReadLine never: it returns a partial last line as a line) when the stream
// ends first. errors.Is(err, io.ErrUnexpectedEOF) holds for it.
type IncompleteReadError struct {
	Partial  []byte // what was read before the end
	Expected int    // bytes ReadExactly wanted; -1 for ReadUntil
}

// Error says how much was read before the end.
func (e *IncompleteReadError) Error() string {
	if e.Expected < 0 {
		return fmt.Sprintf("runtime: %d bytes read before the end of the stream, separator not found", len(e.Partial))
	}
	return fmt.Sprintf("runtime: %d bytes read on a total of %d expected bytes", len(e.Partial), e.Expected)
}

// Unwrap returns io.ErrUnexpectedEOF.
func (e *IncompleteReadError) Unwrap() error { return io.ErrUnexpectedEOF }

// LimitOverrunError is the error of ReadUntil and ReadLine when the
// separator is not found within the stream's limit. After ReadUntil the data
// stays buffered; ReadLine discards the line, as asyncio's readline does.
type LimitOverrunError struct {
	Consumed int // bytes to consume to get past the overrun
	Found    bool
}

// Error says whether the separator was found past the limit.
func (e *LimitOverrunError) Error() string {
	if e.Found {
		return "runtime: separator is found, but chunk is longer than limit"
	}
	return "runtime: separator is not found, and chunk exceed the limit"
}

var (
	errReadBusy      = errors.New("runtime: another task is already reading from this stream")
	errWriteAfterEOF = errors.New("runtime: write after CloseWrite")
)

func newStream(l *Loop) *Stream {
	return &Stream{loop: l, limit: DefaultLimit, high: defaultHighWater, low: defaultLowWater}
}

// SetLimit sets the longest line, or ReadUntil chunk, the stream accepts
// (DefaultLimit when the stream is made); n <= 0 restores the default.
func (s *Stream) SetLimit(n int) {
	if n <= 0 {
		n = DefaultLimit
	}
	s.limit = n
}

// SetWriteBufferLimits sets the write buffer's high-water mark, above which
// Drain waits, and low-water mark, at or below which it resumes (asyncio's
// set_write_buffer_limits; 64 KiB and 16 KiB by default). Zero high makes
// every Drain wait until the buffer is empty.
func (s *Stream) SetWriteBufferLimits(high, low int) {
	if high < 0 {
		high = 0
	}
	s.high, s.low = high, min(max(low, 0), high)
	s.checkPaused()
}

// LocalAddr is the stream's local address; nil for pipes.
func (s *Stream) LocalAddr() net.Addr { return s.tr.localAddr() }

// RemoteAddr is the peer's address; nil for pipes.
func (s *Stream) RemoteAddr() net.Addr { return s.tr.remoteAddr() }

// TLSState returns the state of a TLS stream's connection once its
// handshake has completed (asyncio's get_extra_info("ssl_object")): a
// dialled stream's at once, a server's once its first read returned,
// which completes the handshake. It is nil for a stream without TLS and
// before then.
func (s *Stream) TLSState() *tls.ConnectionState {
	if tr, ok := s.tr.(interface{ tlsState() *tls.ConnectionState }); ok {
		return tr.tlsState()
	}
	return nil
}

// Buffered is the number of bytes read from the peer and not yet consumed.
func (s *Stream) Buffered() int { return len(s.rbuf) - s.roff }

// Peek returns up to n of the buffered bytes without consuming them; it
// never waits or reads from the peer. The slice is valid until the next
// read.
func (s *Stream) Peek(n int) []byte {
	b := s.rbuf[s.roff : s.roff+min(max(n, 0), s.Buffered())]
	if len(b) > 0 {
		s.lent = true
	}
	return b
}

// AtEOF reports whether the peer's end has arrived and everything buffered
// was consumed (asyncio's at_eof). What has arrived counts even if no read
// asked for it yet: asyncio's transport reads ahead, and with nothing
// buffered AtEOF looks, without waiting, for data or the end. After Close
// it is true, bytes buffered or not: reads fail with net.ErrClosed from
// then on, so nothing more can be read (asyncio's close feeds the reader
// its end, and what it buffered stays readable).
func (s *Stream) AtEOF() bool {
	if s.closed {
		return true
	}
	if !s.eof && s.Buffered() == 0 && s.reader == nil && s.readErr() == nil {
		s.probe()
	}
	return s.eof && s.Buffered() == 0
}

// probe looks, without waiting, for data or the end of an empty stream: a
// read of one byte, not a fill, so that a stream with nothing to read does
// not claim the loop's scratch buffer from another stream; and no read at
// all on a descriptor the poller has not seen turn readable.
func (s *Stream) probe() {
	if s.fdQuiet() {
		return
	}
	b := make([]byte, 1)
	n, err := s.probeRead(b)
	if n > 0 {
		s.rbuf, s.roff = b[:n], 0
	}
	s.noteReadErr(err)
}

// noteReadErr records what a read met that is not its caller's to report:
// the end of the stream, or an error, which the next read returns.
func (s *Stream) noteReadErr(err error) {
	switch {
	case err == nil, err == errWouldBlock:
	case err == io.EOF:
		s.sawEOF()
	default:
		s.rerr = err
	}
}

// WriteBuffered is the number of bytes written and not yet handed to the
// kernel (asyncio's get_write_buffer_size).
func (s *Stream) WriteBuffered() int { return len(s.wbuf) - s.woff }

// ioReady implements ioHandler: it wakes the reader or the connecting task
// and sends buffered data.
func (s *Stream) ioReady(ev ioEvents) {
	if ev&evRead != 0 {
		if s.rtask == nil && s.readAhead {
			s.readUnasked()
		} else {
			s.wakeReader()
		}
	}
	if ev&evWrite != 0 {
		if t := s.connector; t != nil {
			s.connector = nil
			t.wakeUp()
		}
		if s.WriteBuffered() > 0 || s.shutPending {
			s.flush()
		}
	}
	if ev&evError != 0 {
		s.readerGone()
	}
}

func (s *Stream) wakeReader() {
	if t := s.rtask; t != nil {
		t.wakeUp()
	}
}

// startRead claims the stream for the read op of a task, or reports false
// if another task's read holds it.
func (s *Stream) startRead(op blocker) bool { return s.reader == nil || s.reader == op }

// suspendRead parks t in op until the stream may have data.
func (s *Stream) suspendRead(op blocker, t *task) Status {
	s.reader, s.rtask = op, t
	t.wait = op
	s.wakeIfYielded(t)
	return Suspend
}

// endRead releases the stream from op, if op holds it (a read done at
// once never did). A stream that reads ahead then goes on reading what its
// descriptor still holds, as asyncio's pipe transport resumes reading
// once its buffer is below the limit: a child whose pipe is full sends no
// new readiness event.
func (s *Stream) endRead(op blocker) {
	if s.reader == op {
		s.reader, s.rtask = nil, nil
	}
	if s.reader == nil && s.readAhead && !s.fdQuiet() {
		s.readUnasked()
	}
}

// readErr is the error a read gets once the buffer holds nothing for it.
func (s *Stream) readErr() error {
	switch {
	case s.closed:
		return net.ErrClosed
	case s.rerr != nil:
		return s.rerr
	case s.eof:
		return io.EOF
	}
	return nil
}

// readScratch is a loop's buffer for the line and exact reads of its
// streams. A stream reads the socket into it and owns it while its
// unconsumed bytes sit there; when another stream needs it, evict moves
// those bytes to a buffer of their own. Most reads are consumed before the
// task yields (an HTTP header and the small body after it arrive together),
// so the bytes are copied once, into the result, and nothing is kept.
type readScratch struct {
	buf   []byte
	owner *Stream
	spare []byte // a scratch buffer back from a stream evict gave it to
}

const (
	scratchSize = 64 << 10
	minRead     = 512
)

// claim makes the scratch buffer free for s to read into.
func (sc *readScratch) claim() []byte {
	if o := sc.owner; o != nil {
		o.evict()
	}
	if sc.buf == nil {
		if sc.spare != nil {
			sc.buf, sc.spare = sc.spare, nil
		} else {
			sc.buf = make([]byte, scratchSize)
		}
	}
	return sc.buf
}

// evict moves the bytes s left in the loop's scratch buffer to a buffer of
// their own size. If a slice of them is lent out (Peek, Fill), s keeps the
// scratch buffer itself instead, and the loop takes a spare one or makes
// one: the slice stays valid until s's next read, as documented.
func (s *Stream) evict() {
	sc := &s.loop.scratch
	if sc.owner != s {
		return
	}
	sc.owner = nil
	if s.lent {
		sc.buf = nil
		s.donated = true
		return
	}
	s.rbuf, s.roff = append([]byte(nil), s.rbuf[s.roff:]...), 0
}

// giveBack ends s's use of buf, its buffer until now: a scratch buffer that
// evict gave s becomes the loop's spare.
func (s *Stream) giveBack(buf []byte) {
	if !s.donated {
		return
	}
	s.donated = false
	if sc := &s.loop.scratch; sc.spare == nil && cap(buf) == scratchSize {
		sc.spare = buf[:scratchSize]
	}
}

// fill reads what the transport has into the buffer; want, when positive,
// is the number of buffered bytes the read needs (ReadExactly). It returns
// errWouldBlock when there is nothing now; errors, io.EOF included, are
// recorded for readErr.
func (s *Stream) fill(want int) error {
	sc := &s.loop.scratch
	if sc.owner == s && cap(s.rbuf)-len(s.rbuf) < minRead {
		if s.roff > 0 && !s.lent {
			n := copy(s.rbuf[:cap(s.rbuf)], s.rbuf[s.roff:])
			s.rbuf, s.roff = s.rbuf[:n], 0
		}
		if cap(s.rbuf)-len(s.rbuf) < minRead {
			if want > s.Buffered() {
				s.grow(want)
			} else {
				s.evict()
			}
		}
	}
	var n int
	var err error
	switch {
	case sc.owner == s:
		// Reading on after the bytes s has in the scratch buffer.
		n, err = s.tr.read(s.rbuf[len(s.rbuf):cap(s.rbuf)])
		s.rbuf = s.rbuf[:len(s.rbuf)+n]
	case s.Buffered() == 0:
		buf := sc.claim()
		n, err = s.tr.read(buf)
		if n > 0 {
			s.rbuf, s.roff, sc.owner = buf[:n], 0, s
		}
	case want > s.Buffered():
		// An exact read: grow s's buffer toward want and read into it,
		// so that a large body is read in place and handed over whole.
		if room := cap(s.rbuf) - len(s.rbuf); room < min(want-s.Buffered(), minRead) {
			s.grow(want)
		}
		n, err = s.tr.read(s.rbuf[len(s.rbuf):cap(s.rbuf)])
		s.rbuf = s.rbuf[:len(s.rbuf)+n]
	default:
		// A line still arriving: read into the scratch buffer and append
		// what came to s's own bytes.
		buf := sc.claim()
		n, err = s.tr.read(buf)
		if n > 0 {
			if s.roff > 0 && s.roff >= len(s.rbuf)/2 && !s.lent {
				k := copy(s.rbuf, s.rbuf[s.roff:])
				s.rbuf, s.roff = s.rbuf[:k], 0
			}
			s.rbuf = append(s.rbuf, buf[:n]...)
		}
	}
	switch {
	case err == nil, err == errWouldBlock:
		return err
	case err == io.EOF:
		s.sawEOF()
	default:
		s.rerr = err
	}
	return nil
}

// grow moves s's bytes to a buffer of its own with room for more of an
// exact read of want: up to want, doubling at most, so that memory follows
// what arrived rather than what the peer announced.
func (s *Stream) grow(want int) {
	have := s.Buffered()
	size := have + max(have, scratchSize)
	if want < size {
		size = want
	}
	nb := make([]byte, have, size)
	copy(nb, s.rbuf[s.roff:])
	s.giveBack(s.rbuf)
	s.rbuf, s.roff = nb, 0
	if sc := &s.loop.scratch; sc.owner == s {
		sc.owner = nil
	}
}

// consume drops n buffered bytes; once none are left the stream holds no
// buffer, and the scratch buffer is free again.
func (s *Stream) consume(n int) {
	s.roff += n
	if s.roff == len(s.rbuf) {
		s.dropBuffer()
	}
}

func (s *Stream) dropBuffer() {
	if sc := &s.loop.scratch; sc.owner == s {
		sc.owner = nil
	}
	s.giveBack(s.rbuf)
	s.rbuf, s.roff = nil, 0
}

// take returns the first n buffered bytes and consumes them: a copy, or
// s's own buffer itself when n is all of it and the buffer is not much
// larger (an exact read grown in place).
func (s *Stream) take(n int) []byte {
	if n > 0 && n == s.Buffered() && s.loop.scratch.owner != s && cap(s.rbuf) <= 2*n {
		out := s.rbuf[s.roff : s.roff+n : s.roff+n]
		s.rbuf, s.roff, s.donated = nil, 0, false // the caller's now
		return out
	}
	out := make([]byte, n)
	copy(out, s.rbuf[s.roff:])
	s.consume(n)
	return out
}

// Write queues p to be sent (asyncio's StreamWriter.write): what the kernel
// takes at once is sent now, the rest is copied to the write buffer and
// sent as the socket drains. It never blocks; call Drain to wait while the
// buffer is above its high-water mark. After an error, Close or CloseWrite,
// Write discards p; the error is reported by Drain (after CloseWrite, an
// error that says so, where asyncio's write raises RuntimeError; after
// Close, net.ErrClosed once the stream let go of its connection; asyncio
// 3.11 still sends what is written while its close is sending, here Close
// ends what the stream takes).
func (s *Stream) Write(p []byte) {
	if len(p) == 0 || s.closed || s.werr != nil {
		return
	}
	if s.wclosed || s.shutPending {
		s.lateWrite = true
		return
	}
	if s.WriteBuffered() == 0 {
		n, err := s.tr.write(p)
		if err != nil && err != errWouldBlock {
			s.failWrite(err)
			return
		}
		p = p[n:]
		if len(p) == 0 {
			return
		}
	}
	if s.woff > 0 && s.woff >= len(s.wbuf)/2 {
		n := copy(s.wbuf, s.wbuf[s.woff:])
		s.wbuf, s.woff = s.wbuf[:n], 0
	}
	s.wbuf = append(s.wbuf, p...)
	s.checkPaused()
}

// WriteString is Write for a string.
func (s *Stream) WriteString(str string) { s.Write([]byte(str)) }

// flush sends what the kernel takes of the write buffer, then finishes a
// pending CloseWrite or Close once the buffer is empty.
func (s *Stream) flush() {
	for s.WriteBuffered() > 0 {
		n, err := s.tr.write(s.wbuf[s.woff:])
		if err == errWouldBlock {
			break
		}
		if err != nil {
			s.failWrite(err)
			return
		}
		s.woff += n
	}
	if s.WriteBuffered() == 0 {
		s.woff = 0
		s.wbuf = s.wbuf[:0]
		if cap(s.wbuf) > 64<<10 {
			s.wbuf = nil
		}
		if s.shutPending {
			s.shutPending = false
			s.shutdownWrite()
		}
		if s.closed {
			s.release()
		}
	}
	s.checkPaused()
}

func (s *Stream) shutdownWrite() {
	s.wclosed = true
	if err := s.tr.closeWrite(); err != nil && s.werr == nil {
		s.werr = err
	}
}

// checkPaused moves between the paused and flowing states and wakes the
// drainers on leaving the paused one.
func (s *Stream) checkPaused() {
	n := s.WriteBuffered()
	switch {
	case !s.paused && n > s.high:
		s.paused = true
	case s.paused && n <= s.low:
		s.paused = false
		s.drainers.wakeAll()
	}
}

func (s *Stream) failWrite(err error) {
	s.werr = err
	s.wbuf, s.woff = nil, 0
	s.shutPending = false
	s.paused = false
	s.drainers.wakeAll()
	if s.closed {
		s.release()
	}
}

// CloseWrite half-closes the stream once the write buffer is sent (asyncio's
// write_eof): the peer reads EOF, and this side can still read.
func (s *Stream) CloseWrite() {
	if s.closed || s.wclosed || s.shutPending {
		return
	}
	if s.WriteBuffered() > 0 {
		s.shutPending = true
		return
	}
	s.shutdownWrite()
}

// Close closes the stream. A pending read fails with net.ErrClosed. Data
// still in the write buffer is sent first, the descriptor is closed after
// (as asyncio's transport close): await WaitClosed for that to be done, or
// use Abort to drop it. What the peer sent and no read consumed is dropped
// (read and dropped as the descriptor closes, up to 256 KiB of it, so that
// the kernel ends the connection cleanly rather than resetting it and
// dropping what it had yet to send), and later reads fail: asyncio's reader
// keeps what arrived before the close, so read what you need first.
func (s *Stream) Close() {
	if s.closed {
		return
	}
	s.closed = true
	s.wakeReader()
	if t := s.connector; t != nil {
		s.connector = nil
		t.wakeUp()
	}
	if s.WriteBuffered() == 0 || s.werr != nil {
		s.release()
	}
}

// Abort closes the stream at once, dropping unsent data (asyncio's
// transport abort), also what a Close before it was still sending.
func (s *Stream) Abort() {
	s.aborted = true
	s.wbuf, s.woff = nil, 0
	s.shutPending = false
	s.paused = false
	s.drainers.wakeAll()
	s.Close()
	s.release()
	if !s.gone {
		s.tr.abort() // a TLS writer still sending what it was given
		s.closeDone()
	}
}

func (s *Stream) release() {
	if s.released {
		return
	}
	s.released = true
	if s.lent {
		s.evict() // the scratch buffer goes with the loan
	}
	s.donated = false // a slice Peek or Fill lent may still be in use
	s.dropBuffer()
	done := true
	if s.aborted {
		s.tr.abort()
	} else {
		done = s.tr.close()
	}
	s.drainers.wakeAll()
	if done {
		s.closeDone()
	}
}

// closeDone records that the transport closed the connection, what it was
// given sent or dropped, and wakes the tasks in WaitClosed.
func (s *Stream) closeDone() {
	if s.gone {
		return
	}
	s.gone = true
	s.closers.wakeAll()
}

// Closed reports whether Close or Abort was called.
func (s *Stream) Closed() bool { return s.closed }

// Drain waits while the write buffer is above its high-water mark (asyncio's
// drain): the back-pressure point of a writer. It reports a write error, or
// a read error other than the end of the stream, that the stream met. A
// peer that went away shows as syscall.EPIPE or syscall.ECONNRESET,
// depending on whether it closed or reset the connection and on which
// write met it first; asyncio's first failing drain raises
// ConnectionResetError for either (later ones may raise BrokenPipeError),
// so test for both where Python catches those. A socket's errors are
// *net.OpError values that name the operation and both ends, as Go's net
// reports them; errors.Is finds the errno inside.
//
// A Drain asked for after Close or Abort is asyncio's drain of a closing
// transport. An error the stream met before it reports at once; else it
// first gives the other ready tasks a turn, as asyncio's does. Then, if
// the stream has let go of its connection (Close had nothing left to send,
// or sent it all meanwhile, or Abort dropped it), it fails with
// net.ErrClosed, where asyncio raises ConnectionResetError("Connection
// lost"). If Close is still sending a buffer above the high-water mark, it
// waits as a Drain before the Close would: until the buffer is at the
// low-water mark or sent (nil), or the sending fails (that error). Below
// the mark it returns nil at once. A Drain that was waiting when Close
// came ends as before. To wait until a closed stream has sent everything,
// await WaitClosed.
func (s *Stream) Drain() Awaitable[struct{}] {
	if s.closed {
		return &closedDrainOp{s: s}
	}
	return drainOp{s}
}

type drainOp struct{ s *Stream }

var _ Awaitable[struct{}] = drainOp{}

func (op drainOp) Poll(w *asyncimpl.Task) Status {
	s := op.s
	if !s.paused || s.werr != nil || s.released {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(op, &s.drainers)
	return Suspend
}

func (op drainOp) Result() (struct{}, error) {
	if err := op.s.werr; err != nil {
		return struct{}{}, err
	}
	if op.s.lateWrite {
		return struct{}{}, errWriteAfterEOF
	}
	return struct{}{}, op.s.rerr
}

func (op drainOp) cancelWait(t *task) bool {
	op.s.drainers.remove(&t.node)
	return true
}

func (op drainOp) describe() string { return "stream drain" }

// closedDrainOp is a Drain asked for after Close (see Drain): a yield,
// asyncio's sleep(0) in the drain of a closing transport; then one look at
// the stream; then, while Close sends a buffer above the high-water mark,
// the wait of a drainOp. Drain after Close is rare enough to be worth the
// allocation of this state.
type closedDrainOp struct {
	s       *Stream
	yielded bool // the other ready tasks have had their turn
	looked  bool // the look after it is done: the op waits, or has ended
	lost    bool // the look found the connection let go
}

var _ Awaitable[struct{}] = (*closedDrainOp)(nil)

func (op *closedDrainOp) Poll(w *asyncimpl.Task) Status {
	s := op.s
	if !op.yielded {
		if _, err := (drainOp{s}).Result(); err != nil {
			// An error met before: at once. asyncio's raises the
			// reader's exception before it yields, and a write
			// error after it ("Connection lost"), a pass later.
			return Ready
		}
		op.yielded = true
		t := taskOf(w)
		t.wait = yielding{}
		t.wakeUp()
		return Suspend
	}
	if !op.looked {
		op.looked = true
		op.lost = s.released
	}
	// A wait from here is drainOp's, and ends as its.
	return drainOp{s}.Poll(w)
}

func (op *closedDrainOp) Result() (struct{}, error) {
	if _, err := (drainOp{op.s}).Result(); err != nil {
		return struct{}{}, err
	}
	if op.lost {
		return struct{}{}, net.ErrClosed
	}
	return struct{}{}, nil
}

// WaitClosed waits until the stream is closed and its connection let go
// (asyncio's wait_closed): after Close, until the write buffer was sent
// and the descriptor closed, so that a program that returns after it loses
// nothing it wrote; a Drain after Close, which returns at the low-water
// mark, is no substitute. It reports the error that cut the sending
// short, or a read error other than the end of the stream, as Drain does,
// but not the EPIPE of a subprocess's stdin whose reader went with
// nothing unsent (asyncio's pipe transport closes cleanly then). Without
// a Close or Abort it waits until one comes, even after the connection
// failed (asyncio's returns once the transport lost the connection, which
// it closes on a fatal error): call Close when a read or write fails.
func (s *Stream) WaitClosed() Awaitable[struct{}] { return waitClosedOp{s} }

type waitClosedOp struct{ s *Stream }

var _ Awaitable[struct{}] = waitClosedOp{}

func (op waitClosedOp) Poll(w *asyncimpl.Task) Status {
	s := op.s
	if s.gone {
		return Ready
	}
	t := taskOf(w)
	t.waitIn(op, &s.closers)
	return Suspend
}

func (op waitClosedOp) Result() (struct{}, error) {
	if err := op.s.werr; err != nil && !op.s.werrIdle {
		return struct{}{}, err
	}
	return struct{}{}, op.s.rerr
}

func (op waitClosedOp) cancelWait(t *task) bool {
	op.s.closers.remove(&t.node)
	return true
}

func (op waitClosedOp) describe() string { return "stream close" }
