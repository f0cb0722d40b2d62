package jsoncheck

import (
	"fmt"
	"math/rand/v2"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/bia-go/bia/internal/protorand"
)

// MessageTypes returns every message type of files, nested ones included,
// map entries excluded, from protoregistry.GlobalTypes: the types the
// differential tests go over. A type not linked in is left out.
func MessageTypes(files ...protoreflect.FileDescriptor) []protoreflect.MessageType {
	var out []protoreflect.MessageType
	var walk func(ms protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := range ms.Len() {
			md := ms.Get(i)
			if md.IsMapEntry() {
				continue
			}
			if mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName()); err == nil {
				out = append(out, mt)
			}
			walk(md.Messages())
		}
	}
	for _, f := range files {
		walk(f.Messages())
	}
	return out
}

// hostile are inputs every message type is decoded from: wrong shapes,
// bad grammar, nulls, duplicates, unknown fields, deep nesting.
var hostile = []string{
	``, ` `, `null`, `{}`, `[]`, `""`, `0`, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{,}`, `{} {}`, `{}x`,
	`{"unknown":1}`, `{"unknown":{"x":[1,2,{"y":null}]}}`, `{"unknown":[[[[[[[[[]]]]]]]]]}`, `{"unknown":"\ud800"}`,
	`{"unknown":tru}`, `{"unknown":01}`, `{"unknown":1.}`, `{"unknown":-}`, `{"unknown":"\x01"}`, "{\"unknown\":\"\xff\"}",
	`{"@type":"x"}`, `{"":1}`, "\ufeff{}", `{"a":1}` + "\x00",
}

// fieldValues are the values Seeds gives every field: of every JSON type,
// at the edges of the proto3 JSON rules.
var fieldValues = []string{`null`, `0`, `-1`, `1.5`, `1e2`, `"1"`, `" 1"`, `"-0"`, `true`, `"true"`, `""`, `"AAE="`, `"AAE"`, `"_-8"`,
	`"NaN"`, `"Infinity"`, `1e400`, `"1e400"`, `[]`, `[null]`, `[1,"a"]`, `{}`, `{"1":1}`, `{"true":"a"}`, `{"a":{}}`,
	`"1970-01-01T00:00:00Z"`, `"1.5s"`, `"a,bC"`, `"COLOR_RED"`, `"NOPE"`, `99`, `18446744073709551615`, `"9223372036854775808"`}

// Corpus returns the seed corpus of a fuzz target decoding into mt: the
// hostile inputs and protojson's JSON of a few random messages. It is
// smaller than Seeds (which the unit tests go through whole), so that
// gathering a fuzz run's baseline coverage stays quick.
func Corpus(mt protoreflect.MessageType) [][]byte {
	out := make([][]byte, 0, len(hostile)+4)
	for _, h := range hostile {
		out = append(out, []byte(h))
	}
	r := protorand.New(rand.New(rand.NewPCG(11, 13)), protorand.Options{})
	for i := range 4 {
		m := mt.New()
		r.Fill(m)
		if b, err := (protojson.MarshalOptions{UseProtoNames: i%2 == 1}).Marshal(m.Interface()); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// Seeds returns inputs to decode into messages of type mt: hostile ones,
// protojson's JSON of random messages under several option sets, and per
// field (by either name) values of every JSON type, a null given twice,
// and two fields set to objects.
func Seeds(mt protoreflect.MessageType) [][]byte {
	var out [][]byte
	for _, h := range hostile {
		out = append(out, []byte(h))
	}
	r := protorand.New(rand.New(rand.NewPCG(7, 7)), protorand.Options{})
	for i := range 20 {
		m := mt.New()
		r.Fill(m)
		o := protojson.MarshalOptions{EmitUnpopulated: i%2 == 0, UseProtoNames: i%3 == 0}
		if b, err := o.Marshal(m.Interface()); err == nil {
			out = append(out, b)
		}
	}
	fields := mt.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		for _, name := range []string{fd.JSONName(), string(fd.Name())} {
			for _, v := range fieldValues {
				out = append(out, []byte(`{"`+name+`":`+v+`}`))
			}
			out = append(out, []byte(`{"`+name+`":null,"`+name+`":null}`))
		}
		if i+1 < fields.Len() {
			next := fields.Get(i + 1)
			out = append(out, []byte(`{"`+fd.JSONName()+`":{},"`+next.JSONName()+`":{}}`))
		}
	}
	return out
}

// Random checks n random messages of type mt with Marshal, drawn from
// seed, with invalid UTF-8 and out-of-range well-known types now and then.
func Random(mt protoreflect.MessageType, seed uint64, n int) error {
	r := protorand.New(rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), protorand.Options{InvalidUTF8: true, InvalidWKT: true})
	for i := range n {
		m := mt.New()
		r.Fill(m)
		if err := Marshal(m.Interface()); err != nil {
			return fmt.Errorf("random message %d of seed %d: %w", i, seed, err)
		}
	}
	return nil
}

// Decode checks every seed input of mt (Seeds) with Unmarshal and
// returns the disagreements.
func Decode(mt protoreflect.MessageType) []error {
	var errs []error
	for _, data := range Seeds(mt) {
		if err := Unmarshal(mt.New().Interface(), data); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
