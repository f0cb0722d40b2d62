package form_test

import (
	"maps"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
	"github.com/bia-go/bia/runtime/encoding/form/internal/formtestpb"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// subject is a generated message type and a Decoder for it.
type subject struct {
	name string
	dec  *form.Decoder
	new  func() proto.Message // a new generated message
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

// decodeInto decodes values into msg, which first holds the prototext
// init, binding keys in order.
func decodeInto(t testing.TB, dec *form.Decoder, msg proto.Message, init string, values url.Values, keys []string, fast bool) outcome {
	t.Helper()
	if err := prototext.Unmarshal([]byte(init), msg); err != nil {
		t.Fatalf("prototext %q: %v", init, err)
	}
	o := outcome{msg: msg}
	if err := form.DecodeKeys(dec, values, keys, msg, fast); err != nil {
		o.err = asFormError(t, err).Error()
	}
	return o
}

// checkSame decodes values, binding the keys in sorted and in reverse
// order, into a generated message on the fast path, into one through
// protoreflect and into a dynamicpb message of the same descriptor, and
// fails unless the three leave equal messages and equal errors. It returns
// the fast-path outcome of the sorted order.
func checkSame(t testing.TB, s subject, init string, values url.Values) outcome {
	t.Helper()
	keys := slices.Sorted(maps.Keys(values))
	reversed := slices.Clone(keys)
	slices.Reverse(reversed)
	var first outcome
	for i, order := range [][]string{keys, reversed} {
		fast := decodeInto(t, s.dec, s.new(), init, values, order, true)
		slow := decodeInto(t, s.dec, s.new(), init, values, order, false)
		dyn := decodeInto(t, s.dec, dynamicpb.NewMessage(s.desc()), init, values, order, true)
		for _, other := range []struct {
			name string
			o    outcome
		}{{"generated through protoreflect", slow}, {"dynamicpb", dyn}} {
			if fast.err != other.o.err {
				t.Errorf("%s: keys %q: error on the fast path %q, %s %q", s.name, order, fast.err, other.name, other.o.err)
			}
			if d := diff(other.o.msg, fast.msg); d != "" {
				t.Errorf("%s: keys %q: message (-%s +fast path):\n%s", s.name, order, other.name, d)
			}
		}
		if i == 0 {
			first = fast
		}
	}
	return first
}

// TestDecodeFastPathDifferential runs every case of the decode tables
// against the generated formtest.v1.Rich.
func TestDecodeFastPathDifferential(t *testing.T) {
	md := newRich().ProtoReflect().Descriptor()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			s := subject{name: "Rich", dec: form.NewDecoder(md, form.Skip(tc.skip...)), new: newRich}
			got := checkSame(t, s, tc.init, parseQuery(t, tc.query))
			if got.err != "" {
				t.Fatalf("Decode(%q): %s", tc.query, got.err)
			}
			want := newRich()
			if err := prototext.Unmarshal([]byte(tc.want), want); err != nil {
				t.Fatal(err)
			}
			if d := diff(want, got.msg); d != "" {
				t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tc.query, d)
			}
		})
	}
	for _, tc := range decodeErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			s := subject{name: "Rich", dec: form.NewDecoder(md), new: newRich}
			if got := checkSame(t, s, tc.init, parseQuery(t, tc.query)); got.err == "" {
				t.Errorf("Decode(%q) succeeded, want an error", tc.query)
			}
		})
	}
}

// TestFastPathFields checks which fields the fast path writes: scalars,
// enums and repeated ones with implicit presence, and singular messages
// that are not well-known types; never oneofs, maps, fields with explicit
// presence, opaque-API or dynamic messages.
func TestFastPathFields(t *testing.T) {
	rich := newRich().ProtoReflect().Descriptor()
	scalars := []string{"custom", "f_bool", "f_bytes", "f_double", "f_enum", "f_fixed32", "f_fixed64", "f_float",
		"f_int32", "f_int64", "f_sfixed32", "f_sfixed64", "f_sint32", "f_sint64", "f_string", "f_uint32", "f_uint64"}
	richTop := slices.Sorted(slices.Values(append(scalars, "any", "child", "empty", "filter", "legacy", "null",
		"r_bool", "r_bytes", "r_double", "r_enum", "r_int32", "r_string")))
	// Through the singular message fields: Rich.child is a Rich, Legacy is
	// proto2 (only its repeated closed enum and its group are fast) and
	// google.protobuf.Any is an ordinary generated message.
	richNested := slices.Clone(richTop)
	for _, f := range richTop {
		richNested = append(richNested, "child."+f)
	}
	richNested = slices.Sorted(slices.Values(append(richNested, "any.type_url", "any.value",
		"filter.child", "filter.kind", "filter.labels", "filter.query", "legacy.closed_list", "legacy.grp")))
	tests := []struct {
		name  string
		dec   *form.Decoder
		msg   proto.Message
		depth int
		want  []string
	}{
		{"Rich", form.NewDecoder(rich), newRich(), 1, richTop},
		{"Rich, decoder of a compiled descriptor", form.NewDecoder(descriptor(t, "Rich")), newRich(), 1, richTop},
		{"Rich nested", form.NewDecoder(rich), newRich(), 2, richNested},
		{"GetBookRequest", form.NewDecoder(newGetBook().ProtoReflect().Descriptor()), newGetBook(), 3, []string{
			"book_id", "checksum32", "checksum64", "editions", "etag", "filter", "filter.author", "filter.year",
			"filter.year.max", "filter.year.min", "format", "formats", "include_drafts", "languages", "max_results",
			"max_size_bytes", "min_pages", "min_rating", "min_score", "offset", "rank_delta", "revision", "shelf",
			"shelf.book_count", "shelf.name", "shelf.theme", "shift32", "shift64", "sort_order"}},
		{"opaque API", form.NewDecoder((&formtestpb.Opaque{}).ProtoReflect().Descriptor()), &formtestpb.Opaque{}, 2, nil},
		{"hybrid API", form.NewDecoder((&formtestpb.Hybrid{}).ProtoReflect().Descriptor()), &formtestpb.Hybrid{}, 2, []string{
			"child", "child.child", "child.name", "child.size", "child.tags", "name", "size", "tags"}},
		{"dynamicpb", form.NewDecoder(rich), dynamicpb.NewMessage(rich), 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, form.FastFields(tc.dec, tc.msg, tc.depth)); d != "" {
				t.Errorf("fast-path fields (-want +got):\n%s", d)
			}
		})
	}
}
