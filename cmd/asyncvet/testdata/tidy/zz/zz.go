// Package zz has an //async method whose signature changed after aa, which
// calls it, was generated.
package zz

import "github.com/asyncgen/asyncgen/runtime"

type Client struct{}

// async
func (c *Client) Get(p string, n int) (string, error) {
	_, err := runtime.Await(runtime.Sleep(0))
	return p, err
}
