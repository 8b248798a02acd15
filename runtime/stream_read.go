package runtime

import (
	"bytes"
	"errors"
	"io"
	"math"
	"net"
	"slices"
	"unsafe"

	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// Read reads up to len(p) bytes into p: what is buffered and then what the
// socket holds, or else, with nothing buffered, what one read of the socket
// gives, waiting until there is something. At the end of the stream it
// returns 0, io.EOF.
func (s *Stream) Read(p []byte) Awaitable[int] {
	return &readInt{s: s, p: p}
}

// ReadLine reads one line, through its "\n" (asyncio's readline). The last
// line of a stream that does not end in "\n" is returned as it is; after it
// ReadLine returns nil, io.EOF. A line longer than the limit fails with
// *LimitOverrunError and is discarded: through its "\n" if that had come
// when the limit was passed, else what of it had come, and the rest
// arrives as the next line, as in asyncio. What has come is what reads of
// the socket took, a few times the limit at most here, up to 256 KiB at a
// time in asyncio: a long line that has all arrived may be discarded whole
// by one and cut by the other.
func (s *Stream) ReadLine() Awaitable[[]byte] {
	return &readBytes{readOp{s: s, kind: opReadLine, sep: newline}}
}

// ReadUntil reads through the first occurrence of sep (asyncio's
// readuntil). If the stream ends first it fails with *IncompleteReadError
// holding what was left; if sep is not within the limit, with
// *LimitOverrunError, the data staying buffered.
func (s *Stream) ReadUntil(sep []byte) Awaitable[[]byte] {
	if len(sep) == 0 {
		return &readBytes{readOp{done: true, err: errors.New("runtime: ReadUntil separator is empty")}}
	}
	return &readBytes{readOp{s: s, kind: opReadUntil, sep: sep}}
}

// ReadUntilAny is ReadUntil with several separators (asyncio 3.13's
// readuntil with a tuple): it reads through the earliest end of any of
// them, the shortest result that ends in one. Of separators that end
// there, the shortest is the match, and its start is what must lie within
// the limit, as in CPython. While none is found, the limit is overrun only
// once even the longest could no longer start within it, as in CPython, so
// the outcome does not depend on how the data arrived.
func (s *Stream) ReadUntilAny(seps ...[]byte) Awaitable[[]byte] {
	if len(seps) == 0 || slices.ContainsFunc(seps, func(sep []byte) bool { return len(sep) == 0 }) {
		return &readBytes{readOp{done: true, err: errors.New("runtime: ReadUntilAny needs separators, none of them empty")}}
	}
	if len(seps) == 1 {
		return s.ReadUntil(seps[0])
	}
	return &readAny{readBytes{readOp{s: s, kind: opReadUntilAny, sep: seps[0]}}, seps[1:]}
}

// readAny is ReadUntilAny in progress: a readOp (its first field, which
// scan converts back) with the other separators, kept out of readOp so that
// every other read stays as small.
type readAny struct {
	readBytes
	more [][]byte
}

// ReadExactly reads exactly n bytes (asyncio's readexactly); if the stream
// ends first it fails with *IncompleteReadError holding what was left.
func (s *Stream) ReadExactly(n int) Awaitable[[]byte] {
	if n < 0 {
		return &readBytes{readOp{done: true, err: errors.New("runtime: ReadExactly size is negative")}}
	}
	return &readBytes{readOp{s: s, kind: opReadExactly, want: n}}
}

// Fill waits until at least n bytes are buffered and returns the first n,
// consuming none of them (bufio.Reader's Peek, awaited; [Stream.Peek] looks
// without waiting). If the stream ends first it returns what is buffered
// with io.EOF. The slice, as Peek's, is valid until the next read.
func (s *Stream) Fill(n int) Awaitable[[]byte] {
	if n <= 0 {
		return &readBytes{readOp{done: true, out: []byte{}}}
	}
	return &readBytes{readOp{s: s, kind: opFill, want: n}}
}

// ReadAll reads until the end of the stream (asyncio's read(-1)). What
// arrives stays buffered until the end, so a cancelled ReadAll loses
// nothing, where asyncio's drops what it had read.
func (s *Stream) ReadAll() Awaitable[[]byte] {
	return &readBytes{readOp{s: s, kind: opReadAll, want: math.MaxInt}}
}

var newline = []byte{'\n'}

const (
	opReadLine = iota
	opReadUntil
	opReadUntilAny
	opReadExactly
	opReadAll
	opFill
)

// readOp is a line, exact or full read in progress; it is the blocker of
// the task waiting in it.
type readOp struct {
	s       *Stream
	kind    uint8
	done    bool
	sep     []byte // ReadLine, ReadUntil, ReadUntilAny (the first)
	scanned int    // unread bytes already searched for sep
	want    int    // ReadExactly, Fill; ReadAll: MaxInt, so that fill grows the buffer
	out     []byte // the result
	err     error
}

type readBytes struct{ readOp }

func (r *readBytes) Result() ([]byte, error) { return r.out, r.err }

// readInt is Read in progress; it is kept apart from readOp, and small,
// because it is the awaitable of every echo and proxy loop.
type readInt struct {
	s    *Stream
	p    []byte
	n    int
	err  error
	done bool
}

var (
	_ Awaitable[int]    = (*readInt)(nil)
	_ Awaitable[[]byte] = (*readBytes)(nil)
)

func (op *readInt) Poll(w *asyncimpl.Task) Status { return op.s.pollRead(op, &op.done, &op.err, w) }

func (op *readInt) Result() (int, error) { return op.n, op.err }

// cancelWait leaves the stream as it was: Read fills p only when it
// completes, so nothing is lost.
func (op *readInt) cancelWait(t *task) bool {
	op.s.endRead(op)
	return true
}

func (op *readInt) describe() string { return "stream read" }

func (op *readInt) try() bool {
	s := op.s
	if s.closed {
		op.err = net.ErrClosed
		return true
	}
	if len(op.p) == 0 {
		return true
	}
	if s.Buffered() > 0 {
		op.n = copy(op.p, s.rbuf[s.roff:])
		s.consume(op.n)
		if op.n < len(op.p) && s.Buffered() == 0 && s.readErr() == nil {
			// Room left, and the socket may hold more (what AtEOF's
			// look of one byte left behind, say): as asyncio's read
			// gives all that has arrived, one read without waiting
			// adds it. Its end or error is for the next read.
			n, err := s.tr.read(op.p[op.n:])
			op.n += n
			s.noteReadErr(err)
		}
		return true
	}
	if err := s.readErr(); err != nil {
		op.err = err
		return true
	}
	n, err := s.tr.read(op.p)
	switch {
	case err == errWouldBlock:
		return false
	case err == io.EOF:
		s.sawEOF()
	case err != nil:
		s.rerr = err
	}
	op.n, op.err = n, err
	return true
}

// Poll implements the await protocol for the []byte reads.
func (op *readOp) Poll(w *asyncimpl.Task) Status { return op.s.pollRead(op, &op.done, &op.err, w) }

// readAttempt is a read operation: a blocker whose try completes it if the
// stream can, without waiting.
type readAttempt interface {
	blocker
	try() bool
}

// pollRead is the Poll of every read: one reader at a time (a second gets
// errReadBusy, as asyncio's gets RuntimeError when it would wait; see
// Stream), done at once when the stream can, else the task waits for the
// descriptor.
func (s *Stream) pollRead(op readAttempt, done *bool, err *error, w *asyncimpl.Task) Status {
	if *done {
		return Ready
	}
	if !s.startRead(op) {
		*done, *err = true, errReadBusy
		return Ready
	}
	s.lent = false // a read ends what Peek and Fill lent
	if op.try() {
		s.endRead(op)
		*done = true
		return Ready
	}
	return s.suspendRead(op, taskOf(w))
}

// cancelWait leaves the stream as it was: unread bytes stay buffered.
func (op *readOp) cancelWait(t *task) bool {
	op.s.endRead(op)
	return true
}

func (op *readOp) describe() string { return "stream read" }

// try makes progress without blocking and reports whether the read is
// complete (its result or error set).
func (op *readOp) try() bool {
	s := op.s
	if s.closed {
		op.err = net.ErrClosed
		return true
	}
	for {
		if op.scan() {
			return true
		}
		if s.readErr() != nil {
			op.atEnd()
			return true
		}
		if s.fill(op.want) == errWouldBlock {
			return false
		}
	}
}

// scan looks at the buffer and reports whether it completes the read.
func (op *readOp) scan() bool {
	s := op.s
	buf := s.rbuf[s.roff:]
	switch op.kind {
	case opReadExactly:
		if len(buf) >= op.want {
			op.out = s.take(op.want)
			return true
		}
		return false
	case opReadAll:
		return false // the bytes stay buffered until the end: a cancelled ReadAll loses none
	case opFill:
		if len(buf) >= op.want {
			op.out = s.Peek(op.want)
			return true
		}
		return false
	}
	var more [][]byte
	if op.kind == opReadUntilAny {
		more = (*readAny)(unsafe.Pointer(op)).more
	}
	return op.scanUntil(buf, more)
}

// scanUntil is scan for the separators, sep and more: the match that ends
// first wins, and of those that end together the shortest, which starts
// last (CPython sorts the separators by length).
func (op *readOp) scanUntil(buf []byte, more [][]byte) bool {
	s := op.s
	end, at, longest := -1, 0, len(op.sep)
	for k := -1; k < len(more); k++ {
		sep := op.sep
		if k >= 0 {
			sep = more[k]
		}
		longest = max(longest, len(sep))
		start := max(op.scanned-len(sep)+1, 0)
		if i := bytes.Index(buf[start:], sep); i >= 0 {
			if e := start + i + len(sep); end < 0 || e < end || e == end && start+i > at {
				end, at = e, start+i
			}
		}
	}
	if end >= 0 {
		if at > s.limit {
			op.overrun(at, true)
			return true
		}
		op.out = s.take(end)
		return true
	}
	op.scanned = len(buf)
	if off := len(buf) + 1 - longest; off > s.limit {
		op.overrun(off, false)
		return true
	}
	return false
}

// overrun fails the read with a LimitOverrunError; ReadLine also discards
// the line, as asyncio's readline does: through the separator if it was
// found, else everything buffered.
func (op *readOp) overrun(consumed int, found bool) {
	op.err = &LimitOverrunError{Consumed: consumed, Found: found}
	if op.kind != opReadLine {
		return
	}
	s := op.s
	if found {
		s.consume(consumed + len(op.sep))
	} else {
		s.consume(s.Buffered())
	}
}

// atEnd completes a read that the end of the stream (or an error) cut short.
func (op *readOp) atEnd() {
	s := op.s
	err := s.readErr()
	rest := s.Buffered()
	switch {
	case op.kind == opReadAll:
		op.out = s.take(rest)
		if err != io.EOF {
			op.err = err
		}
	case err != io.EOF:
		op.err = err
	case op.kind == opReadLine:
		if rest == 0 {
			op.err = io.EOF
		} else {
			op.out = s.take(rest)
		}
	case op.kind == opReadUntil, op.kind == opReadUntilAny:
		op.err = &IncompleteReadError{Partial: s.take(rest), Expected: -1}
	case op.kind == opReadExactly:
		op.err = &IncompleteReadError{Partial: s.take(rest), Expected: op.want}
	case op.kind == opFill:
		op.out, op.err = s.Peek(rest), io.EOF
	}
}
