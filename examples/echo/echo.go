// Package echo is the TCP echo program of asyncio's streams documentation:
// a server started with runtime.StartServer on 127.0.0.1 echoes one line per
// connection, and three clients made with runtime.OpenConnection talk to it
// concurrently. Their answers are printed in the order the clients were
// started.
//
// Run it with go run ./examples/echo/cmd/echo.
package echo

import (
	"fmt"
	"strings"

	"github.com/asyncgen/asyncgen/examples/internal/demo"
	"github.com/asyncgen/asyncgen/runtime"
)

//go:generate go run github.com/asyncgen/asyncgen/cmd/asyncgen

// handleEcho serves one connection: it reads a line and writes it back in
// capitals.
//
// async
func handleEcho(s *runtime.Stream) error {
	line, err := runtime.Await(s.ReadLine())
	if err != nil {
		return err
	}
	s.WriteString(strings.ToUpper(string(line)))
	_, err = runtime.Await(s.Drain())
	return err
}

// client sends msg and returns the server's answer.
//
// async
func client(addr, msg string) (string, error) {
	s, err := runtime.Await(runtime.OpenConnection("tcp", addr))
	if err != nil {
		return "", err
	}
	defer s.Close()
	s.WriteString(msg + "\n")
	line, err := runtime.Await(s.ReadLine())
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(line), "\n"), nil
}

// async
func main(e *demo.Env) error {
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", func(s *runtime.Stream) runtime.Coro[struct{}] {
		return handleEchoAsync(s)
	}))
	if err != nil {
		return err
	}
	defer srv.Close()
	e.Println("serving on 127.0.0.1")

	addr := srv.Addr().String()
	msgs := []string{"Hello World!", "Bonjour", "Hallo Welt"}
	var clients []runtime.Awaitable[string]
	for _, m := range msgs {
		clients = append(clients, clientAsync(addr, m))
	}
	answers, err := runtime.Await(runtime.Gather(clients...))
	if err != nil {
		return err
	}
	for i, a := range answers {
		e.Println(fmt.Sprintf("sent %s, received %s", msgs[i], a))
	}
	e.Println("closing the server")
	return nil
}

// Main runs the example on e.
func Main(e *demo.Env) error {
	_, err := runtime.Run(mainAsync(e), e.Options()...)
	return err
}
