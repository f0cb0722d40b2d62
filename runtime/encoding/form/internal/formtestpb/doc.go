// Package formtestpb holds the Go types that protoc-gen-go generates for the
// test protos of package form: formtest.v1.Rich (a field of every kind),
// formtest.v1.Legacy (proto2), and one message each generated with the
// opaque and the hybrid Go API. The form tests decode into them, Go
// structs without generated binding code, and check them against dynamicpb
// messages.
//
// The files are regenerated, and checked to be current, by
//
//	go test -run TestGeneratedTestTypes -update github.com/bia-go/bia/runtime/encoding/form
//
// A test uses the types as any generated code:
//
//	msg := &formtestpb.Rich{}
//	err := form.NewDecoder(msg.ProtoReflect().Descriptor()).Decode(query, msg)
package formtestpb
