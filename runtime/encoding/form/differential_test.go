package form_test

import (
	"maps"
	"net/url"
	"slices"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/encoding/form/internal/formtestpb"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// subject is a message type and two Decoders for it with the same
// options: gen, the default, which uses the message's generated binding
// code when it has some, and ign, which ignores it.
type subject struct {
	name     string
	new      func() proto.Message // a new message of the Go type
	gen, ign *form.Decoder
}

// newSubject returns the subject of newMsg's type with Decoders of opts.
func newSubject(name string, newMsg func() proto.Message, opts ...form.DecoderOption) subject {
	md := newMsg().ProtoReflect().Descriptor()
	return subject{
		name: name,
		new:  newMsg,
		gen:  form.NewDecoder(md, opts...),
		ign:  form.NewDecoder(md, append(slices.Clone(opts), form.IgnoreGenerated())...),
	}
}

func (s subject) desc() protoreflect.MessageDescriptor {
	return s.new().ProtoReflect().Descriptor()
}

func newRich() proto.Message    { return &formtestpb.Rich{} }
func newGetBook() proto.Message { return &httptestv1.GetBookRequest{} }

// outcome is what one Decode left: the message and the error text.
type outcome struct {
	msg proto.Message
	err string
}

// fromInit returns a new message of s's type holding the prototext init.
func (s subject) fromInit(t testing.TB, init string) proto.Message {
	t.Helper()
	m := s.new()
	if err := prototext.Unmarshal([]byte(init), m); err != nil {
		t.Fatalf("prototext %q: %v", init, err)
	}
	return m
}

// decodeInto decodes values into msg, which first gets a copy of init
// (nil for none), binding keys in order.
func decodeInto(t testing.TB, dec *form.Decoder, msg, init proto.Message, values url.Values, keys []string) outcome {
	t.Helper()
	if init != nil {
		proto.Merge(msg, init)
	}
	o := outcome{msg: msg}
	if err := form.DecodeKeys(dec, values, keys, msg); err != nil {
		o.err = asFormError(t, err).Error()
	}
	return o
}

// decodeValueInto binds one key and value with DecodeValue into msg,
// which first gets a copy of init.
func decodeValueInto(t testing.TB, dec *form.Decoder, msg, init proto.Message, key, value string) outcome {
	t.Helper()
	if init != nil {
		proto.Merge(msg, init)
	}
	o := outcome{msg: msg}
	if err := dec.DecodeValue(key, value, msg); err != nil {
		o.err = asFormError(t, err).Error()
	}
	return o
}

// compare fails unless the outcomes of the generated code (gen) and of
// the generic engine into a Go struct (ign) and into a dynamicpb message
// (dyn) are the same: equal messages and equal error texts.
func compare(t testing.TB, what string, gen, ign, dyn outcome) {
	t.Helper()
	for _, other := range []struct {
		name string
		o    outcome
	}{{"generic engine", ign}, {"dynamicpb", dyn}} {
		if gen.err != other.o.err {
			t.Errorf("%s: error with generated code %q, %s %q", what, gen.err, other.name, other.o.err)
		}
		if proto.Equal(other.o.msg, gen.msg) {
			continue // diff, which equates NaNs, is slow
		}
		if d := diff(other.o.msg, gen.msg); d != "" {
			t.Errorf("%s: message (-%s +generated code):\n%s", what, other.name, d)
		}
	}
}

// checkSame decodes values, binding the keys in sorted and in reverse
// order, into messages holding init (nil for none) with the generated
// code, with the generic engine and into a dynamicpb message of the same
// descriptor, and fails unless the three leave equal messages and equal
// errors; and does the same for each key's first value with DecodeValue
// (the first maxValueKeys keys).
// It returns the outcome of the generated code, sorted order.
func checkSame(t testing.TB, s subject, init proto.Message, values url.Values) outcome {
	t.Helper()
	keys := slices.Sorted(maps.Keys(values))
	reversed := slices.Clone(keys)
	slices.Reverse(reversed)
	var first outcome
	for i, order := range [][]string{keys, reversed} {
		gen := decodeInto(t, s.gen, s.new(), init, values, order)
		ign := decodeInto(t, s.ign, s.new(), init, values, order)
		dyn := decodeInto(t, s.gen, dynamicpb.NewMessage(s.desc()), init, values, order)
		compare(t, s.name+": Decode of keys "+quoteKeys(order), gen, ign, dyn)
		if i == 0 {
			first = gen
		}
	}
	for _, key := range keys[:min(len(keys), maxValueKeys)] {
		if len(values[key]) == 0 {
			continue
		}
		v := values[key][0]
		gen := decodeValueInto(t, s.gen, s.new(), init, key, v)
		ign := decodeValueInto(t, s.ign, s.new(), init, key, v)
		dyn := decodeValueInto(t, s.gen, dynamicpb.NewMessage(s.desc()), init, key, v)
		compare(t, s.name+": DecodeValue("+quoteKeys([]string{key, v})+")", gen, ign, dyn)
	}
	return first
}

// maxValueKeys bounds the keys checkSame binds one by one with
// DecodeValue, so that a fuzzed query of many keys stays quick.
const maxValueKeys = 16

// quoteKeys quotes keys for a failure message, shortened.
func quoteKeys(keys []string) string {
	out := "["
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		if len(k) > 80 {
			k = k[:80] + "..."
		}
		out += "\"" + k + "\""
	}
	return out + "]"
}

// TestDecodeRichDifferential runs every case of the decode tables against
// the generated formtest.v1.Rich, which has no generated binding code: the
// generic engine must bind its Go struct and a dynamicpb message alike.
func TestDecodeRichDifferential(t *testing.T) {
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSubject("Rich", newRich, form.Skip(tc.skip...))
			got := checkSame(t, s, s.fromInit(t, tc.init), parseQuery(t, tc.query))
			if got.err != "" {
				t.Fatalf("Decode(%q): %s", tc.query, got.err)
			}
			if d := diff(s.fromInit(t, tc.want), got.msg); d != "" {
				t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tc.query, d)
			}
		})
	}
	s := newSubject("Rich", newRich)
	for _, tc := range decodeErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkSame(t, s, s.fromInit(t, tc.init), parseQuery(t, tc.query)); got.err == "" {
				t.Errorf("Decode(%q) succeeded, want an error", tc.query)
			}
		})
	}
}

// TestDecodeGoAPIs decodes into messages generated with the opaque and
// the hybrid Go APIs, which have no generated binding code: as into
// dynamicpb messages.
func TestDecodeGoAPIs(t *testing.T) {
	subjects := []subject{
		newSubject("Opaque", func() proto.Message { return &formtestpb.Opaque{} }),
		newSubject("Hybrid", func() proto.Message { return &formtestpb.Hybrid{} }),
	}
	for _, s := range subjects {
		t.Run(s.name, func(t *testing.T) {
			for _, q := range []string{"name=a&tags=x&tags=y&size=3&child.child.name=b", "size=x", "name=a&name=b", "child.tags=a&child.tags=%FF"} {
				checkSame(t, s, nil, parseQuery(t, q))
			}
			got := checkSame(t, s, nil, parseQuery(t, "name=a&tags=x&tags=y&size=3&child.child.name=b"))
			if d := diff(s.fromInit(t, `name: "a" tags: ["x", "y"] size: 3 child {child {name: "b"}}`), got.msg); d != "" {
				t.Errorf("mismatch (-want +got):\n%s", d)
			}
		})
	}
}
