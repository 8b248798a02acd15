//go:build linux

package runtime_test

import (
	"bytes"
	"fmt"
	"io"

	"github.com/asyncgen/asyncgen/runtime"
)

// shout answers each line it reads with the line in capitals.
//
// async
func shout(s *runtime.Stream) error {
	for {
		line, err := runtime.Await(s.ReadLine())
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s.Write(bytes.ToUpper(line))
		if _, err := runtime.Await(s.Drain()); err != nil {
			return err
		}
	}
}

// async
func talk() ([]string, error) {
	srv, err := runtime.Await(runtime.StartServer("tcp", "127.0.0.1:0", shoutAsync))
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	s, err := runtime.Await(runtime.OpenConnection("tcp", srv.Addr().String()))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var replies []string
	for _, word := range []string{"hello", "streams"} {
		s.Write([]byte(word + "\n"))
		line, err := runtime.Await(s.ReadLine())
		if err != nil {
			return nil, err
		}
		replies = append(replies, string(line))
	}
	return replies, nil
}

func ExampleStartServer() {
	replies, err := runtime.Run(talkAsync())
	fmt.Printf("%q %v\n", replies, err)
	// Output: ["HELLO\n" "STREAMS\n"] <nil>
}

// async
func sortWords(words string) (string, error) {
	p, err := runtime.Await(runtime.Shell("sort", runtime.PipeStdin|runtime.PipeStdout))
	if err != nil {
		return "", err
	}
	out, err := runtime.Await(p.Communicate([]byte(words)))
	return string(out.Stdout), err
}

func ExampleExec() {
	sorted, err := runtime.Run(sortWordsAsync("pear\napple\nfig\n"))
	fmt.Print(sorted, err, "\n")
	// Output:
	// apple
	// fig
	// pear
	// <nil>
}
