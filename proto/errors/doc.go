// Package errorspb is the Go package of errors/errors.proto, the error
// annotations protoc-gen-go-errors reads:
//
//	import "errors/errors.proto";
//
//	enum ErrorReason {
//	  option (errors.default_code) = 500;
//	  USER_NOT_FOUND = 0 [(errors.code) = 404];
//	}
//
// The file is Kratos's, field for field (package errors, extensions 1108
// and 1109, message Status), so enums written for Kratos generate
// unchanged, whichever of the two copies they import.
//
// Unlike a generated package, this one registers nothing when it is
// linked: generated code imports it (protoc-gen-go links the Go package
// of every import), and Kratos's errors package registers a file of the
// same path and names, which protobuf-go refuses to register twice. A
// binary may link both. Nothing at run time needs the file: the plugins
// read the annotations by field number, and Bia's gRPC error detail is
// bia.errors.v1.Status, in a file of its own. Register adds the file to
// the global registry when no copy is there, after init, so that gRPC
// reflection can serve files importing it; the gRPC server calls it when
// it starts.
package errorspb
