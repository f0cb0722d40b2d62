// Command protoc-gen-go-http is a protoc plugin that generates, for every
// service with google.api.http rules, the HTTP server interface, its route
// registration and a typed HTTP client, all calling
// github.com/bia-go/bia/runtime/transport/http. The output file is
// <name>_http.pb.go, next to protoc-gen-go's <name>.pb.go. The generated
// code keeps the shape of Kratos's protoc-gen-go-http (GreeterHTTPServer,
// RegisterGreeterHTTPServer, GreeterHTTPClient, NewGreeterHTTPClient,
// OperationGreeterSayHello).
//
// Use it with buf:
//
//	plugins:
//	  - local: protoc-gen-go-http
//	    out: .
//	    opt: paths=source_relative
//
// or with protoc:
//
//	protoc --go-http_out=paths=source_relative:. api/v1/greeter.proto
//
// Besides protoc-gen-go's standard parameters (paths=, module=, M...) it
// accepts omitempty=false, which gives every unary method without a
// google.api.http rule the route POST /<package.Service>/<Method> with body
// "*", and omitempty_prefix=/prefix, which puts a path prefix before those
// routes (defaults: omitempty=true, no prefix). It rejects any other
// parameter. With --version it prints its version and exits.
package main

import (
	"flag"
	"fmt"
	"os"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/httpgen"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Fprintln(os.Stdout, "protoc-gen-go-http", httpgen.Version)
		return
	}
	g := httpgen.New()
	protogen.Options{ParamFunc: g.SetParameter}.Run(g.Run)
}
