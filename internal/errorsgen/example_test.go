package errorsgen_test

import (
	"fmt"

	"github.com/bia-go/bia/internal/errorsgen"
)

func ExampleGoName() {
	for _, name := range []string{"USER_NOT_FOUND", "System_Error", "systemError", "NOTFOUND"} {
		fmt.Println(name, "->", "Is"+errorsgen.GoName(name), "Error"+errorsgen.GoName(name))
	}
	// Output:
	// USER_NOT_FOUND -> IsUserNotFound ErrorUserNotFound
	// System_Error -> IsSystemError ErrorSystemError
	// systemError -> IsSystemError ErrorSystemError
	// NOTFOUND -> IsNotfound ErrorNotfound
}
