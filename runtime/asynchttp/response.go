package asynchttp

import (
	"errors"
	"net/http"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// Response is a client response: net/http's Response, status and headers
// parsed, with a body read through awaitables. The embedded Response's Body
// is not usable (its reads fail): read with [Response.ReadAll] or
// [Response.Read], then Close. A body read through to its end gives the
// connection back to the pool; Close before that closes the connection,
// and so does a read that is cancelled (a timeout around it): later reads
// then fail, as net/http's after a cancelled read. A
// Content-Length body that arrived whole with the header section is read
// before the response is returned, so its connection is back in the pool
// already.
type Response struct {
	*http.Response
	body     body
	deadline time.Duration // loop time by which the body must be read; 0: none
}

// ReadAll reads the rest of the body.
func (r *Response) ReadAll() runtime.Awaitable[[]byte] {
	if pre := r.body.pre; pre != nil {
		r.body.pre = nil
		return pre
	}
	if d, ok := r.left(); ok {
		return bodyTimedAsync(d, r.body.readAll())
	}
	return r.body.readAll()
}

// Read reads up to len(p) bytes of the body; at its end it returns 0,
// io.EOF.
func (r *Response) Read(p []byte) runtime.Awaitable[int] {
	if d, ok := r.left(); ok {
		return bodyTimedAsync(d, r.body.readSomeAsync(p))
	}
	return r.body.readSomeAsync(p)
}

// bodyTimed awaits a, a read of the body, within d, the time left before
// the client's Timeout; past it, the error is net/http's kind: a net.Error
// whose Timeout() is true.
//
// async
func bodyTimed[T any](d time.Duration, a runtime.Awaitable[T]) (T, error) {
	v, err := runtime.Await(runtime.Timeout(d, a))
	return v, bodyTimeout(err)
}

// bodyTimeout is err, or the client's timeout error if the Timeout of a
// body read ended it.
func bodyTimeout(err error) error {
	if errors.Is(err, runtime.ErrTimeout) {
		return clientTimeout{}
	}
	return err
}

// left is the time left before the client's Timeout. A body still being
// read holds its connection, whose pool knows the loop.
func (r *Response) left() (time.Duration, bool) {
	cn := r.body.conn
	if r.deadline == 0 || r.body.done || r.body.err != nil || cn == nil {
		return 0, false
	}
	return r.deadline - cn.host.loop.Now(), true
}

// discard ends a response that is not the answer (a redirect): its body,
// when small and framed by a length, is read first so that the connection
// can carry the next request. It fails only when the request is cancelled
// (or its client's Timeout passes) meanwhile; a read error just keeps the
// connection from being used again.
//
// async
func (r *Response) discard() error {
	var err error
	if r.body.kind == lengthBody && r.body.remaining <= 4<<10 {
		_, err = runtime.Await(r.body.readAll())
	}
	r.Close()
	if errors.Is(err, runtime.ErrCancelled) {
		return err
	}
	return nil
}

// Close ends the response. A body not read through closes the connection
// under it, as the rest of it cannot be skipped without reading it. Reads
// after Close fail, as net/http's do, even of a body that had all arrived.
// Call it on the loop that made the response.
func (r *Response) Close() {
	r.body.abandon()
}

// unusableBody is the embedded http.Response's Body: the loop's body is
// read with awaitables, never with blocking reads.
type unusableBody struct{}

var errBlockingRead = errors.New("asynchttp: read the body with Response.Read or Response.ReadAll (awaitables), not Response.Body")

func (unusableBody) Read([]byte) (int, error) { return 0, errBlockingRead }
func (unusableBody) Close() error             { return nil }
