package runtime

// quiet reports that a poll with no timeout has nothing to look at: no
// descriptor is registered.
func (p *poller) quiet() bool { return p.started && p.n == 0 }
