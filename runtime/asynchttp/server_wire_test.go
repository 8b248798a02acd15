package asynchttp_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asynchttp"
	"github.com/asyncgen/asyncgen/runtime/asynchttp/internal/drive"
)

// wireCase is a raw request and what the answer must (and must not) hold.
type wireCase struct {
	name, raw string
	prefix    string   // the answer starts with it
	has       []string // the answer holds each
	hasNot    []string // the answer holds none
}

func (tt wireCase) check(t *testing.T, addr string) {
	t.Helper()
	got := exchange(t, addr, tt.raw)
	if !strings.HasPrefix(got, tt.prefix) {
		t.Errorf("answer %.300q, want it to start with %q", got, tt.prefix)
	}
	for _, h := range tt.has {
		if !strings.Contains(got, h) {
			t.Errorf("answer %.300q lacks %q", got, h)
		}
	}
	for _, h := range tt.hasNot {
		if strings.Contains(got, h) {
			t.Errorf("answer %.300q holds %q", got, h)
		}
	}
}

func wireServer(t *testing.T) (string, *syncBuffer) {
	log, logs := testLogger()
	srv := &asynchttp.Server{Handler: drive.RoutesAsync, Logger: log, MaxBodyBytes: 1 << 10}
	return strings.TrimPrefix(startServer(t, srv), "http://"), logs
}

// TestServerHeadContentLength checks HEAD's Content-Length against
// net/http's: the length of the body the handler gave (net/http:
// "HEAD /body" whose handler writes 5 bytes gets Content-Length: 5), else
// the length it declared ("Content-Length: 100" set by the handler is
// kept), else none ("HEAD /empty" gets no Content-Length, where the GET
// gets Content-Length: 0).
func TestServerHeadContentLength(t *testing.T) {
	addr, _ := wireServer(t)
	closeReq := func(method, path string) string {
		return method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
	}
	for _, tt := range []wireCase{
		{name: "head-body", raw: closeReq("HEAD", "/head"), prefix: "HTTP/1.1 200 OK\r\n", has: []string{"Content-Length: 5\r\n", "Content-Type: text/plain; charset=utf-8\r\n"}, hasNot: []string{"12345"}},
		{name: "get-blank", raw: closeReq("GET", "/blank"), prefix: "HTTP/1.1 200 OK\r\n", has: []string{"Content-Length: 0\r\n"}},
		{name: "head-blank", raw: closeReq("HEAD", "/blank"), prefix: "HTTP/1.1 200 OK\r\n", hasNot: []string{"Content-Length"}},
		{name: "head-declared", raw: closeReq("HEAD", "/length"), prefix: "HTTP/1.1 200 OK\r\n", has: []string{"Content-Length: 100\r\n"}},
		// net/http sends a body this large chunked, without a length, to
		// GET and HEAD alike; asynchttp sends it with its length to both.
		{name: "head-big", raw: closeReq("HEAD", "/big"), prefix: "HTTP/1.1 200 OK\r\n", has: []string{"Content-Length: 100000\r\n"}, hasNot: []string{"0123456789"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, addr) })
	}
}

// TestServerStatusLine checks the reason phrase of a status net/http has
// no text for ("HTTP/1.1 599 status code 599", as net/http writes it), and
// that a status that cannot be a final answer is refused with 500 and
// logged (net/http panics on a code outside 100-999).
func TestServerStatusLine(t *testing.T) {
	addr, logs := wireServer(t)
	get := func(path string) string { return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" }
	for _, tt := range []wireCase{
		{name: "599", raw: get("/status/599"), prefix: "HTTP/1.1 599 status code 599\r\n", has: []string{"\r\n\r\nx"}},
		{name: "299", raw: get("/status/299"), prefix: "HTTP/1.1 299 status code 299\r\n"},
		{name: "418", raw: get("/status/418"), prefix: "HTTP/1.1 418 I'm a teapot\r\n"},
		{name: "103", raw: get("/status/103"), prefix: "HTTP/1.1 500 Internal Server Error\r\n"},
		{name: "1000", raw: get("/status/1000"), prefix: "HTTP/1.1 500 Internal Server Error\r\n"},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, addr) })
	}
	for _, want := range []string{"handler returned status 103", "handler returned status 1000"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

// TestServerTransferEncoding checks requests against net/http's rule: on
// HTTP/1.1 one Transfer-Encoding, "chunked" in any case, or 501 Not
// Implemented; on HTTP/1.0 the field is ignored. net/http answered each
// of these raw requests with the status given here.
func TestServerTransferEncoding(t *testing.T) {
	addr, _ := wireServer(t)
	post := "POST /echo HTTP/1.1\r\nHost: x\r\n"
	for _, tt := range []wireCase{
		{name: "gzip", raw: post + "Transfer-Encoding: gzip\r\n\r\n", prefix: "HTTP/1.1 501 Not Implemented\r\n", has: []string{"Connection: close\r\n"}},
		{name: "identity", raw: post + "Transfer-Encoding: identity\r\n\r\n", prefix: "HTTP/1.1 501 Not Implemented\r\n"},
		{name: "gzip-chunked", raw: post + "Transfer-Encoding: gzip, chunked\r\n\r\n", prefix: "HTTP/1.1 501 Not Implemented\r\n"},
		{name: "two-fields", raw: post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", prefix: "HTTP/1.1 501 Not Implemented\r\n"},
		{name: "upper-case-chunked", raw: post + "Transfer-Encoding: CHUNKED\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", prefix: "HTTP/1.1 200 OK\r\n", has: []string{"\r\n\r\nabc"}},
		{name: "http10-ignored", raw: "POST /echo HTTP/1.0\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc", prefix: "HTTP/1.1 200 OK\r\n", has: []string{"\r\n\r\nabc"}},
		// A request net/http fails for another reason first stays a 400.
		{name: "bad-target-first", raw: "POST %zz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n"},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, addr) })
	}
}

// TestServerExpect checks the Expect field against net/http: 100-continue
// (its first value holding the token, in any case) on an HTTP/1.1 request
// with a body gets "100 Continue" before the answer; without a body, or on
// HTTP/1.0, nothing more; any other expectation gets 417 and the
// connection closes, the handler not run. net/http answered each of these
// raw requests the same way.
func TestServerExpect(t *testing.T) {
	addr, _ := wireServer(t)
	const cont = "HTTP/1.1 100 Continue\r\n\r\n"
	for _, tt := range []wireCase{
		{name: "continue", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", prefix: cont + "HTTP/1.1 200 OK\r\n", has: []string{"\r\n\r\nabc"}},
		{name: "continue-case", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", prefix: cont + "HTTP/1.1 200 OK\r\n"},
		{name: "continue-in-list", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: foo, 100-continue\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", prefix: cont + "HTTP/1.1 200 OK\r\n"},
		{name: "continue-chunked", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", prefix: cont + "HTTP/1.1 200 OK\r\n"},
		{name: "continue-no-body", raw: "GET /hello HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", prefix: "HTTP/1.1 200 OK\r\n", hasNot: []string{"100 Continue"}},
		{name: "continue-empty-body", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", prefix: "HTTP/1.1 200 OK\r\n", hasNot: []string{"100 Continue"}},
		{name: "continue-http10", raw: "POST /echo HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc", prefix: "HTTP/1.1 200 OK\r\n", hasNot: []string{"100 Continue"}},
		{name: "continue-too-large", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n", prefix: "HTTP/1.1 413 Request Entity Too Large\r\n", hasNot: []string{"100 Continue"}},
		{name: "empty", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: \r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc", prefix: "HTTP/1.1 200 OK\r\n"},
		{name: "other", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nContent-Length: 3\r\n\r\nabc", prefix: "HTTP/1.1 417 Expectation Failed\r\n", has: []string{"Connection: close\r\n"}, hasNot: []string{"abc"}},
		{name: "other-no-body", raw: "GET /hello HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n", prefix: "HTTP/1.1 417 Expectation Failed\r\n", has: []string{"Connection: close\r\n"}, hasNot: []string{"hello"}},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, addr) })
	}
}

// TestServerBareLF sends requests whose lines end in "\n" alone, or mix
// both endings: net/http's server takes them as it takes "\r\n" (its
// parser, textproto, does), and answered each of these raw requests with
// 200; a bare "\r", an empty first line, or a chunk-size line not ending
// in "\r\n" it refuses with 400.
func TestServerBareLF(t *testing.T) {
	addr, _ := wireServer(t)
	const ok = "HTTP/1.1 200 OK\r\n"
	for _, tt := range []wireCase{
		{name: "bare", raw: "GET /hello HTTP/1.1\nHost: x\nConnection: close\n\n", prefix: ok, has: []string{"\r\n\r\nhello"}},
		{name: "mixed-crlf-end", raw: "GET /hello HTTP/1.1\nHost: x\r\nConnection: close\n\r\n", prefix: ok, has: []string{"\r\n\r\nhello"}},
		{name: "mixed-lf-end", raw: "GET /hello HTTP/1.1\r\nHost: x\nConnection: close\r\n\n", prefix: ok, has: []string{"\r\n\r\nhello"}},
		{name: "no-fields", raw: "GET /hello HTTP/1.0\n\n", prefix: ok, has: []string{"\r\n\r\nhello"}},
		{name: "body", raw: "POST /echo HTTP/1.1\nHost: x\nContent-Length: 3\nConnection: close\n\nabc", prefix: ok, has: []string{"\r\n\r\nabc"}},
		{name: "chunked", raw: "POST /echo HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nConnection: close\n\n3\r\nabc\r\n0\r\n\r\n", prefix: ok, has: []string{"\r\n\r\nabc"}},
		{name: "bare-cr", raw: "GET /hello HTTP/1.1\rHost: x\r\nConnection: close\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n"},
		// A chunk-size line must end in CRLF, with no CR before it, with
		// an extension too: a front end that takes the bare LF or CR as
		// part of the extension frames the body otherwise.
		{name: "chunk-size-bare-lf", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\nabc\r\n0\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n"},
		{name: "chunk-ext-bare-lf", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;ext\nabc\r\n0\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n", hasNot: []string{"abc"}},
		{name: "chunk-ext-cr", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;a=\rb\r\nabc\r\n0\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n", hasNot: []string{"abc"}},
		// "\r\r\n" is no empty line: net/http reads on for the end of the
		// trailer section, the server refuses it rather than frame the
		// message otherwise.
		{name: "trailer-end-cr-cr-lf", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n", hasNot: []string{"abc"}},
		{name: "last-chunk-ext-bare-lf", raw: "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0;x\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n", hasNot: []string{"abc"}},
		{name: "leading-empty-line", raw: "\r\nGET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", prefix: "HTTP/1.1 400 Bad Request\r\n"},
		{name: "too-large", raw: "GET /hello HTTP/1.1\nHost: x\nX-Big: " + strings.Repeat("a", 70<<10) + "\n\n", prefix: "HTTP/1.1 431 Request Header Fields Too Large\r\n"},
		{name: "too-large-in-lines", raw: "GET /hello HTTP/1.1\nHost: x\n" + strings.Repeat("X-Some: "+strings.Repeat("a", 1000)+"\n", 70) + "\n", prefix: "HTTP/1.1 431 Request Header Fields Too Large\r\n"},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, addr) })
	}
}

// TestServerBareLFKeepAlive sends requests one after the other on one
// connection, their header sections ending with "\n\n" or "\n\r\n", one
// with "\n\n" in its body: each section ends at its first empty line, as
// net/http's server reads it.
func TestServerBareLFKeepAlive(t *testing.T) {
	addr, _ := wireServer(t)
	for _, tt := range []struct {
		name     string
		requests []string
		want     []string // each response's status and body
	}{
		{"lf", []string{
			"GET /hello HTTP/1.1\nHost: x\n\n",
			"POST /echo HTTP/1.1\nHost: x\nContent-Length: 3\n\nabc",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\n", // other lines may end either way
			"GET /hello HTTP/1.1\nHost: x\n\n",
		}, []string{"200 hello", "200 abc", "200 hello", "200 hello"}},
		{"crlf", []string{
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /hello HTTP/1.1\nHost: x\n\r\n", // other lines may end either way
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
		}, []string{"200 hello", "200 hello", "200 abc"}},
		{"lf-then-crlf-end", []string{
			"GET /hello HTTP/1.1\nHost: x\n\n",
			"POST /echo HTTP/1.1\nHost: x\nContent-Length: 4\n\r\nab\n\n",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
		}, []string{"200 hello", "200 ab\n\n", "200 hello"}},
		// Old clients send a CRLF after a POST's body; net/http skips it
		// (up to four CR or LF bytes), after a POST only.
		{"crlf-after-post", []string{
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\r\n",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
		}, []string{"200 abc", "200 hello"}},
		// Four of them read as an empty header section of their own.
		{"crlfcrlf-after-post", []string{
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nde\n\n",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
		}, []string{"200 abc", "200 hello", "200 de", "200 hello"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			br := bufio.NewReader(c)
			for i, req := range tt.requests {
				io.WriteString(c, req)
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Fatalf("request %d: %v", i, err)
				}
				b, _ := io.ReadAll(resp.Body)
				if got := strconv.Itoa(resp.StatusCode) + " " + string(b); got != tt.want[i] {
					t.Errorf("request %d %q answered %q, want %q", i, req, got, tt.want[i])
				}
			}
		})
	}
}
