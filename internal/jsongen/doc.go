// Package jsongen is the generator of protoc-gen-go-json: for every
// message of a proto3 file it writes proto3 JSON encoding and decoding
// code that calls github.com/bia-go/bia/runtime/encoding/jsoncodec, with
// protojson's semantics and without its reflection, the move vtprotobuf
// made for the binary format.
//
// For a message Item the generated <name>_json.pb.go file declares:
//
//	func (x *Item) MarshalProtoJSON(e *jsoncodec.Encoder)
//	func (x *Item) UnmarshalProtoJSON(d *jsoncodec.Decoder)
//
// which make *Item a jsoncodec.Marshaler and a jsoncodec.Unmarshaler. The
// encoder writes the fields in declaration order, as protojson does, each
// under its JSON or proto name (the encoder's option) and only when
// populated (or always, under EmitUnpopulated, but for oneof members and
// proto3 optional fields); map keys sorted as protojson sorts them. The
// decoder switches on the member name (the JSON name, then the proto
// name: a JSON name that is another field's proto name means its own
// field, as protojson decides), rejects a field given twice and a second
// member of a oneof, skips null but for google.protobuf.Value and
// NullValue fields, and leaves unknown members to the runtime
// (DiscardUnknown).
//
// Well-known types: Timestamp, Duration and FieldMask have runtime
// methods; a wrapper is written as its value; Struct, Value, ListValue,
// Any and Empty, and messages of files without generated code (proto2 and
// editions files, other runs), go through jsoncodec's Message, which uses
// a message's generated code when it has some and protojson otherwise.
//
// The same file binds query parameters and path variables (the rules of
// github.com/bia-go/bia/runtime/encoding/form) without protoreflect:
//
//	func (x *Item) BindFormKey(k *form.Key)
//
// makes *Item a form.Binder, which form.Decoder hands each key to. It
// switches on the key's next dotted name (proto names first, then JSON
// names, as form looks a name up), sets singular scalars and enums,
// appends to repeated ones and goes on into singular message fields whose
// types have generated code in the same run; form.Key parses, records and
// checks. Every other field (maps, well-known types, oneof members, proto3
// optional scalars, other messages) is left to form's generic engine with
// k.Fallback(), as are the keys the Key itself declines, so the results
// and errors are the generic engine's.
//
// Files of other syntaxes than proto3 get no code: their messages keep
// protojson.
package jsongen
