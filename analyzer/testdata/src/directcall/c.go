package directcall

// A call dropped as a statement is awaited by the fix only where the
// await's error, a cancellation among them, can be returned.

// async
func noError() int {
	fetch(8) // want `^call of async function fetch runs its body as plain Go, where runtime.Await panics: await fetchAsync\(...\) instead$`
	return 1
}
