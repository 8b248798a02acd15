package overlap

import "github.com/asyncgen/asyncgen/runtime"

// Each mistake below is reported once, by the rule named in its comment,
// when every rule runs (TestOneDiagnosticEach).

// async
func step() error {
	_, err := runtime.Await(runtime.Sleep(0))
	return err
}

// async
func handler() error {
	f := func() { // one: outsideasync
		runtime.Await(stepAsync())
		runtime.Await(stepAsync())
	}
	f()
	defer runtime.Await(stepAsync()) // one: deferawait
	defer func() {                   // one: deferawait
		runtime.Await(stepAsync())
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

func report(struct{}, error) {}
