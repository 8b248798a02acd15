package asynchttp_test

import (
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime/asynchttp"
)

// async
func padded(r *http.Request) (*http.Response, error) {
	return asynchttp.Text(http.StatusOK, strings.Repeat("x", 8<<10)), nil
}

// heldByServer reports whether the server on srvPort holds an open socket
// to the client's port cliPort (an established connection owned by a
// process, not one closed and left to the kernel to finish).
func heldByServer(t *testing.T, srvPort, cliPort int) bool {
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		t.Skip(err)
	}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 10 || f[3] != "01" { // ESTABLISHED
			continue
		}
		lp, _ := strconv.ParseInt(f[1][strings.IndexByte(f[1], ':')+1:], 16, 32)
		rp, _ := strconv.ParseInt(f[2][strings.IndexByte(f[2], ':')+1:], 16, 32)
		if int(lp) == srvPort && int(rp) == cliPort && f[9] != "0" {
			return true
		}
	}
	return false
}

// A client that sends requests and reads nothing fills the kernel's
// buffers; the answers then wait in the server's stream, each below the
// high-water mark that Drain waits under. When the last request says
// Connection: close, what is left must still go out within WriteTimeout,
// or the connection is aborted, as net/http's write deadline does: the
// server must not keep it open as long as the client does not read. How
// many answers fill the buffers depends on the machine, so the test tries
// counts until one leaves the server sending, and skips if none does.
func TestServerWriteTimeoutSlowReader(t *testing.T) {
	const writeTimeout = time.Second
	srv := &asynchttp.Server{Handler: paddedAsync, WriteTimeout: writeTimeout, IdleTimeout: writeTimeout}
	addr := strings.TrimPrefix(startServer(t, srv), "http://")
	_, sp, _ := net.SplitHostPort(addr)
	srvPort, _ := strconv.Atoi(sp)
	for n := 400; n <= 800; n += 5 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		cliPort := c.LocalAddr().(*net.TCPAddr).Port
		reqs := strings.Repeat("GET / HTTP/1.1\r\nHost: x\r\n\r\n", n-1) + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
		go c.Write([]byte(reqs))
		time.Sleep(writeTimeout / 3)
		if !heldByServer(t, srvPort, cliPort) {
			c.Close() // the answers fitted, or a Drain timed out: not this count
			continue
		}
		time.Sleep(2 * writeTimeout) // the timeout, with room for a busy machine
		held := heldByServer(t, srvPort, cliPort)
		c.Close()
		if held {
			t.Fatalf("%d requests, none read: the server still holds the connection twice its WriteTimeout of %v later", n, writeTimeout)
		}
		return
	}
	t.Skip("no count of requests left the server sending on this machine")
}
