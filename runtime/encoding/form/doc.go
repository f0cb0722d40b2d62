// Package form binds URL query parameters and application/x-www-form-urlencoded
// bodies to proto messages, and writes messages back as query parameters,
// with the query semantics of grpc-gateway v2 (runtime.PopulateQueryParameters)
// plus the checks the Bia HTTP mapping contract adds.
//
// The HTTP server builds one [Decoder] per route, skipping the fields the
// route takes from path variables and the body, and decodes each request's
// query into the request message; an [*Error] becomes 400 Bad Request:
//
//	dec := form.NewDecoder((&pb.ListBooksRequest{}).ProtoReflect().Descriptor(), form.Skip("parent"))
//	// per request, after the path variables are bound:
//	if err := dec.Decode(r.URL.Query(), req); err != nil {
//		var fe *form.Error
//		if errors.As(err, &fe) { /* 400, fe.Error() names the key */ }
//	}
//
// The generated client writes the other fields with [Encode] and the same
// skipped paths:
//
//	q := url.Values{}
//	if err := form.Encode(req, q, form.SkipPaths("parent")); err != nil { ... }
//	u.RawQuery = q.Encode()
//
// # Keys
//
// A key names a field by its proto name ("page_size") or its JSON name
// ("pageSize"); dotted keys go into singular message fields
// ("filter.kind"). A repeated field takes the key once per element
// ("tags=a&tags=b", kept in order; commas are not split). A map field
// takes one key per entry, "labels[env]=prod": the map key is everything
// between the first '[' and the final ']', parsed as the map's key type.
// Keys naming no field are ignored, as are keys under a skipped path
// (both count toward the limits below). When one field's proto name is
// another field's JSON name, the key names the first.
//
// # Values
//
//   - bool: true or false in any letter case, 1, 0, t, T, f, F;
//   - integers: decimal, range-checked for the field's type;
//   - float, double: decimal or hexadecimal, "NaN", "Infinity",
//     "-Infinity" (and Go's "Inf"); a float out of range is an error;
//   - string: the text, which must be UTF-8; bytes: base64, standard or
//     URL-safe, padded or not;
//   - enum: a value name, or a number (for a closed enum, a declared one);
//     google.protobuf.NullValue also takes "null";
//   - google.protobuf.Timestamp: RFC 3339; Duration: "1.5s" (Go durations
//     such as "1h30m" are accepted too); FieldMask: comma-separated paths,
//     lowerCamel converted to snake_case ("updateTime,name" binds
//     update_time and name); wrappers (Int32Value...): their scalar;
//     Struct, ListValue and Value: JSON text;
//   - "null" for a singular message field, including the well-known types,
//     leaves it unset; for google.protobuf.Value it is the JSON null, as in
//     proto3 JSON. "{}" for a message field that is not a well-known type
//     sets it to an empty message; a message field takes no other value.
//
// Elements of repeated fields and values of map fields follow the same
// rules, well-known types included, except that "null" is an error there
// (but for Value and NullValue, where it is a value).
//
// An empty value ("page_size=") is ignored, as in grpc-gateway, unless ""
// is a value of the field: a string, bytes, StringValue, BytesValue or
// FieldMask field is set to empty.
//
// # Errors
//
// Decode returns an [*Error] naming the key for a value that does not
// parse or is out of range, a singular field given twice (two values for
// one key, or two keys naming it such as "page_size" and "pageSize"), a map
// entry given twice, a second member of one oneof, a key going through a
// repeated, map, scalar or well-known-type field ("items.name"), a
// repeated or map field of messages, which a query cannot carry, and a
// query past the limits below.
//
// # Limits
//
// A query is untrusted, and in a recursive message type a key can name a
// field nested as deep as the key is long. So Decode and DecodeValue reject
// a key whose dotted path has more than 100 field names ("a.b.c" has 3; a
// map key in brackets does not count), whatever it names, with an [*Error]
// whose Key is the key and whose Msg reads "nests 101 fields deep; the
// limit is 100", before anything is looked up or created for it. Decode
// rejects more than 1000 distinct keys in one call, unknown and skipped
// keys included, with an [*Error] with no Key and the Msg "1001 keys; the
// limit is 1000", before binding any. And the keys of one call may name
// 10000 fields in all (each name can create a message; without this budget
// a type with two recursive fields would let 1000 keys 100 deep create
// 100,000): the key past it fails with the Msg "10012 field names in all;
// the limit is 10000". The options [MaxDepth], [MaxKeys] and [MaxNames]
// change the limits of a [Decoder]; 0 or less removes a limit.
//
// The JSON text of a Struct, ListValue or Value is parsed by protojson,
// whose recursion limit of 10000 nested messages (each array or object is
// about one) makes text nested deeper an invalid value.
//
// # Performance
//
// A message whose type has generated binding code is bound through it:
// protoc-gen-go-json writes a BindFormKey method for every message of a
// proto3 file, which makes it a [Binder]. That code switches on field
// names and writes the Go struct fields as hand-written code would,
// allocating only the slices and messages the struct then holds. It binds
// singular and repeated scalar and enum fields, and keys through singular
// message fields whose types have generated code too; it leaves every
// other key (maps, well-known types, oneof members, proto3 optional
// fields, message types without generated code) to the generic engine,
// which binds through protoreflect and boxes each value. Messages without
// generated code and dynamic messages, and every message under
// [IgnoreGenerated], are bound by the generic engine only. Either way the
// rules, results and errors are the same.
package form
