package directcall

// This file does not import the runtime: the fix adds the import.

// async
func noImport() (string, error) {
	return fetch(7) // want `call of async function fetch runs its body as plain Go, where runtime.Await panics`
}
