// Command protoc-gen-go-errors is a protoc plugin that generates, for every
// enum value with an HTTP code set through the (errors.default_code) and
// (errors.code) options of errors/errors.proto, an IsXxx(err) bool and an
// ErrorXxx(format, args...) *errors.Error function calling
// github.com/bia-go/bia/runtime/errors. The output file is
// <name>_errors.pb.go, next to protoc-gen-go's <name>.pb.go.
//
// Use it with buf:
//
//	plugins:
//	  - local: protoc-gen-go-errors
//	    out: .
//	    opt: paths=source_relative
//
// or with protoc:
//
//	protoc --go-errors_out=paths=source_relative:. api/v1/errors.proto
//
// It accepts protoc-gen-go's standard parameters (paths=, module=, M...)
// and rejects any other. With --version it prints its version and exits.
package main

import (
	"flag"
	"fmt"
	"os"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/errorsgen"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Fprintln(os.Stdout, "protoc-gen-go-errors", errorsgen.Version)
		return
	}
	protogen.Options{ParamFunc: unknownParameter}.Run(errorsgen.Run)
}

// unknownParameter rejects a parameter protogen does not handle itself, so
// that a mistyped one is an error rather than ignored.
func unknownParameter(name, value string) error {
	return fmt.Errorf("protoc-gen-go-errors: unknown parameter %s=%s (supported: paths, module, M)", name, value)
}
