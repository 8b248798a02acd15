package typeerrors

func fine() int {
	return 1
}

// broken does not type-check.
func broken() int {
	return "x"
}
