package directcall

import "fmt"

// A call dropped as a statement is awaited by the fix only where the
// await's error, a cancellation among them, can be returned.

// async
func noError() int {
	fetch(8) // want `^call of async function fetch runs its body as plain Go, where runtime.Await panics: await fetchAsync\(...\) instead$`
	return 1
}

// An ignore directive on the first line of a statement that spans several
// lines covers all of them.
func shown() {
	//asyncvet:ignore directcall -- shown on purpose
	fmt.Println("b",
		count())
	fmt.Println("c", //asyncvet:ignore directcall -- shown on purpose
		count())
	fmt.Println("d",
		count()) //asyncvet:ignore directcall -- on the line of the call
	//asyncvet:ignore directcall -- covers the statement below only
	fmt.Println("e")
	fmt.Println("f",
		count()) // want `call of async function count outside an //async function`
	if fmt.Sprint("g") != "" {
		//asyncvet:ignore directcall -- covers the statement, not its block
		count()
	}
}
