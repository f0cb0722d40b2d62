package form_test

import (
	"maps"
	"net/url"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/typepb"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// BenchmarkDecode decodes a typical list query into a dynamicpb message
// (whose own Set and Mutable allocate) and queries into generated messages,
// through Decode (the fast path) and, for comparison, with the fast path
// off, through protoreflect as all messages were before it.
func BenchmarkDecode(b *testing.B) {
	b.Run("dynamicpb", func(b *testing.B) {
		md := descriptor(b, "ListRequest")
		dec := form.NewDecoder(md)
		values := parseQuery(b, "id=1&name=x&tags=a&tags=b&filter.kind=KIND_BOOK&page_size=10")
		msg := dynamicpb.NewMessage(md)
		b.ReportAllocs()
		for b.Loop() {
			msg.Reset()
			if err := dec.Decode(values, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	generated := []struct {
		name  string
		msg   proto.Message
		query string
	}{
		// google.protobuf.Type has the shape of the dynamicpb query: scalars,
		// a repeated string, a nested message and an enum.
		{"generated", &typepb.Type{}, "name=x&edition=e&oneofs=a&oneofs=b&source_context.file_name=f&syntax=SYNTAX_EDITIONS"},
		{"GetBookRequest", &httptestv1.GetBookRequest{},
			"book_id=x&revision=3&languages=en&languages=fr&filter.author=a&include_drafts=true&min_rating=1.5&format=BOOK_FORMAT_EBOOK"},
	}
	for _, g := range generated {
		dec := form.NewDecoder(g.msg.ProtoReflect().Descriptor())
		values := parseQuery(b, g.query)
		b.Run(g.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				proto.Reset(g.msg)
				if err := dec.Decode(values, g.msg); err != nil {
					b.Fatal(err)
				}
			}
		})
		keys := slices.Sorted(maps.Keys(values))
		b.Run(g.name+"/protoreflect", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				proto.Reset(g.msg)
				if err := form.DecodeKeys(dec, values, keys, g.msg, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	md := descriptor(b, "ListRequest")
	msg := dynamicpb.NewMessage(md)
	if err := form.NewDecoder(md).Decode(parseQuery(b, "id=1&name=x&tags=a&tags=b&filter.kind=KIND_BOOK&page_size=10"), msg); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := form.Encode(msg, url.Values{}); err != nil {
			b.Fatal(err)
		}
	}
}
