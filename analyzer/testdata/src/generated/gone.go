package generated

// gone had //async functions once; its generated file is left over.
func gone() {}
