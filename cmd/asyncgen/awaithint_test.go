package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// A call of an //async function F passed where its coroutine is expected,
// runtime.Await(F(x)) for runtime.Await(FAsync(x)), fails the type check
// with an error that says only that F's results are not an awaitable: the
// error also says that F is //async and what to pass, for a function of
// the package, a method, a function and a method of another package
// (checked from source, then read from export data once generated), and
// whatever runtime function takes the coroutine. A plain function that
// returns the same is not told to be //async.
func TestCoroutineHint(t *testing.T) {
	writeCase(t, "hintlib", []txtar.File{{Name: "lib.go", Data: []byte(`package hintlib

import "github.com/asyncgen/asyncgen/runtime"

//async
func Fetch(n int) (int, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return n, err
}

type Client struct{}

//async
func (c *Client) Get(p string) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return p, err
}
`)}})
	writeCase(t, "hintuse", []txtar.File{{Name: "use.go", Data: []byte(`package hintuse

import (
	"example.com/t/hintlib"
	"github.com/asyncgen/asyncgen/runtime"
)

//async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return "x", err
}

//async
func ping() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

//async
func work() {
	_, _ = runtime.Await(runtime.Sleep(0))
}

type box struct{}

//async
func (box) get(n int) (int, error) { return n, nil }

func plain(id int) (string, error) { return "", nil }

//async
func use() error {
	s, err := runtime.Await(fetch(1))
	_, err = runtime.Await(ping())
	_, err = runtime.Await(work())
	t := runtime.Spawn(fetch(2))
	var b box
	_, err = runtime.Await(b.get(3))
	_, err = runtime.Await(hintlib.Fetch(4))
	c := &hintlib.Client{}
	_, err = runtime.Await(c.Get("/p"))
	_, err = runtime.Await(runtime.Gather(fetch(5), fetch(6)))
	_, err = runtime.Await(plain(7))
	_, _ = s, t
	return err
}

func main() { runtime.Run(use()) }
`)}})
	fromSource := []string{
		"hintuse/use.go:34:26: too many arguments in call to runtime.Await; fetch is //async: runtime.Await takes its coroutine, fetchAsync(1)\n" +
			"\thave (string, error)\n",
		"hintuse/use.go:35:25: in call to runtime.Await, type error of ping() does not match \"github.com/asyncgen/asyncgen/runtime\".Awaitable[T] (cannot infer T); ping is //async: runtime.Await takes its coroutine, pingAsync()\n",
		"hintuse/use.go:36:25: work() (no value) used as value; work is //async: runtime.Await takes its coroutine, workAsync()\n",
		"hintuse/use.go:37:21: too many arguments in call to runtime.Spawn; fetch is //async: runtime.Spawn takes its coroutine, fetchAsync(2)\n",
		"hintuse/use.go:39:25: too many arguments in call to runtime.Await; box.get is //async: runtime.Await takes its coroutine, b.getAsync(3)\n",
		"hintuse/use.go:43:40: multiple-value fetch(5) (value of type (string, error)) in single-value context; fetch is //async: runtime.Gather takes its coroutine, fetchAsync(5)\n",
		"hintuse/use.go:43:50: multiple-value fetch(6) (value of type (string, error)) in single-value context; fetch is //async: runtime.Gather takes its coroutine, fetchAsync(6)\n",
		"hintuse/use.go:44:25: too many arguments in call to runtime.Await\n",
		"hintuse/use.go:49:27: in call to runtime.Run, type error of use() does not match \"github.com/asyncgen/asyncgen/runtime\".Coro[T] (cannot infer T); use is //async: runtime.Run takes its coroutine, useAsync()\n",
	}
	otherPackage := []string{
		"hintuse/use.go:40:25: too many arguments in call to runtime.Await; hintlib.Fetch is //async: runtime.Await takes its coroutine, hintlib.FetchAsync(4)\n",
		"hintuse/use.go:42:25: too many arguments in call to runtime.Await; hintlib.Client.Get is //async: runtime.Await takes its coroutine, c.GetAsync(\"/p\")\n",
	}
	want := append(fromSource, otherPackage...)
	// hintlib is checked from source, with the stand-ins for its
	// generated code, and generated; then, fresh, read from export data.
	for _, args := range [][]string{{"./hintlib", "./hintuse"}, {"./hintuse"}} {
		code, _, stderr := runGen(t, args...)
		if code != 1 {
			t.Errorf("asyncgen %s: exit %d, want 1\n%s", strings.Join(args, " "), code, stderr)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("asyncgen %s: stderr lacks\n%s\n%s", strings.Join(args, " "), w, stderr)
			}
		}
		if strings.Contains(stderr, "plain is //async") {
			t.Errorf("asyncgen %s: a plain function told //async:\n%s", strings.Join(args, " "), stderr)
		}
	}
}

// Under go generate, the mistake as written in a program: the error that
// stops go generate says which call to make.
func TestCoroutineHintUnderGoGenerate(t *testing.T) {
	bin := buildAsyncgen(t)
	writeCase(t, "hintgen", []txtar.File{{Name: "main.go", Data: fmt.Appendf(nil, `package main

import (
	"fmt"

	"github.com/asyncgen/asyncgen/runtime"
)

%s%s

//async
func fetch(id int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return fmt.Sprint(id), err
}

//async
func mainCo() error {
	s, err := runtime.Await(fetch(1)) // meant fetchAsync(1)
	fmt.Println(s, err)
	return err
}

func main() { fmt.Println(runtime.Run(mainCoAsync())) }
`, generateLine, bin)}})
	cmd := exec.Command("go", "generate")
	cmd.Dir, cmd.Env = filepath.Join(module, "hintgen"), moduleEnv
	out, err := cmd.CombinedOutput()
	want := "main.go:19:26: too many arguments in call to runtime.Await; fetch is //async: runtime.Await takes its coroutine, fetchAsync(1)\n"
	if err == nil || !strings.Contains(string(out), want) {
		t.Errorf("go generate: %v, output lacks\n%s\n%s", err, want, out)
	}
}
