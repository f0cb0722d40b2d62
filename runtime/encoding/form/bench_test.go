package form_test

import (
	"net/url"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/typepb"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// BenchmarkDecode decodes a typical list query into a dynamicpb message
// (whose own Set and Mutable allocate), into a message of a type without
// generated binding code (google.protobuf.Type, of the same shape: scalars,
// a repeated string, a nested message and an enum), and into one with it,
// through its generated code and, for comparison, with IgnoreGenerated.
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
	tests := []struct {
		name  string
		msg   proto.Message
		opts  []form.DecoderOption
		query string
	}{
		{"no generated code", &typepb.Type{}, nil, "name=x&edition=e&oneofs=a&oneofs=b&source_context.file_name=f&syntax=SYNTAX_EDITIONS"},
		{"GetBookRequest", &httptestv1.GetBookRequest{}, nil, getBookQuery},
		{"GetBookRequest/IgnoreGenerated", &httptestv1.GetBookRequest{}, []form.DecoderOption{form.IgnoreGenerated()}, getBookQuery},
	}
	for _, tc := range tests {
		dec := form.NewDecoder(tc.msg.ProtoReflect().Descriptor(), tc.opts...)
		values := parseQuery(b, tc.query)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				proto.Reset(tc.msg)
				if err := dec.Decode(values, tc.msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// getBookQuery sets scalars, an enum, a repeated field and a nested
// message of a GetBookRequest.
const getBookQuery = "book_id=x&revision=3&languages=en&languages=fr&filter.author=a&include_drafts=true&min_rating=1.5&format=BOOK_FORMAT_EBOOK"

// BenchmarkGetItemLike binds a request as the HTTP server binds a GET
// with two path variables and seven query values (a string, an int, a
// bool, a double, an enum, a repeated string twice and a nested string):
// a new message, DecodeValue per path variable, Decode of the query with
// the path skipped; through the generated code and with IgnoreGenerated.
func BenchmarkGetItemLike(b *testing.B) {
	md := (&httptestv1.GetBookRequest{}).ProtoReflect().Descriptor()
	values := parseQuery(b, "revision=3&languages=en&languages=fr&filter.author=a&format=BOOK_FORMAT_EBOOK&include_drafts=true&min_rating=1.5")
	for _, tc := range []struct {
		name string
		opts []form.DecoderOption
	}{{"generated", nil}, {"IgnoreGenerated", []form.DecoderOption{form.IgnoreGenerated()}}} {
		path := form.NewDecoder(md, tc.opts...)
		query := form.NewDecoder(md, append(tc.opts, form.Skip("shelf.name", "book_id"))...)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				msg := &httptestv1.GetBookRequest{}
				if err := path.DecodeValue("shelf.name", "s1", msg); err != nil {
					b.Fatal(err)
				}
				if err := path.DecodeValue("book_id", "b1", msg); err != nil {
					b.Fatal(err)
				}
				if err := query.Decode(values, msg); err != nil {
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
