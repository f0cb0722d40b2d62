// Package errorsgen is the generator of protoc-gen-go-errors: it turns the
// error enums of .proto files into Go functions that build and recognise
// github.com/bia-go/bia/runtime/errors values.
//
// An enum is an error enum when it sets (errors.default_code) or some of its
// values set (errors.code), both from errors/errors.proto (the options and
// extension numbers of Kratos, so Kratos protos generate unchanged):
//
//	import "errors/errors.proto";
//
//	enum ErrorReason {
//	  option (errors.default_code) = 500;
//
//	  // The user does not exist.
//	  USER_NOT_FOUND = 0 [(errors.code) = 404];
//	  SYSTEM_ERROR = 1;
//	}
//
// The code of a value is its own (errors.code), else the enum's
// (errors.default_code); a code of 0, unset or explicit, counts as no code,
// as in Kratos (so an explicit 0 on a value falls back to the default code).
// A value without a code is not an error value. For each error value the
// generated <name>_errors.pb.go file has, with the value's comments:
//
//	func IsUserNotFound(err error) bool {
//		return errors.Match(err, 404, "USER_NOT_FOUND")
//	}
//
//	func ErrorUserNotFound(format string, args ...any) *errors.Error {
//		return errors.Newf(404, "USER_NOT_FOUND", format, args...)
//	}
//
// The reason is the value's proto name; the Go name follows Kratos's
// conversion (see [GoName]). Enums nested in messages, at any depth, are
// generated the same way. A file without error values gets no file.
//
// Problems are plugin errors, never panics: a code outside 100-599, a value
// name whose Go name is not an identifier, and two values (of one enum, of
// two enums, or of two files of one Go package) with the same Go name, or a
// function named like a message or enum type of the Go package. Every
// message names the file, the enum and the value.
//
// The generator imports no runtime package: it names runtime/errors through
// protogen, which writes the imports. The plugin binary,
// cmd/protoc-gen-go-errors, is essentially:
//
//	func main() {
//		protogen.Options{}.Run(errorsgen.Run)
//	}
package errorsgen
