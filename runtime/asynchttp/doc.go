// Package asynchttp is an HTTP/1.1 client and server that run on asyncgen's
// event loop: many requests in flight on one goroutine, no goroutine per
// request or per connection.
//
// It reuses net/http's types ([http.Request], [http.Response],
// [http.Header]) and net/http's own request writing and header parsing; what
// it adds is the part that waits: connections come from
// [runtime.OpenConnection] and [runtime.StartServer], and every read of a
// header block or a body is an awaitable on a [runtime.Stream].
//
// Like net/http, both sides take header lines that end in "\n" alone as
// well as "\r\n", and refuse what would let two parties frame a message
// differently: a field name that is no token ("Content-Length : 5"), a
// chunk size with a sign, a malformed trailer line. A chunked body's
// trailer section holds at most 64 KiB.
//
// # Client
//
// [Client.Do] and [Client.Get] (and the package-level [Get] and [Do] on
// [DefaultClient]) return an awaitable [*Response] once the status line and
// headers have arrived; the body is read with [Response.ReadAll] or
// [Response.Read], both awaitables:
//
//	//async
//	func fetch(url string) ([]byte, error) {
//		resp, err := runtime.Await(asynchttp.Get(url))
//		if err != nil {
//			return nil, err
//		}
//		defer resp.Close()
//		return runtime.Await(resp.ReadAll())
//	}
//
// A Client keeps a pool of keep-alive connections per host and loop, with a
// limit ([Client.MaxConnsPerHost]) beyond which requests wait their turn in
// FIFO order; a connection idle for [Client.IdleConnTimeout] (90 s by
// default) is closed. It follows redirects, reads Content-Length, chunked and
// read-to-close bodies, speaks HTTPS through [runtime.WithTLS], and bounds a
// request with [Client.Timeout] (or any awaitable combinator:
// [runtime.WaitFor], [runtime.Timeout]). Interim 1xx responses count
// against [Client.MaxHeaderBytes] with the final one. A 101 Switching
// Protocols response is returned with no body and its connection closed:
// the client does not hand over upgraded connections (net/http gives
// them as the body). Unlike net/http's, it sends no Accept-Encoding and
// decodes no gzip (a compressed body comes as sent, with its
// Content-Encoding), and it takes no proxy from HTTP_PROXY and the like
// (aiohttp does neither by default either). An https connection's connect
// and handshake are bounded by [Client.TLSHandshakeTimeout], 10 s by
// default as in net/http, and a response over TLS has its TLS field set.
//
// # Server
//
// [Serve] listens and serves until its await is cancelled; [Listen] (or
// [Server.Listen], with limits and timeouts set) starts a server and
// returns it. The handler is an //async function of a request returning a
// response, passed as its FAsync:
//
//	//async
//	func hello(r *http.Request) (*http.Response, error) {
//		return asynchttp.Text(http.StatusOK, "hello\n"), nil
//	}
//
//	// in an //async function:
//	_, err := runtime.Await(asynchttp.Serve("127.0.0.1:8080", helloAsync))
//
// [Server.Shutdown] stops a server gracefully, as net/http's does: no new
// connections, idle ones closed at once, the requests in progress answered
// (with Connection: close) before their connections close; its await
// returns when none is left, and cancelling it (as runtime.WaitFor does)
// closes the rest at once. [Server.Close] stops accepting and closes the
// connections waiting for a request, without waiting for the others
// (net/http's Close closes those too).
//
// The request's body has been read in full (within [Server.MaxBodyBytes])
// before the handler runs, so handlers read it with ordinary io calls. The
// server keeps connections alive, answers pipelined requests in turn, limits header
// and body sizes (431 and 413), times out slow and idle clients, and
// answers a handler's panic with 500, logging it, without disturbing the
// loop or the other connections. As net/http's server does, it sends
// "100 Continue" to a request that expects it before reading its body,
// answers any other expectation with 417 and a transfer coding other than
// chunked with 501, and gives a HEAD response the Content-Length of the
// body the handler returned (or declared).
//
// A connection is not kept alive after a request whose framing another
// server could read differently, a way to smuggle a request (RFC 9112
// section 6.1): one with both Transfer-Encoding and Content-Length, whose
// body is read as chunked, or an HTTP/1.0 one with Transfer-Encoding,
// whose body is read by its length. The request is answered, with
// Connection: close, and requests pipelined behind it are not (net/http's
// server keeps such a connection alive).
package asynchttp

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen
