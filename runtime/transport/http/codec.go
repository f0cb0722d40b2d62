package http

import (
	"net/url"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// Codec turns messages into request or reply bodies and back. The server
// and the client have three built in: JSONCodec (proto3 JSON,
// "application/json"), ProtoCodec (binary protobuf,
// "application/x-protobuf" and "application/proto") and FormCodec
// ("application/x-www-form-urlencoded", request bodies only). The server's
// Codecs option and the client's WithCodec add others, or replace a
// built-in one for its media type. Implementations must be safe for
// concurrent use.
//
// A codec that can also implement AppendMarshaler should: the server then
// marshals replies into pooled buffers.
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

// AppendMarshaler is a Codec that can encode a message by appending to a
// buffer, which lets the server reuse reply buffers instead of allocating
// one per reply. JSONCodec and ProtoCodec implement it.
type AppendMarshaler interface {
	// MarshalAppend appends the encoding of m to b and returns the
	// extended buffer.
	MarshalAppend(b []byte, m proto.Message) ([]byte, error)
}

var (
	_ Codec           = JSONCodec{}
	_ Codec           = ProtoCodec{}
	_ Codec           = FormCodec{}
	_ AppendMarshaler = JSONCodec{}
	_ AppendMarshaler = ProtoCodec{}
)

// JSONCodec is proto3 JSON (protojson): lowerCamel names, enums as names,
// 64-bit integers as strings, well-known types in their JSON forms. The
// zero value omits unpopulated fields, writes JSON names and ignores
// unknown fields when decoding. (The server's replies emit unpopulated
// fields by default: see the EmitUnpopulated server option.)
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

// MarshalAppend appends the proto3 JSON of m to b.
func (c JSONCodec) MarshalAppend(b []byte, m proto.Message) ([]byte, error) {
	return c.marshalOptions().MarshalAppend(b, m)
}

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

// MarshalAppend appends the binary encoding of m to b.
func (ProtoCodec) MarshalAppend(b []byte, m proto.Message) ([]byte, error) {
	return proto.MarshalOptions{}.MarshalAppend(b, m)
}

// Unmarshal decodes the binary wire format into m, which it resets first.
func (ProtoCodec) Unmarshal(b []byte, m proto.Message) error { return proto.Unmarshal(b, m) }

// FormCodec is application/x-www-form-urlencoded with the query rules of
// package github.com/bia-go/bia/runtime/encoding/form (its depth and key
// limits included). Marshal writes proto field names unless UseJSONNames
// is set; Unmarshal accepts both and merges into m without clearing it.
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
func (c FormCodec) Unmarshal(b []byte, m proto.Message) error {
	return c.unmarshalWith(form.NewDecoder(m.ProtoReflect().Descriptor()), b, m)
}

// unmarshalWith decodes a form into m with a Decoder built for m's type,
// which the server builds once per route.
func (FormCodec) unmarshalWith(d *form.Decoder, b []byte, m proto.Message) error {
	v, err := url.ParseQuery(string(b))
	if err != nil {
		return err
	}
	return d.Decode(v, m)
}
