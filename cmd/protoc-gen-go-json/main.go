// Command protoc-gen-go-json is a protoc plugin that generates, for every
// message of a proto3 file, proto3 JSON encoding and decoding code
// (MarshalProtoJSON and UnmarshalProtoJSON methods calling
// github.com/bia-go/bia/runtime/encoding/jsoncodec) with protojson's exact
// semantics and without its reflection. Bia's HTTP server and client use
// it for every message that has it and protojson for the others, so it is
// opt-in: add the plugin to buf.gen.yaml. The output file is
// <name>_json.pb.go, next to protoc-gen-go's <name>.pb.go, in the same Go
// package (the code reads the message structs' fields).
//
// Use it with buf:
//
//	plugins:
//	  - local: protoc-gen-go-json
//	    out: .
//	    opt: paths=source_relative
//
// or with protoc:
//
//	protoc --go-json_out=paths=source_relative:. api/v1/greeter.proto
//
// It accepts protoc-gen-go's standard parameters (paths=, module=, M...)
// and rejects any other. With --version it prints its version and exits.
package main

import (
	"flag"
	"fmt"
	"os"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/jsongen"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Fprintln(os.Stdout, "protoc-gen-go-json", jsongen.Version)
		return
	}
	protogen.Options{ParamFunc: unknownParameter}.Run(jsongen.Run)
}

// unknownParameter rejects a parameter protogen does not handle itself, so
// that a mistyped one is an error rather than ignored.
func unknownParameter(name, value string) error {
	return fmt.Errorf("protoc-gen-go-json: unknown parameter %s=%s (supported: paths, module, M)", name, value)
}
