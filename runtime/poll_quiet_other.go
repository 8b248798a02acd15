//go:build !linux

package runtime

// quiet reports that a poll with no timeout has nothing to look at: nothing
// can be registered here.
func (p *poller) quiet() bool { return p.started }
