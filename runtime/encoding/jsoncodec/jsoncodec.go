package jsoncodec

import (
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// Resolver finds the types of google.protobuf.Any values and extensions,
// as protojson's options do.
type Resolver interface {
	protoregistry.ExtensionTypeResolver
	protoregistry.MessageTypeResolver
}

// MarshalOptions are the options of proto3 JSON encoding, a subset of
// protojson.MarshalOptions with the same meaning. The zero value writes
// lowerCamel JSON names and omits unpopulated fields.
type MarshalOptions struct {
	// EmitUnpopulated writes fields with zero values too: false, 0, "",
	// [] and {} for fields without presence, null for unset message
	// fields. Unset oneof members and proto3 optional fields stay out.
	// The default omits them.
	EmitUnpopulated bool
	// UseProtoNames writes proto field names ("create_time") instead of
	// JSON names ("createTime"). The default writes JSON names.
	UseProtoNames bool
	// Resolver finds the types of Any values; nil means
	// protoregistry.GlobalTypes.
	Resolver Resolver
}

// UnmarshalOptions are the options of proto3 JSON decoding, a subset of
// protojson.UnmarshalOptions with the same meaning. Both JSON and proto
// field names are always accepted.
type UnmarshalOptions struct {
	// DiscardUnknown ignores fields the message does not have and enum
	// names it does not know. The default rejects them.
	DiscardUnknown bool
	// RecursionLimit is how deeply messages may nest; 0 means protojson's
	// default, 10,000.
	RecursionLimit int
	// Resolver finds the types of Any values; nil means
	// protoregistry.GlobalTypes.
	Resolver Resolver
}

// Marshaler is a message with generated proto3 JSON encoding code
// (protoc-gen-go-json). MarshalProtoJSON writes the message, an object,
// to e; it records a failure in e rather than returning it.
type Marshaler interface {
	MarshalProtoJSON(e *Encoder)
}

// Unmarshaler is a message with generated proto3 JSON decoding code
// (protoc-gen-go-json). UnmarshalProtoJSON reads the next value of d, an
// object or null, into the message, which the caller has reset; it
// records a failure in d rather than returning it.
type Unmarshaler interface {
	UnmarshalProtoJSON(d *Decoder)
}

// Marshal encodes m as proto3 JSON: with its generated code when it has
// some, with protojson otherwise.
func (o MarshalOptions) Marshal(m proto.Message) ([]byte, error) {
	return o.MarshalAppend(nil, m)
}

// MarshalAppend appends the proto3 JSON of m to b.
func (o MarshalOptions) MarshalAppend(b []byte, m proto.Message) ([]byte, error) {
	g, ok := m.(Marshaler)
	if !ok {
		p := o.protojson()
		p.AllowPartial = false
		return p.MarshalAppend(b, m)
	}
	e := newEncoder(b, &o)
	g.MarshalProtoJSON(e)
	out, err := e.finish()
	if err != nil {
		return nil, err
	}
	// As protojson: the required fields of proto2 messages held by m are
	// checked once, for the whole message, after encoding.
	if err := proto.CheckInitialized(m); err != nil {
		return nil, err
	}
	return out, nil
}

// Unmarshal resets m and decodes the proto3 JSON in data into it: with its
// generated code when it has some, with protojson otherwise.
func (o UnmarshalOptions) Unmarshal(data []byte, m proto.Message) error {
	g, ok := m.(Unmarshaler)
	if !ok {
		p := o.protojson()
		p.AllowPartial = false
		return p.Unmarshal(data, m)
	}
	proto.Reset(m)
	d := newDecoder(data, &o)
	g.UnmarshalProtoJSON(d)
	if err := d.finish(); err != nil {
		return err
	}
	return proto.CheckInitialized(m)
}

// Generated reports whether m has generated encoding and decoding code.
func Generated(m proto.Message) bool {
	_, enc := m.(Marshaler)
	_, dec := m.(Unmarshaler)
	return enc && dec
}

// protojson returns the protojson options of o for a message inside a
// generated one: partial, since the required fields are checked once, at
// the top, as protojson checks them.
func (o *MarshalOptions) protojson() protojson.MarshalOptions {
	return protojson.MarshalOptions{EmitUnpopulated: o.EmitUnpopulated, UseProtoNames: o.UseProtoNames, Resolver: o.Resolver, AllowPartial: true}
}

// protojson returns the protojson options of o for a message inside a
// generated one (see MarshalOptions.protojson).
func (o *UnmarshalOptions) protojson() protojson.UnmarshalOptions {
	return protojson.UnmarshalOptions{DiscardUnknown: o.DiscardUnknown, RecursionLimit: o.RecursionLimit, Resolver: o.Resolver, AllowPartial: true}
}
