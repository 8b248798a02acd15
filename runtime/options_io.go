package runtime

import (
	"crypto/tls"
	"time"
)

// StreamOption configures the streams of [OpenConnection] and [StartServer].
type StreamOption func(*streamConfig)

type streamConfig struct {
	tls   *tls.Config
	limit int
	// handshake bounds a TLS dial (see WithHandshakeTimeout): 0 is the
	// default, negative none.
	handshake time.Duration
}

// DefaultHandshakeTimeout bounds the connect and TLS handshake of an
// OpenConnection with WithTLS, as asyncio's ssl_handshake_timeout (60 s).
const DefaultHandshakeTimeout = 60 * time.Second

// WithTLS runs the streams over TLS with config c: as a client for
// OpenConnection (set c.ServerName, or it is taken from the address), as a
// server for StartServer. crypto/tls is built on blocking reads and writes,
// so a TLS stream costs two helper goroutines (a reader and a writer) and
// uses Go's netpoller for its socket instead of the loop's poller: plan on
// about 16 KiB more per idle connection than a plain stream.
func WithTLS(c *tls.Config) StreamOption { return func(cf *streamConfig) { cf.tls = c } }

// WithHandshakeTimeout bounds the connect and TLS handshake of an
// OpenConnection with WithTLS (asyncio's ssl_handshake_timeout); zero means
// DefaultHandshakeTimeout, negative none. A server that accepts the
// connection and never answers the handshake fails the await with an error
// wrapping ErrTimeout, instead of holding it for ever. The bound is on the
// real clock, whatever the loop's: crypto/tls makes the connection on a
// helper goroutine.
func WithHandshakeTimeout(d time.Duration) StreamOption {
	return func(cf *streamConfig) { cf.handshake = d }
}

// WithLimit sets the streams' line limit (see [Stream.SetLimit]).
func WithLimit(n int) StreamOption { return func(cf *streamConfig) { cf.limit = n } }

func newStreamConfig(opts []StreamOption) streamConfig {
	var cf streamConfig
	for _, o := range opts {
		o(&cf)
	}
	return cf
}
