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
// Keys naming no field are ignored, as are keys under a skipped path. When
// one field's proto name is another field's JSON name, the key names the
// first.
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
// repeated, map, scalar or well-known-type field ("items.name"), and a
// repeated or map field of messages, which a query cannot carry.
package form
