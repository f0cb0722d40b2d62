package http

import (
	"encoding/json"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// marshalFieldJSON writes the proto3 JSON of one field of msg, as the
// reply of a route with response_body or the body of a body "field" rule:
// a message field as an object (or its well-known-type form), a repeated
// field as an array, a map as an object, a scalar as a JSON value, and an
// unset field with presence as null. Non-message fields go through
// protojson on a message of msg's type holding only that field, so every
// value has its exact proto3 JSON form (64-bit integers as strings, enums
// as names...) and messages inside follow o.
func marshalFieldJSON(o protojson.MarshalOptions, msg protoreflect.Message, fd protoreflect.FieldDescriptor) ([]byte, error) {
	if isMessageField(fd) {
		return o.Marshal(msg.Get(fd).Message().Interface())
	}
	key := fd.JSONName()
	if o.UseProtoNames {
		key = string(fd.Name())
	}
	tmp := msg.Type().New()
	if msg.Has(fd) {
		tmp.Set(fd, msg.Get(fd))
		if v, ok, err := jsonMember(o, tmp, key); ok || err != nil {
			return v, err
		}
	}
	switch {
	case fd.IsList():
		return []byte("[]"), nil
	case fd.IsMap():
		return []byte("{}"), nil
	case fd.HasPresence():
		return []byte("null"), nil
	}
	// The zero value of a scalar: tmp is empty, so emitting unpopulated
	// fields adds only top-level defaults.
	o.EmitUnpopulated = true
	if v, ok, err := jsonMember(o, tmp, key); ok || err != nil {
		return v, err
	}
	return []byte("null"), nil
}

// jsonMember marshals m and returns the member key of the JSON object.
func jsonMember(o protojson.MarshalOptions, m protoreflect.Message, key string) ([]byte, bool, error) {
	b, err := o.Marshal(m.Interface())
	if err != nil {
		return nil, false, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, false, fmt.Errorf("re-reading protojson output: %w", err)
	}
	v, ok := obj[key]
	return v, ok, nil
}

// decodeFieldJSON decodes a JSON value into a repeated, map or scalar
// field of msg, through protojson on a message of msg's type holding only
// that field, so the value is read with the exact proto3 JSON rules.
func decodeFieldJSON(o protojson.UnmarshalOptions, data []byte, msg protoreflect.Message, fd protoreflect.FieldDescriptor) error {
	if !json.Valid(data) {
		return badRequest("invalid JSON body for field %s", fd.Name())
	}
	wrapped := make([]byte, 0, len(data)+len(fd.Name())+5)
	wrapped = append(wrapped, `{"`...)
	wrapped = append(wrapped, fd.Name()...)
	wrapped = append(wrapped, `":`...)
	wrapped = append(wrapped, data...)
	wrapped = append(wrapped, '}')
	tmp := msg.Type().New()
	if err := o.Unmarshal(wrapped, tmp.Interface()); err != nil {
		return badRequest("invalid JSON body for field %s: %v", fd.Name(), err)
	}
	if tmp.Has(fd) {
		msg.Set(fd, tmp.Get(fd))
	}
	return nil
}
