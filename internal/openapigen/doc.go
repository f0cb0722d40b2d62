// Package openapigen is the generator of protoc-gen-openapi: it writes
// OpenAPI 3.1 documents of the HTTP API that protoc-gen-go-http and the
// runtime serve, from the same binding plans (internal/httprule via
// internal/httpgen), so the document says what the server reads and
// writes:
//
//   - an operation per google.api.http rule and additional binding
//     (operationId Service_Method, _1, _2... for the bindings), custom
//     verbs in the path ("/v1/{name}:publish"), custom HTTP methods under
//     an x-<method> key with x-http-method, summary and description from
//     the method's leading comment, tags per service, deprecation;
//   - path parameters with the pattern of their template ({name=shelves/*}
//     gives ^shelves/[^/]+$), query parameters for every field the query
//     may set (dotted paths into messages, repeated fields exploded, maps as
//     deepObject), none for body "*"; request bodies without the fields
//     the path carries;
//   - schemas in proto3 JSON as the server writes it: JSON (or proto)
//     names, 64-bit integers as strings, enums as their names, bytes as
//     base64, well-known types in their JSON forms, maps as
//     additionalProperties, oneofs as oneOf constraints, message fields
//     nullable (unset ones are written null), field_behavior as
//     required/readOnly/writeOnly, validation rules of protoc-gen-validate
//     and protovalidate (internal/fieldrules) as JSON-Schema keywords;
//   - responses: the reply (or its response_body field), raw bytes for
//     google.api.HttpBody, and the errors by HTTP status with the reasons
//     each can carry (the server's own and the error enums of the
//     service's package), in the error format of the server.
//
// Documents are deterministic: components sorted by name, operations in
// declaration order.
package openapigen
