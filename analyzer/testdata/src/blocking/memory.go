package blocking

import (
	"bytes"
	"io"
	"net/http"
	"strings"
)

// io.ReadAll of a reader in memory does not block: an asynchttp handler's
// request body, which the server has read in full before the handler runs,
// and the readers of bytes and strings.

// async
func echo(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	_, _ = io.ReadAll(bytes.NewReader(b))
	_, _ = io.ReadAll(strings.NewReader("x"))
	_, _ = io.ReadAll((bytes.NewBufferString("x")))
	var buf bytes.Buffer
	_, _ = io.ReadAll(&buf)
	var rd io.Reader = strings.NewReader("x")
	_, _ = io.ReadAll(rd) // want `^io.ReadAll blocks the event loop: wrap it in runtime.ToThread$`
	resp := &http.Response{Body: r.Body}
	_, _ = io.ReadAll(resp.Body) // want `^io.ReadAll blocks the event loop: wrap it in runtime.ToThread$`
	return resp, nil
}
