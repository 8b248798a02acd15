package asynchttp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/textproto"
	"strconv"

	"github.com/asyncgen/asyncgen/runtime"
)

// framing is how the end of a message body is found (RFC 9112 section 6).
type framing uint8

const (
	noBody     framing = iota // no body at all (HEAD, 204, 304, a request without one)
	lengthBody                // Content-Length bytes
	chunkBody                 // chunked transfer coding
	closeBody                 // until the peer closes (responses only)
)

// body reads one message body from a stream with awaitables. remaining is
// the bytes left in the Content-Length body or in the current chunk; limit,
// when positive, bounds the bytes a body may have.
//
// The small fields come last, together, so that a client's Response (which
// holds a body) fits a smaller size class.
type body struct {
	s         *runtime.Stream
	remaining int64
	read      int64
	limit     int64
	err       error
	// conn, for a client response, is the connection the body is read
	// from: at the body's end it goes back to the pool, when reusable, or
	// is closed. Nil for a server's request body.
	conn *conn
	// pre, for a client response whose whole body was in the stream's
	// buffer with its header section, is the finished read that holds the
	// body (see Client.do); what Read leaves of it is put back as a
	// finished future.
	pre     runtime.Awaitable[[]byte]
	kind    framing
	trailer *http.Header // the message's Trailer, which a chunked body's trailer fills
	inChunk bool         // a chunk's data is being read; its CRLF follows
	// excess is the chunk overhead read beyond what the data allows, as
	// net/http counts it: a sender that pads each byte of data with long
	// chunk extensions is refused rather than read on.
	excess   int64
	done     bool
	reusable bool
	// lastTrailer is the key of the trailer field read last, which a
	// folded line continues (client)
	lastTrailer string
}

var crlf = []byte("\r\n")

// maxChunkExcess bounds body.excess, as net/http's chunked reader does.
const maxChunkExcess = 16 << 10

// ErrBodyTooLarge is the error of a body read beyond the limit set for it
// (the server's MaxBodyBytes, the client's MaxResponseBytes).
var ErrBodyTooLarge = errors.New("asynchttp: body too large")

// ErrMalformedChunk wraps the errors of a chunked body that does not follow
// the chunked coding.
var ErrMalformedChunk = errors.New("asynchttp: malformed chunked body")

func (b *body) finish() {
	b.done = true
	b.release(true)
}

// release hands the connection back once the body has ended.
func (b *body) release(clean bool) {
	if cn := b.conn; cn != nil {
		b.conn = nil
		cn.host.put(cn, clean && b.reusable)
	}
}

func (b *body) fail(err error) error {
	if errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		err = io.ErrUnexpectedEOF
	}
	b.err = err
	if errors.Is(err, runtime.ErrCancelled) {
		// The cancelled read returns ErrCancelled; later reads say what
		// happened instead: ErrCancelled from an await that was not
		// cancelled would end the reading task as cancelled.
		b.err = errBodyCancelled
	}
	b.release(false)
	return err
}

var errBodyCancelled = errors.New("asynchttp: read on a body whose earlier read was cancelled (the rest of it went with the connection)")

// maxTrailerBytes bounds a chunked body's trailer section, which no other
// limit covers (net/http's must fit in its read buffer, 4 KiB).
const maxTrailerBytes = 64 << 10

// addTrailer records a trailer field ("Name: value") in the message's
// Trailer, as net/http does once the body is read. A server refuses a line
// that is no field (no colon, a name that is no token, a control byte in
// the value, a folded continuation), as RFC 9112 lets it; a client takes
// what net/http's does: a folded line continues the field before it, the
// space before a colon is dropped, and another malformed line is skipped.
func (b *body) addTrailer(field []byte) error {
	client := b.conn != nil
	if client && len(field) > 0 && (field[0] == ' ' || field[0] == '\t') {
		if b.trailer != nil && *b.trailer != nil && b.lastTrailer != "" {
			vs := (*b.trailer)[b.lastTrailer]
			vs[len(vs)-1] += " " + string(bytes.Trim(field, " \t"))
		}
		return nil
	}
	name, value, ok := bytes.Cut(field, []byte(":"))
	if client {
		name = bytes.TrimRight(name, " \t")
	}
	if !ok || !validFieldName(string(name)) || !validFieldValue(value) {
		if client {
			return nil
		}
		return b.fail(fmt.Errorf("%w: malformed trailer line %q", ErrMalformedChunk, truncate(field)))
	}
	if b.trailer == nil {
		return nil
	}
	if *b.trailer == nil {
		*b.trailer = http.Header{}
	}
	key := textproto.CanonicalMIMEHeaderKey(string(name))
	(*b.trailer)[key] = append((*b.trailer)[key], string(bytes.Trim(value, " \t")))
	b.lastTrailer = key
	return nil
}

// abandon ends the body without reading the rest: the connection under it
// cannot carry another message. Later reads fail, as net/http's do after
// Close, however much of the body had arrived: what was read ahead with the
// header section, or a body already read to its end, is not given either.
func (b *body) abandon() {
	if !b.done && b.err == nil {
		b.fail(errBodyClosed)
	}
	b.err, b.pre = errBodyClosed, nil
}

var errBodyClosed = errors.New("asynchttp: read on a closed body")

// count records n more bytes read and checks the limit.
func (b *body) count(n int64) error {
	b.read += n
	if b.limit > 0 && b.read > b.limit {
		return b.fail(ErrBodyTooLarge)
	}
	return nil
}

// parseChunkSize parses a chunk-size line, dropping chunk extensions. The
// line must end in CRLF and hold no other CR (RFC 9112 section 7.1, as
// net/http): a front end that takes a bare LF or CR as part of an
// extension would frame the body otherwise, the way to smuggle a request.
func parseChunkSize(line []byte) (int64, error) {
	if !bytes.HasSuffix(line, crlf) {
		return 0, fmt.Errorf("%w: chunk size line %q ends with a bare LF", ErrMalformedChunk, truncate(line))
	}
	line = line[:len(line)-len(crlf)]
	if bytes.IndexByte(line, '\r') >= 0 {
		return 0, fmt.Errorf("%w: CR inside chunk size line %q", ErrMalformedChunk, truncate(line))
	}
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	if len(line) == 0 || len(line) > 16 {
		return 0, fmt.Errorf("%w: bad chunk size line %q", ErrMalformedChunk, truncate(line))
	}
	for _, c := range line {
		// Hex digits only: ParseInt would take a sign, and "-0" for the
		// last chunk (net/http refuses both).
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return 0, fmt.Errorf("%w: bad chunk size %q", ErrMalformedChunk, truncate(line))
		}
	}
	n, err := strconv.ParseInt(string(line), 16, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: bad chunk size %q", ErrMalformedChunk, truncate(line))
	}
	return n, nil
}

func truncate(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}

// nextChunk reads a chunk-size line; at the last chunk it reads the
// trailer section and finishes the body.
//
// async
func (b *body) nextChunk() error {
	line, err := runtime.Await(b.s.ReadLine())
	if err != nil {
		return b.fail(err)
	}
	if len(line) == 0 || line[len(line)-1] != '\n' {
		return b.fail(io.ErrUnexpectedEOF)
	}
	n, err := parseChunkSize(line)
	if err != nil {
		return b.fail(err)
	}
	// The line and the CRLF after the data (as many bytes as the line's
	// own CRLF, which line holds), less 16 bytes a chunk and twice its
	// data: one byte a chunk goes, extensions of any length around real
	// data go, padding alone does not.
	b.excess = max(b.excess+int64(len(line))-16-2*n, 0)
	if b.excess > maxChunkExcess {
		return b.fail(fmt.Errorf("%w: chunked encoding contains too much non-data", ErrMalformedChunk))
	}
	if n > 0 {
		b.remaining, b.inChunk = n, true
		return nil
	}
	size := 0
	for { // trailer fields, up to the empty line
		line, err := runtime.Await(b.s.ReadLine())
		if err != nil {
			return b.fail(err)
		}
		if len(line) == 0 || line[len(line)-1] != '\n' {
			return b.fail(io.ErrUnexpectedEOF)
		}
		if size += len(line); size > maxTrailerBytes {
			return b.fail(fmt.Errorf("%w: trailer section over %d bytes", ErrMalformedChunk, maxTrailerBytes))
		}
		// One line ending only: a line "\r\r\n" is not the empty line
		// that ends the section, which a front end reading on would
		// frame differently.
		field := bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if len(field) == 0 {
			break
		}
		if err := b.addTrailer(field); err != nil {
			return err
		}
	}
	b.finish()
	return nil
}

// endChunk reads the CRLF after a chunk's data.
//
// async
func (b *body) endChunk() error {
	end, err := runtime.Await(b.s.ReadExactly(2))
	if err != nil {
		return b.fail(err)
	}
	if end[0] != '\r' || end[1] != '\n' {
		return b.fail(fmt.Errorf("%w: chunk data not followed by CRLF", ErrMalformedChunk))
	}
	b.inChunk = false
	return nil
}

// inBuffer reports whether the rest of a body framed by its length is
// all in the stream's buffer, within the limit.
func (b *body) inBuffer() bool {
	return b.kind == lengthBody && !b.done && b.err == nil && b.remaining > 0 &&
		b.remaining <= int64(b.s.Buffered()) && (b.limit <= 0 || b.read+b.remaining <= b.limit)
}

// preread ends the body once b.pre, the read of all of it, is over.
func (b *body) preread(err error) {
	if err == nil {
		err = b.count(b.remaining) // nil: inBuffer checked the limit
	} else {
		err = b.fail(err)
	}
	if err != nil {
		b.pre = nil
		return
	}
	b.remaining = 0
	b.finish()
}

// takePre returns up to len(p) bytes of the body read ahead.
func (b *body) takePre(p []byte) int {
	data, _ := b.pre.Result()
	n := copy(p, data)
	if n == len(data) {
		b.pre = nil
		return n
	}
	rest := runtime.NewFuture[[]byte]()
	rest.SetResult(data[n:])
	b.pre = rest
	return n
}

// readSome reads up to len(p) bytes of the body; at its end, 0 and io.EOF.
//
// async
func (b *body) readSome(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.pre != nil {
		if len(p) == 0 {
			return 0, nil // bytes read ahead are left: not the end yet
		}
		return b.takePre(p), nil
	}
	if b.kind == chunkBody && !b.inChunk && !b.done {
		if _, err := runtime.Await(b.nextChunkAsync()); err != nil {
			return 0, err
		}
	}
	if b.done || b.kind == noBody {
		b.done = true
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	if b.kind != closeBody && int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := runtime.Await(b.s.Read(p))
	if cerr := b.count(int64(n)); cerr != nil {
		return 0, cerr
	}
	if b.kind == closeBody {
		if err == io.EOF {
			b.finish()
			if n > 0 {
				return n, nil
			}
			return 0, io.EOF
		}
		if err != nil {
			return n, b.fail(err)
		}
		return n, nil
	}
	if err != nil {
		return n, b.fail(err)
	}
	b.remaining -= int64(n)
	if b.remaining == 0 {
		if b.kind == lengthBody {
			b.finish()
		} else if _, err := runtime.Await(b.endChunkAsync()); err != nil {
			return n, err
		}
	}
	return n, nil
}

// readAll returns a coroutine that reads the rest of the body. Each
// framing has its own, so that the frame of the common one, a length, holds
// no more than it needs.
func (b *body) readAll() runtime.Coro[[]byte] {
	switch b.kind {
	case lengthBody:
		return b.readLengthAsync()
	case chunkBody:
		return b.readChunksAsync()
	}
	return b.readToEndAsync()
}

// readLength reads the rest of a body framed by its Content-Length.
//
// async
func (b *body) readLength() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.done {
		return []byte{}, nil
	}
	if err := b.count(b.remaining); err != nil {
		return nil, err
	}
	data, err := runtime.Await(b.s.ReadExactly(int(b.remaining)))
	if err != nil {
		// What arrived, as io.ReadAll gives it: at the end, the read's
		// partial bytes; cancelled (a timeout), what it left buffered.
		got := partial(err)
		if got == nil && b.s.Buffered() > 0 {
			got = append([]byte(nil), b.s.Peek(min(b.s.Buffered(), int(b.remaining)))...)
		}
		return got, b.fail(err)
	}
	b.remaining = 0
	b.finish()
	return data, nil
}

// partial is what a read that failed had read.
func partial(err error) []byte {
	var inc *runtime.IncompleteReadError
	if errors.As(err, &inc) {
		return inc.Partial
	}
	return nil
}

// readChunks reads the rest of a chunked body.
//
// async
func (b *body) readChunks() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	var out []byte
	for !b.done {
		if !b.inChunk {
			if _, err := runtime.Await(b.nextChunkAsync()); err != nil {
				return out, err
			}
			continue
		}
		if err := b.count(b.remaining); err != nil {
			return nil, err
		}
		data, err := runtime.Await(b.s.ReadExactly(int(b.remaining)))
		if err != nil {
			return append(out, partial(err)...), b.fail(err)
		}
		b.remaining = 0
		if out == nil {
			out = data
		} else {
			out = append(out, data...)
		}
		if _, err := runtime.Await(b.endChunkAsync()); err != nil {
			return out, err
		}
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

// readToEnd reads the rest of a body that ends where the stream does, or
// of none.
//
// async
func (b *body) readToEnd() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.kind != closeBody || b.done {
		b.done = true
		return []byte{}, nil
	}
	if b.limit > 0 {
		// Wait for one byte more than the limit allows, or the end: a body
		// without a length must not grow in memory past the limit.
		allowed := b.limit - b.read
		got, err := runtime.Await(b.s.Fill(int(min(allowed+1, math.MaxInt32))))
		if err != nil && err != io.EOF {
			return nil, b.fail(err)
		}
		if int64(len(got)) > allowed {
			return nil, b.count(int64(len(got)))
		}
	}
	data, err := runtime.Await(b.s.ReadAll())
	if err != nil {
		return nil, b.fail(err)
	}
	if err := b.count(int64(len(data))); err != nil {
		return nil, err
	}
	b.finish()
	return data, nil
}
