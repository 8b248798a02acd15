package runtime

import "crypto/tls"

// StreamOption configures the streams of [OpenConnection] and [StartServer].
type StreamOption func(*streamConfig)

type streamConfig struct {
	tls   *tls.Config
	limit int
}

// WithTLS runs the streams over TLS with config c: as a client for
// OpenConnection (set c.ServerName, or it is taken from the address), as a
// server for StartServer. crypto/tls is built on blocking reads and writes,
// so a TLS stream costs two helper goroutines (a reader and a writer) and
// uses Go's netpoller for its socket instead of the loop's poller: plan on
// about 16 KiB more per idle connection than a plain stream.
func WithTLS(c *tls.Config) StreamOption { return func(cf *streamConfig) { cf.tls = c } }

// WithLimit sets the streams' line limit (see [Stream.SetLimit]).
func WithLimit(n int) StreamOption { return func(cf *streamConfig) { cf.limit = n } }

func newStreamConfig(opts []StreamOption) streamConfig {
	var cf streamConfig
	for _, o := range opts {
		o(&cf)
	}
	return cf
}
