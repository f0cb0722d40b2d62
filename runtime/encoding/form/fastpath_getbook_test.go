package form_test

import (
	"net/url"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/bia-go/bia/runtime/encoding/form"
	httptestv1 "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// getBookCases cover every field of httptest.v1.GetBookRequest, one per
// kind of field, on and off the fast path, for TestDecodeGetBookRequest.
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
	{name: "mixed fast and protoreflect", query: "shelf.theme=t&shelf.create_time=2024-01-02T03:04:05Z&filter.year.min=1&isbn=x" +
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
	md := newGetBook().ProtoReflect().Descriptor()
	for _, tc := range getBookCases {
		t.Run(tc.name, func(t *testing.T) {
			s := subject{name: "GetBookRequest", dec: form.NewDecoder(md, form.Skip(tc.skip...)), new: newGetBook}
			got := checkSame(t, s, tc.init, parseQuery(t, tc.query))
			if (got.err != "") != tc.wantErr {
				t.Errorf("Decode(%q) error %q, want an error: %t", tc.query, got.err, tc.wantErr)
			}
		})
	}
}

// FuzzDecodeFastPath decodes random queries into generated messages on the
// fast path, through protoreflect and into dynamicpb messages: all three
// must agree, on the message and on the error.
func FuzzDecodeFastPath(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add(tc.query)
	}
	for _, tc := range decodeErrorCases {
		f.Add(tc.query)
	}
	for _, tc := range getBookCases {
		f.Add(tc.query)
	}
	f.Add("child.child.filter.labels=a&child.r_enum=1&child.child.fInt32=2&legacy.grp.a=1&legacy.closedList=1&any.value=AQ")
	for _, seed := range limitSeeds {
		f.Add(seed)
	}
	rich, book := newRich().ProtoReflect().Descriptor(), newGetBook().ProtoReflect().Descriptor()
	subjects := []subject{
		{name: "Rich", dec: form.NewDecoder(rich), new: newRich},
		{name: "Rich with skips", dec: form.NewDecoder(rich, form.Skip("f_int32", "filter.kind", "child.child", "r_string")), new: newRich},
		{name: "Rich with small limits", dec: form.NewDecoder(rich, form.MaxDepth(fuzzMaxDepth), form.MaxKeys(fuzzMaxKeys)), new: newRich},
		{name: "GetBookRequest", dec: form.NewDecoder(book), new: newGetBook},
		{name: "GetBookRequest with skips", dec: form.NewDecoder(book, form.Skip("shelf.name", "book_id")), new: newGetBook},
	}
	f.Fuzz(func(t *testing.T, query string) {
		values, err := url.ParseQuery(query)
		if err != nil && len(values) == 0 {
			return
		}
		for _, s := range subjects {
			checkSame(t, s, "", values)
		}
	})
}

// TestDecodeGeneratedAllocs checks that binding scalars, an enum, a
// repeated field and a nested message of a generated message allocates only
// what hand-written code would: the slice and the nested message.
func TestDecodeGeneratedAllocs(t *testing.T) {
	msg := &httptestv1.GetBookRequest{}
	dec := form.NewDecoder(msg.ProtoReflect().Descriptor(), form.Skip("shelf.name"))
	values := parseQuery(t, "book_id=x&revision=3&languages=en&languages=fr&filter.author=a&include_drafts=true&min_rating=1.5&format=BOOK_FORMAT_EBOOK")
	want := &httptestv1.GetBookRequest{
		BookId: "x", Revision: 3, Languages: []string{"en", "fr"}, Filter: &httptestv1.Filter{Author: "a"},
		IncludeDrafts: true, MinRating: 1.5, Format: httptestv1.BookFormat_BOOK_FORMAT_EBOOK,
	}
	var err error
	allocs := testing.AllocsPerRun(100, func() {
		msg.Reset()
		err = dec.Decode(values, msg)
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(want, msg); d != "" {
		t.Errorf("mismatch (-want +got):\n%s", d)
	}
	if allocs > 3 {
		t.Errorf("Decode made %v allocations, want at most 3", allocs)
	}
}

// TestDecodeFastPathConcurrentDecoders has goroutines start at once on
// fresh Decoders, so that they build the layouts concurrently, decoding
// into generated and dynamic messages (run with -race).
func TestDecodeFastPathConcurrentDecoders(t *testing.T) {
	md := newGetBook().ProtoReflect().Descriptor()
	decs := []*form.Decoder{form.NewDecoder(md), form.NewDecoder(md), form.NewDecoder(md, form.Skip("book_id"))}
	values := parseQuery(t, "book_id=x&languages=en&languages=fr&filter.year.min=3&shelf.theme=t&formats=1&isbn=i")
	want := &httptestv1.GetBookRequest{
		BookId: "x", Languages: []string{"en", "fr"}, Filter: &httptestv1.Filter{Year: &httptestv1.YearRange{Min: 3}},
		Shelf: &httptestv1.Shelf{Theme: "t"}, Formats: []httptestv1.BookFormat{httptestv1.BookFormat_BOOK_FORMAT_HARDCOVER},
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
