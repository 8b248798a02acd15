package asynchttp

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

var responseBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeError writes a plain-text error response with Connection: close.
func writeError(s *runtime.Stream, status int, msg string) {
	buf := responseBufs.Get().(*bytes.Buffer)
	buf.Reset()
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s\n",
		status, reasonPhrase(status), len(msg)+1, msg)
	s.Write(buf.Bytes())
	responseBufs.Put(buf)
}

// reasonPhrase is the status line's reason phrase: net/http's text for
// the code, or "status code N" for a code it does not know, as net/http
// writes it.
func reasonPhrase(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "status code " + strconv.Itoa(code)
}

// writeResponse writes the handler's answer: status line, the handler's
// headers through net/http's Header.Write, then Content-Length, Date
// (unless the handler set one, or set it to nil as net/http's handlers
// suppress it) and Connection, and the body. The handler's response has
// passed checkResponse, unless herr says why not. A body that fails or
// panics while it is read is answered with 500, as a handler's error is,
// rather than cut short into a complete message, and its error returned
// for the server to log. The handler's body is closed, sent or not.
func writeResponse(s *runtime.Stream, req *http.Request, resp *http.Response, herr error, keep bool) (bodyErr error) {
	if resp != nil && resp.Body != nil {
		// A Text or Bytes body holds nothing to release, and is left as it
		// was: a handler may answer many requests with one such response
		// (a 404 made once), as it could before its body read.
		if _, ok := resp.Body.(*bytesBody); !ok {
			defer resp.Body.Close()
		}
	}
	if herr != nil || resp == nil {
		resp = internalError()
	}
	var bodyBytes []byte
	var bodyBuf *bytes.Buffer
	if bodyAllowed(resp.StatusCode) && resp.Body != nil && resp.Body != http.NoBody {
		if b, ok := resp.Body.(*bytesBody); ok && !b.closed {
			bodyBytes = b.b // what is left unread, sent without a copy
		} else {
			// Any other body, a Text body wrapped by a middleware too, is
			// read; a closed Text body fails its read as another would.
			bodyBuf = responseBufs.Get().(*bytes.Buffer)
			bodyBuf.Reset()
			bodyErr = readBody(bodyBuf, resp.Body)
			bodyBytes = bodyBuf.Bytes()
			if bodyErr != nil {
				resp = internalError()
				bodyBytes = resp.Body.(*bytesBody).b
			}
		}
	}
	status := resp.StatusCode
	buf := responseBufs.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString("HTTP/1.1 ")
	buf.Write(strconv.AppendInt(buf.AvailableBuffer(), int64(status), 10))
	buf.WriteByte(' ')
	buf.WriteString(reasonPhrase(status))
	buf.WriteString("\r\n")
	h := resp.Header
	if h != nil {
		h.WriteSubset(buf, serverHeaders)
	}
	if bodyAllowed(status) {
		if _, set := h["Content-Type"]; !set && len(bodyBytes) > 0 {
			buf.WriteString("Content-Type: ")
			buf.WriteString(http.DetectContentType(bodyBytes))
			buf.WriteString("\r\n")
		}
		if n, ok := contentLength(req, resp, len(bodyBytes)); ok {
			buf.WriteString("Content-Length: ")
			buf.Write(strconv.AppendInt(buf.AvailableBuffer(), n, 10))
			buf.WriteString("\r\n")
		}
	}
	if _, set := h["Date"]; !set {
		buf.WriteString("Date: ")
		buf.Write(appendDate(buf.AvailableBuffer()))
		buf.WriteString("\r\n")
	}
	if !keep {
		buf.WriteString("Connection: close\r\n")
	} else if !req.ProtoAtLeast(1, 1) {
		buf.WriteString("Connection: keep-alive\r\n")
	}
	buf.WriteString("\r\n")
	if req.Method != http.MethodHead {
		if len(bodyBytes) < 16<<10 {
			buf.Write(bodyBytes)
			bodyBytes = nil
		}
	}
	s.Write(buf.Bytes())
	if req.Method != http.MethodHead && len(bodyBytes) > 0 {
		s.Write(bodyBytes)
	}
	if buf.Cap() <= 64<<10 {
		responseBufs.Put(buf)
	}
	if bodyBuf != nil && bodyBuf.Cap() <= 64<<10 {
		responseBufs.Put(bodyBuf)
	}
	return bodyErr
}

// readBody reads a handler's response body into dst; a panic in its Read
// is an error here, as a handler's own panic is one for the server.
func readBody(dst *bytes.Buffer, body io.Reader) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n\n%s", p, asyncimpl.PanicStack()) // from the Read that panicked
		}
	}()
	_, err = io.Copy(dst, body)
	return err
}

// internalError is the answer to a handler that failed.
func internalError() *http.Response {
	return Text(http.StatusInternalServerError, "internal server error\n")
}

// bodyAllowed reports whether a response of the status may have a body
// (RFC 9110 section 6.4.1).
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// contentLength is the Content-Length to send with a response whose body
// has n bytes. It is n, but for HEAD, whose body is not sent: as net/http
// does, a HEAD response carries the length of the body the handler gave
// (what the GET would carry), else the length it declared (ContentLength,
// or a Content-Length header of its own), else none at all.
func contentLength(req *http.Request, resp *http.Response, n int) (int64, bool) {
	if req.Method != http.MethodHead || n > 0 {
		return int64(n), true
	}
	if resp.ContentLength > 0 {
		return resp.ContentLength, true
	}
	if v := resp.Header.Get("Content-Length"); v != "" {
		if cl, err := strconv.ParseInt(v, 10, 64); err == nil && cl >= 0 {
			return cl, true
		}
	}
	return 0, false
}

// checkResponse refuses a handler's response that cannot be written as a
// final answer: a status outside 200-999 (net/http panics on a code
// outside 100-999; a 1xx is an interim answer, which a handler here has no
// way to follow with the final one).
func checkResponse(resp *http.Response) error {
	if resp.StatusCode < 200 || resp.StatusCode > 999 {
		return fmt.Errorf("asynchttp: handler returned status %d, not a final status (200-999)", resp.StatusCode)
	}
	return nil
}

// closes reports whether a handler's response asks for the connection to
// close after it: Close set, or a Connection: close header (which net/http
// honours too; the server writes that header itself).
func closes(resp *http.Response) bool {
	return resp.Close || headerHasToken(resp.Header["Connection"], "close")
}

// serverHeaders are the headers the server writes itself, in place of the
// handler's.
var serverHeaders = map[string]bool{"Content-Length": true, "Connection": true, "Transfer-Encoding": true}

// dateCache holds the Date header of the current second.
var dateCache struct {
	sync.Mutex
	sec int64
	b   []byte
}

func appendDate(dst []byte) []byte {
	now := time.Now()
	dateCache.Lock()
	defer dateCache.Unlock()
	if sec := now.Unix(); sec != dateCache.sec {
		dateCache.sec = sec
		dateCache.b = now.UTC().AppendFormat(dateCache.b[:0], http.TimeFormat)
	}
	return append(dst, dateCache.b...)
}

// bytesBody is the body of Text and Bytes responses. It reads as a
// bytes.Reader does, and fails once closed, as net/http's bodies do;
// writeResponse takes what is left unread without a copy.
type bytesBody struct {
	b      []byte // the bytes not read yet
	closed bool
}

func (b *bytesBody) Read(p []byte) (int, error) {
	if b.closed {
		return 0, errBodyClosed
	}
	if len(b.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, b.b)
	b.b = b.b[n:]
	return n, nil
}

func (b *bytesBody) Close() error {
	b.b, b.closed = nil, true
	return nil
}

// Bytes is a response with status, Content-Type contentType (detected from
// the body when empty) and body b. Its Body reads b (a middleware may wrap
// or read it as any body), which the server sends without a copy when the
// Body is returned as it is.
func Bytes(status int, contentType string, b []byte) *http.Response {
	h := make(http.Header, 1)
	if contentType != "" {
		h["Content-Type"] = []string{contentType}
	}
	return &http.Response{StatusCode: status, Header: h, Body: &bytesBody{b: b}, ContentLength: int64(len(b))}
}

// Text is a text/plain response.
func Text(status int, s string) *http.Response {
	return Bytes(status, "text/plain; charset=utf-8", []byte(s))
}
