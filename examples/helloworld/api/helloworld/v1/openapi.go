package v1

import _ "embed" // the OpenAPI document

// OpenAPI is the OpenAPI 3.1 document of the Greeter service, which
// protoc-gen-openapi writes beside this file (make generate). The example's
// HTTP server serves it at /openapi.json, /openapi.yaml and /docs/.
//
//go:embed openapi.yaml
var OpenAPI string
