package blocking

import (
	"io"
	"net"
	"os/exec"

	"github.com/asyncgen/asyncgen/runtime"
)

// The ToThread fix runs a blocking call on a worker goroutine while other
// tasks run on the loop: the operands that are not plain are evaluated
// first, on the loop, into new variables before the statement.

type source struct {
	files []io.Reader
	i     int
	c     net.Conn
	buf   []byte
	data  map[string][]byte
}

func (s *source) next() io.Reader { s.i++; return s.files[s.i-1] }

func (s *source) conn() net.Conn { return s.c }

func (s *source) payload() []byte { return s.buf }

func (s *source) cmds() []exec.Cmd { return nil }

func (s *source) self() *source { return s }

func (s *source) keep(data []byte, err error) error { return err }

// async
func readNext(s *source) ([]byte, error) {
	data, err := io.ReadAll(s.next()) // want `^io.ReadAll blocks the event loop: wrap it in runtime.ToThread$`
	if err != nil {
		return nil, err
	}
	r := s.files[0]
	more, err := io.ReadAll(s.next()) // want `^io.ReadAll blocks the event loop`
	if err != nil {
		return nil, err
	}
	_, _ = io.ReadAll(r)                              // want `^io.ReadAll blocks the event loop`
	if _, err := s.c.Write(s.payload()); err != nil { // want `^net.Conn.Write blocks the event loop`
		return nil, err
	}
	s.conn().Write(s.buf) // want `^net.Conn.Write blocks the event loop`
	_, err = runtime.Await(runtime.Sleep(0))
	return append(data, more...), err
}

// No fix where the operands cannot be evaluated before the statement as
// they would be in it.
//
// async
func unmoved(s *source) error {
	if len(s.buf) > 0 {
	} else if _, err := io.ReadAll(s.next()); err != nil { // want `^io.ReadAll blocks the event loop`
		return err
	}
	var err error
	s.data["k"], err = io.ReadAll(s.next()) // want `^io.ReadAll blocks the event loop`
	if err != nil {
		return err
	}
	if err := s.self().keep(io.ReadAll(s.next())); err != nil { // want `^io.ReadAll blocks the event loop`
		return err
	}
	if _, err := s.cmds()[0].Output(); err != nil { // want `^exec.Cmd.Output blocks the event loop`
		return err
	}
	_, err = runtime.Await(runtime.Sleep(0))
	return err
}

// async
func jumps(s *source) error {
	goto read
read:
	_, err := io.ReadAll(s.next()) // want `^io.ReadAll blocks the event loop`
	if err != nil {
		return err
	}
	_, err = runtime.Await(runtime.Sleep(0))
	return err
}

// A call without a fix takes no name from the fixes of the others.
//
// async
func tally(s *source) int {
	io.ReadAll(s.next())              // want `^io.ReadAll blocks the event loop`
	data, err := io.ReadAll(s.next()) // want `^io.ReadAll blocks the event loop`
	if err != nil {
		return 0
	}
	return len(data)
}
