package asynchttp

import (
	"github.com/asyncgen/asyncgen/runtime"
	"github.com/asyncgen/asyncgen/runtime/asyncimpl"
)

// currentLoop is an awaitable that completes at once with the loop of the
// task awaiting it. Streams belong to one loop, so the client keeps its
// connection pools per loop.
type currentLoop struct{ l *runtime.Loop }

var _ runtime.Awaitable[*runtime.Loop] = (*currentLoop)(nil)

func (c *currentLoop) Poll(t *asyncimpl.Task) asyncimpl.Status {
	c.l = t.Loop().(*runtime.Loop)
	return asyncimpl.Ready
}

func (c *currentLoop) Result() (*runtime.Loop, error) { return c.l, nil }
