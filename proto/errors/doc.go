// Package errorspb is the Go code of errors/errors.proto: the error
// annotations protoc-gen-go-errors reads and the wire form of an error.
//
// Users import the .proto, not this package; protoc-gen-go links it from
// their generated code:
//
//	import "errors/errors.proto";
//
//	enum ErrorReason {
//	  option (errors.default_code) = 500;
//	  USER_NOT_FOUND = 0 [(errors.code) = 404];
//	}
//
// E_DefaultCode and E_Code are the extensions (numbers 1108 and 1109, as in
// Kratos). Status is the body of Bia's default HTTP error format and a
// detail of its gRPC statuses, from which runtime/errors restores the exact
// HTTP code of an error.
package errorspb
