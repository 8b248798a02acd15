package asynchttp_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServerFaultyFramingCloses sends, on one loopback connection, a
// request whose framing RFC 9112 section 6.1 makes the server close the
// connection after (Transfer-Encoding with Content-Length, a guard against
// request smuggling; Transfer-Encoding on HTTP/1.0), then a GET pipelined
// behind it: the first is answered, with Connection: close, and then the
// connection ends, the GET unanswered. A chunked request alone keeps the
// connection alive, and its GET is answered.
func TestServerFaultyFramingCloses(t *testing.T) {
	addr, _ := wireServer(t)
	const next = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, tt := range []struct {
		name, raw string
		body      string // the first answer's
		keep      bool
	}{
		{"te-then-cl", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "hello", false},
		{"cl-then-te", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "hello", false},
		{"lower-case", "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\ntransfer-encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "hello", false},
		{"bare-lf", "POST /echo HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\nContent-Length: 3\n\n5\r\nhello\r\n0\r\n\r\n", "hello", false},
		// net/http ignores Transfer-Encoding on HTTP/1.0 and frames the
		// body by its length, or takes none: the chunks that follow would
		// be read as the next request.
		{"http10-te-cl", "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello", "hello", false},
		{"http10-te", "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "", false},
		{"chunked-only", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "hello", true},
		{"length-only", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "hello", true},
		{"http10-keep-alive", "POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nhello", "hello", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(c, tt.raw+next); err != nil {
				t.Fatal(err)
			}
			var raw bytes.Buffer // what came, as sent
			br := bufio.NewReader(io.TeeReader(c, &raw))
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("first answer: %v", err)
			}
			b, err := io.ReadAll(resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK || string(b) != tt.body {
				t.Errorf("first answer %d %q, %v; want 200 %q", resp.StatusCode, b, err, tt.body)
			}
			head, _, _ := strings.Cut(raw.String(), "\r\n\r\n")
			head += "\r\n"
			if closes := strings.Contains(head, "\r\nConnection: close\r\n"); closes == tt.keep || resp.Close == tt.keep {
				t.Errorf("first answer's header section %q; want Connection: close: %v", head, !tt.keep)
			}
			if !tt.keep {
				if _, err := br.Peek(1); err == nil {
					if next, err := http.ReadResponse(br, nil); err == nil {
						b, _ := io.ReadAll(next.Body)
						t.Errorf("what was pipelined was answered too: %d %q; want the connection closed (EOF)", next.StatusCode, b)
					} else {
						t.Errorf("after the answer, more bytes (%v); want the connection closed (EOF)", err)
					}
				} else if err != io.EOF {
					t.Errorf("after the answer: %v; want EOF", err)
				}
				return
			}
			resp, err = http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("the pipelined GET: %v", err)
			}
			b, _ = io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || string(b) != "hello" {
				t.Errorf("the pipelined GET answered %d %q; want 200 hello", resp.StatusCode, b)
			}
		})
	}
}
