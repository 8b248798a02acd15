package main

import "github.com/asyncgen/asyncgen/runtime"

func init() {
	runtime.Spawn(runtime.Coro[int]{}) // want `runtime.Spawn outside an //async function: move this code into an //async function and run it with runtime.Run`
}

func main() {
	runtime.Await(runtime.Sleep(0)) // want `runtime.Await outside an //async function: move this code into an //async function and run it with runtime.Run`
}
