package blocking

import (
	"context"
	"net"
	"net/http"
)

// Servers and connections of package net block the loop as well: accepts,
// reads and writes, name lookups, and net/http's servers, which return
// only when they stop.

// async
func serve(ln net.Listener, tl *net.TCPListener, c net.Conn, tc *net.TCPConn, buf []byte) error {
	conn, err := ln.Accept() // want `^net.Listener.Accept blocks the event loop: serve with runtime.StartServer, or wrap it in runtime.ToThread$`
	if err != nil {
		return err
	}
	defer conn.Close()
	_, _ = tl.AcceptTCP() // want `^net.TCPListener.AcceptTCP blocks the event loop`
	n, err := c.Read(buf) // want `^net.Conn.Read blocks the event loop: use a runtime.Stream \(runtime.OpenConnection\), or wrap it in runtime.ToThread$`
	if err != nil {
		return err
	}
	tc.Write(buf[:n])                                                       // want `^net.Conn.Write blocks the event loop`
	addrs, err := net.LookupHost("x")                                       // want `^net.LookupHost blocks the event loop: wrap it in runtime.ToThread$`
	_, _ = net.DefaultResolver.LookupIPAddr(context.Background(), addrs[0]) // want `^net.Resolver.LookupIPAddr blocks the event loop`
	if err := http.ListenAndServe(":0", nil); err != nil {                  // want `^http.ListenAndServe blocks the event loop: serve with asynchttp.Serve, or in a go statement of its own$`
		return err
	}
	srv := &http.Server{}
	go srv.ListenAndServe() // on a goroutine of its own: fine
	return srv.Serve(ln)    // want `^http.Server.Serve blocks the event loop`
}
