package form_test

import (
	"net/url"
	"testing"

	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/typepb"

	"github.com/bia-go/bia/runtime/encoding/form"
)

// BenchmarkDecode decodes a typical list query into a dynamicpb message
// (whose own Set and Mutable allocate) and into a generated message.
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
	// google.protobuf.Type has the same shape: scalars, a repeated string,
	// a nested message and an enum.
	b.Run("generated", func(b *testing.B) {
		dec := form.NewDecoder((&typepb.Type{}).ProtoReflect().Descriptor())
		values := parseQuery(b, "name=x&edition=e&oneofs=a&oneofs=b&source_context.file_name=f&syntax=SYNTAX_EDITIONS")
		msg := &typepb.Type{}
		b.ReportAllocs()
		for b.Loop() {
			msg.Reset()
			if err := dec.Decode(values, msg); err != nil {
				b.Fatal(err)
			}
		}
	})
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
