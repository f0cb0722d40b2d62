// Package openapi serves an OpenAPI document of a service, as
// protoc-gen-openapi writes it, with a small built-in page that lists the
// operations and sends requests from the browser. The HTTP server mounts
// it with its OpenAPI option:
//
//	//go:embed openapi.yaml
//	var spec []byte
//
//	srv := http.NewServer(http.OpenAPI(spec)) // /openapi.json, /openapi.yaml, /docs/
//
// or any net/http mux with New.
package openapi
