package overlap

import "github.com/asyncgen/asyncgen/runtime"

// Each mistake below is reported once, by the rule named in its comment,
// when every rule runs (TestOneDiagnosticEach). In an //async function, go
// generate refuses intrinsics in func literals and deferred calls, and
// unsupported, which cannot be turned off, reports each of them; outside
// one, outsideasync reports every intrinsic.

// async
func step() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func handler() error {
	f := func() {
		runtime.Await(stepAsync()) // one: unsupported
		runtime.Await(stepAsync()) // one: unsupported
	}
	f()
	defer runtime.Await(stepAsync()) // one: unsupported
	defer func() {
		runtime.Await(stepAsync()) // one: unsupported
	}()
	defer func() {
		t := runtime.Spawn(stepAsync()) // one: unsupported
		_ = t
	}()
	defer report(runtime.Await(stepAsync())) // one: unsupported
	go runtime.Spawn(stepAsync())            // one: unsupported
	_, err := runtime.Await(stepAsync())
	return err
}

func plain() {
	defer func() {
		runtime.Await(stepAsync()) // one: outsideasync
	}()
}

func report(struct{}, error) {}
