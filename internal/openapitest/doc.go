// Package openapitest checks the documents protoc-gen-openapi writes with
// real OpenAPI 3.1 tooling (pb33f's libopenapi and libopenapi-validator):
// that the golden documents are valid, and that the server generated from
// the same protos answers every request as its document says. It is a
// module of its own, so the validator never enters the main module.
package openapitest
