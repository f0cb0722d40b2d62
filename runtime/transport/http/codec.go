package http

import (
	"encoding/json"
	"fmt"
	"net/url"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// Codec turns messages into request or reply bodies and back. The server
// and the client have three built in: JSONCodec (proto3 JSON,
// "application/json"), ProtoCodec (binary protobuf,
// "application/x-protobuf") and FormCodec
// ("application/x-www-form-urlencoded"). The server's Codecs option and the
// client's WithCodec add others, or replace a built-in one for its media
// type. Implementations must be safe for concurrent use.
type Codec interface {
	// Name is the codec's short name, for error messages: "json",
	// "proto", "form".
	Name() string
	// ContentType is the media type the codec reads and writes, without
	// parameters: "application/json".
	ContentType() string
	// Marshal encodes m.
	Marshal(m proto.Message) ([]byte, error)
	// Unmarshal decodes b into m.
	Unmarshal(b []byte, m proto.Message) error
}

var (
	_ Codec = JSONCodec{}
	_ Codec = ProtoCodec{}
	_ Codec = FormCodec{}
)

// JSONCodec is proto3 JSON (protojson): lowerCamel names, enums as names,
// 64-bit integers as strings, well-known types in their JSON forms. The zero
// value omits unpopulated fields, writes JSON names and ignores unknown
// fields when decoding.
type JSONCodec struct {
	// EmitUnpopulated writes fields with zero values too.
	EmitUnpopulated bool
	// UseProtoNames writes proto field names instead of JSON names.
	// Decoding accepts both either way.
	UseProtoNames bool
	// RejectUnknownFields makes Unmarshal fail on a field the message
	// does not have.
	RejectUnknownFields bool
}

// Name returns "json".
func (JSONCodec) Name() string { return "json" }

// ContentType returns "application/json".
func (JSONCodec) ContentType() string { return mimeJSON }

// Marshal encodes m as proto3 JSON.
func (c JSONCodec) Marshal(m proto.Message) ([]byte, error) { return c.marshalOptions().Marshal(m) }

// Unmarshal decodes proto3 JSON into m, which it resets first.
func (c JSONCodec) Unmarshal(b []byte, m proto.Message) error {
	return c.unmarshalOptions().Unmarshal(b, m)
}

func (c JSONCodec) marshalOptions() protojson.MarshalOptions {
	return protojson.MarshalOptions{EmitUnpopulated: c.EmitUnpopulated, UseProtoNames: c.UseProtoNames}
}

func (c JSONCodec) unmarshalOptions() protojson.UnmarshalOptions {
	return protojson.UnmarshalOptions{DiscardUnknown: !c.RejectUnknownFields}
}

// ProtoCodec is the binary protobuf wire format.
type ProtoCodec struct{}

// Name returns "proto".
func (ProtoCodec) Name() string { return "proto" }

// ContentType returns "application/x-protobuf".
func (ProtoCodec) ContentType() string { return mimeProto }

// Marshal encodes m in the binary wire format.
func (ProtoCodec) Marshal(m proto.Message) ([]byte, error) { return proto.Marshal(m) }

// Unmarshal decodes the binary wire format into m, which it resets first.
func (ProtoCodec) Unmarshal(b []byte, m proto.Message) error { return proto.Unmarshal(b, m) }

// FormCodec is application/x-www-form-urlencoded with the query rules of
// package github.com/bia-go/bia/runtime/encoding/form. Marshal writes
// proto field names unless UseJSONNames is set; Unmarshal accepts both and
// merges into m without clearing it.
type FormCodec struct {
	// UseJSONNames makes Marshal write lowerCamel JSON names.
	UseJSONNames bool
}

// Name returns "form".
func (FormCodec) Name() string { return "form" }

// ContentType returns "application/x-www-form-urlencoded".
func (FormCodec) ContentType() string { return mimeForm }

// Marshal encodes m as a form.
func (c FormCodec) Marshal(m proto.Message) ([]byte, error) {
	var opts []form.EncodeOption
	if c.UseJSONNames {
		opts = append(opts, form.UseJSONNames())
	}
	v := url.Values{}
	if err := form.Encode(m, v, opts...); err != nil {
		return nil, err
	}
	return []byte(v.Encode()), nil
}

// Unmarshal decodes a form into m.
func (FormCodec) Unmarshal(b []byte, m proto.Message) error {
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return err
	}
	return form.NewDecoder(m.ProtoReflect().Descriptor()).Decode(v, m)
}

// marshalFieldJSON writes the proto3 JSON of one field of msg, as the
// reply of a route with response_body: a message field as an object (or
// its well-known-type form), a repeated field as an array, a map as an
// object, a scalar as a JSON value, and an unset field with presence as
// null. Non-message fields go through protojson on a message of msg's type
// holding only that field, so every value has its exact proto3 JSON form
// (64-bit integers as strings, enums as names...) and messages inside
// follow o.
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

// isMessageField reports a singular message field.
func isMessageField(fd protoreflect.FieldDescriptor) bool {
	return fd.Message() != nil && !fd.IsList() && !fd.IsMap()
}
