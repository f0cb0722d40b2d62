// Command protoc-gen-openapi is a protoc plugin that writes an OpenAPI 3.1
// document of the HTTP API that protoc-gen-go-http generates and Bia's
// runtime serves: every google.api.http rule and additional binding, with
// path and query parameters, request and reply bodies in proto3 JSON,
// validation rules as JSON-Schema keywords and the error responses with
// their reasons (see package internal/openapigen).
//
// Use it with buf:
//
//	plugins:
//	  - local: protoc-gen-openapi
//	    out: api
//	    opt: [format=yaml, output=merged]
//
// Its parameters: format=yaml|json, output=merged|service,
// filename=NAME, naming=json|proto, errors=default|status, title=TEXT,
// version=TEXT, and omitempty / omitempty_prefix as protoc-gen-go-http's,
// so the document describes the routes the server has. With --version it
// prints its version and exits.
package main

import (
	"flag"
	"fmt"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/bia-go/bia/internal/openapigen"
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("protoc-gen-openapi", openapigen.Version)
		return
	}
	g := openapigen.New()
	protogen.Options{ParamFunc: g.SetParameter}.Run(g.Run)
}
