package form_test

import (
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// getBookCases cover every field of httptest.v1.GetBookRequest, one per
// kind of field, those its generated code binds and those it leaves to the
// generic engine, for TestDecodeGetBookRequest.
var getBookCases = []struct {
	name    string
	query   string
	init    string   // prototext of the message before Decode
	skip    []string // as a route skips path variables
	wantErr bool
}{
	{name: "every scalar", query: "book_id=b&revision=-3&min_pages=-4&max_size_bytes=18446744073709551615&max_results=6" +
		"&rank_delta=-7&offset=-8&checksum32=9&checksum64=10&shift32=-11&shift64=-12&include_drafts=true" +
		"&min_rating=1.5&min_score=-2.5&format=BOOK_FORMAT_EBOOK&etag=AQID&orderBy=title"},
	{name: "JSON names", query: "bookId=b&minPages=4&maxSizeBytes=5&includeDrafts=1&minRating=NaN&minScore=Infinity&sort_order=s"},
	{name: "enum by number, open enum", query: "format=2&formats=7&formats=BOOK_FORMAT_HARDCOVER&formats=-1"},
	{name: "repeated", query: "languages=en&languages=&languages=fr&editions=1&editions=&editions=3"},
	{name: "appends to repeated", init: `languages: "de" editions: 9`, query: "languages=en&editions=1"},
	{name: "empty values", query: "book_id=&revision=&etag=&format=&languages=&filter.author=&shelf.theme=&shelf.book_count="},
	{name: "empty bytes clear", init: `etag: "x"`, query: "etag="},
	{name: "nested", query: "shelf.theme=t&shelf.book_count=3&filter.author=a&filter.year.min=1990&filter.year.max=2000"},
	{name: "nested kept", init: `shelf {name: "s1"} filter {year {min: 1}}`, query: "shelf.theme=t&filter.year.max=2"},
	{name: "nested {} and null", query: "filter=%7B%7D&shelf=null&filter.year=%7B%7D"},
	{name: "path variables skipped", skip: []string{"shelf.name", "book_id"}, init: `shelf {name: "s1"} book_id: "b"`,
		query: "shelf.name=x&book_id=y&bookId=z&shelf.theme=t"},
	{name: "well-known types", query: "shelf.create_time=2024-01-02T03:04:05Z&published_after=2024-01-02T03:04:05Z" +
		"&max_age=1.5s&read_mask=bookId,shelf.theme&author=a&min_copies=-3&available=false&max_price=9.5" +
		"&attributes=%7B%22a%22:1%7D&hint=null"},
	{name: "maps", query: "labels[a]=x&labels[b]=&min_counts[c]=3&minCounts[d]=4"},
	{name: "oneof and optional", query: "isbn=i&page_size=0"},
	{name: "oneof member by JSON name", query: "catalogNumber=5&pageSize=7"},
	{name: "mixed generated and generic", query: "shelf.theme=t&shelf.create_time=2024-01-02T03:04:05Z&filter.year.min=1&isbn=x" +
		"&languages=a&labels[k]=v&revision=2&author=z"},
	{name: "int32 out of range", query: "revision=2147483648", wantErr: true},
	{name: "uint64 negative", query: "max_size_bytes=-1", wantErr: true},
	{name: "sint32 not a number", query: "rank_delta=x", wantErr: true},
	{name: "float out of range", query: "min_score=1e39", wantErr: true},
	{name: "bool", query: "include_drafts=yes", wantErr: true},
	{name: "bytes", query: "etag=!", wantErr: true},
	{name: "enum", query: "format=BOOK_FORMAT_SCROLL", wantErr: true},
	{name: "repeated element", query: "editions=1&editions=x&editions=3", wantErr: true},
	{name: "repeated enum element", query: "formats=1&formats=2147483648", wantErr: true},
	{name: "string not UTF-8", query: "book_id=%FF", wantErr: true},
	{name: "scalar given twice", query: "revision=1&revision=2", wantErr: true},
	{name: "scalar by two names", query: "book_id=a&bookId=b", wantErr: true},
	{name: "custom JSON name by two names", query: "sort_order=a&orderBy=b", wantErr: true},
	{name: "nested scalar given twice", query: "languages=a&languages=b&filter.author=x&filter.author=y", wantErr: true},
	{name: "nested scalar by two names", query: "shelf.book_count=1&shelf.bookCount=2", wantErr: true},
	{name: "nested message value", query: "filter.year=1990", wantErr: true},
	{name: "nested message twice", query: "filter=%7B%7D&filter=%7B%7D", wantErr: true},
	{name: "through a scalar", query: "revision.x=1", wantErr: true},
	{name: "through a repeated field", query: "languages.x=1", wantErr: true},
	{name: "through a well-known type", query: "max_age.seconds=1", wantErr: true},
	{name: "map key given twice", query: "labels[a]=1&labels[a]=2", wantErr: true},
	{name: "two oneof members", query: "isbn=i&catalog_number=1", wantErr: true},
	{name: "oneof member set before", init: `isbn: "i"`, query: "catalogNumber=1", wantErr: true},
	{name: "key on a non-map", query: "revision[1]=1", wantErr: true},
	{name: "wrapper", query: "min_copies=x", wantErr: true},
}

func TestDecodeGetBookRequest(t *testing.T) {
	for _, tc := range getBookCases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSubject("GetBookRequest", newGetBook, form.Skip(tc.skip...))
			got := checkSame(t, s, s.fromInit(t, tc.init), parseQuery(t, tc.query))
			if (got.err != "") != tc.wantErr {
				t.Errorf("Decode(%q) error %q, want an error: %t", tc.query, got.err, tc.wantErr)
			}
		})
	}
}

// TestUsesGenerated checks when a Decoder binds through a message's
// generated code: only into a message that has it (a form.Binder) and
// whose descriptor is the one the Decoder was built for, unless
// IgnoreGenerated.
func TestUsesGenerated(t *testing.T) {
	book := newGetBook().ProtoReflect().Descriptor()
	// The same message type, described by another descriptor object.
	fd, err := protodesc.NewFile(protodesc.ToFileDescriptorProto(book.ParentFile()), protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	copied := fd.Messages().ByName(book.Name())
	tests := []struct {
		name string
		dec  *form.Decoder
		msg  proto.Message
		want bool
	}{
		{"generated code", form.NewDecoder(book), newGetBook(), true},
		{"with skipped paths", form.NewDecoder(book, form.Skip("shelf.name", "book_id")), newGetBook(), true},
		{"IgnoreGenerated", form.NewDecoder(book, form.IgnoreGenerated()), newGetBook(), false},
		{"no generated code", form.NewDecoder(newRich().ProtoReflect().Descriptor()), newRich(), false},
		{"dynamicpb", form.NewDecoder(book), dynamicpb.NewMessage(book), false},
		{"Decoder of another descriptor", form.NewDecoder(copied), newGetBook(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := form.UsesGenerated(tc.dec, tc.msg); got != tc.want {
				t.Errorf("UsesGenerated = %t, want %t", got, tc.want)
			}
		})
	}
}

// TestDecodeGeneratedAllocs checks that binding scalars, an enum, a
// repeated field and a nested message of a message with generated code
// allocates only what hand-written code would: the slice and the nested
// message, and with the path variables of a route the message itself and
// the one nested message they create.
func TestDecodeGeneratedAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops values at random under the race detector")
	}
	md := newGetBook().ProtoReflect().Descriptor()
	path := form.NewDecoder(md)
	query := form.NewDecoder(md, form.Skip("shelf.name", "book_id"))
	values := parseQuery(t, "revision=3&languages=en&languages=fr&filter.author=a&include_drafts=true&min_rating=1.5&format=BOOK_FORMAT_EBOOK")
	want := &httptestv1.GetBookRequest{
		Shelf: &httptestv1.Shelf{Name: "s1"}, BookId: "b1",
		Revision: 3, Languages: []string{"en", "fr"}, Filter: &httptestv1.Filter{Author: "a"},
		IncludeDrafts: true, MinRating: 1.5, Format: httptestv1.BookFormat_BOOK_FORMAT_EBOOK,
	}
	tests := []struct {
		name   string
		decode func(msg *httptestv1.GetBookRequest) error
		want   proto.Message
		allocs float64
	}{
		{"query", func(msg *httptestv1.GetBookRequest) error {
			msg.Reset()
			return query.Decode(values, msg)
		}, &httptestv1.GetBookRequest{
			Revision: 3, Languages: []string{"en", "fr"}, Filter: &httptestv1.Filter{Author: "a"},
			IncludeDrafts: true, MinRating: 1.5, Format: httptestv1.BookFormat_BOOK_FORMAT_EBOOK,
		}, 2},
		{"path and query", func(msg *httptestv1.GetBookRequest) error {
			msg.Reset()
			if err := path.DecodeValue("shelf.name", "s1", msg); err != nil {
				return err
			}
			if err := path.DecodeValue("book_id", "b1", msg); err != nil {
				return err
			}
			return query.Decode(values, msg)
		}, want, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := &httptestv1.GetBookRequest{}
			var err error
			allocs := testing.AllocsPerRun(100, func() { err = tc.decode(msg) })
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(tc.want, msg); d != "" {
				t.Errorf("mismatch (-want +got):\n%s", d)
			}
			// One more, should a GC empty the Decoder's pool of Keys.
			if allocs > tc.allocs+1 {
				t.Errorf("made %v allocations, want %v", allocs, tc.allocs)
			}
		})
	}
}

// TestDecodeGeneratedConcurrent has goroutines start at once on shared
// Decoders, which reuse their Keys, decoding into messages with generated
// code and dynamic messages (run with -race).
func TestDecodeGeneratedConcurrent(t *testing.T) {
	md := newGetBook().ProtoReflect().Descriptor()
	decs := []*form.Decoder{form.NewDecoder(md), form.NewDecoder(md), form.NewDecoder(md, form.Skip("book_id"))}
	values := parseQuery(t, "book_id=x&languages=en&languages=fr&filter.year.min=3&shelf.theme=t&formats=1&isbn=i")
	want := &httptestv1.GetBookRequest{
		BookId: "x", Languages: []string{"en", "fr"}, Filter: &httptestv1.Filter{Year: &httptestv1.YearRange{Min: 3}},
		Shelf: &httptestv1.Shelf{Name: "s", Theme: "t"}, Formats: []httptestv1.BookFormat{httptestv1.BookFormat_BOOK_FORMAT_HARDCOVER},
		Lookup: &httptestv1.GetBookRequest_Isbn{Isbn: "i"},
	}
	wantSkipped := proto.Clone(want).(*httptestv1.GetBookRequest)
	wantSkipped.BookId = ""
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range 12 {
		dec, want := decs[i%len(decs)], want
		if i%len(decs) == 2 {
			want = wantSkipped
		}
		wg.Go(func() {
			<-start
			for j := range 20 {
				var msg proto.Message = &httptestv1.GetBookRequest{}
				if (i+j)%3 == 0 {
					msg = dynamicpb.NewMessage(md)
				}
				if err := dec.Decode(values, msg); err != nil {
					t.Errorf("Decode: %v", err)
					return
				}
				if err := dec.DecodeValue("shelf.name", "s", msg); err != nil {
					t.Errorf("DecodeValue: %v", err)
					return
				}
				if d := diff(want, msg); d != "" {
					t.Errorf("mismatch (-want +got):\n%s", d)
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
}
