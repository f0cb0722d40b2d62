package http_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

var getBookRule = http.Rule{
	Method:    "GET",
	Pattern:   "/v1/shelves/{shelf.name}/books/{book_id}",
	Operation: lib.OperationLibraryGetBook,
}

// fullGetBook returns a request with a field of every kind the query
// carries.
func fullGetBook(tb testing.TB) *lib.GetBookRequest {
	tb.Helper()
	attrs, err := structpb.NewStruct(map[string]any{"lang": "en", "n": 2.5, "tags": []any{"a", true}})
	if err != nil {
		tb.Fatal(err)
	}
	return &lib.GetBookRequest{
		Shelf:          &lib.Shelf{Name: "s1", Theme: "sci fi & more"},
		BookId:         "b/1",
		Revision:       -7,
		MinPages:       -9007199254740993,
		MaxSizeBytes:   18446744073709551615,
		MaxResults:     4294967295,
		RankDelta:      -2147483648,
		Offset:         -1,
		Checksum32:     7,
		Checksum64:     1 << 60,
		Shift32:        -3,
		Shift64:        -4,
		IncludeDrafts:  true,
		MinRating:      0.1,
		MinScore:       -1.5,
		Format:         lib.BookFormat_BOOK_FORMAT_PAPERBACK,
		Etag:           []byte{0xfb, 0xff, 0x00, '?', '&'},
		Languages:      []string{"en", "fr,de", "", "日本"},
		Editions:       []int32{2, 1, 2},
		Formats:        []lib.BookFormat{lib.BookFormat_BOOK_FORMAT_EBOOK, lib.BookFormat_BOOK_FORMAT_HARDCOVER},
		Labels:         map[string]string{"k": "v", "a b": "c&d=e", "x[y]": "z"},
		MinCounts:      map[string]int32{"x": -1, "y": 0},
		Filter:         &lib.Filter{Author: "Le Guin", Year: &lib.YearRange{Min: 1960, Max: 1980}},
		PublishedAfter: timestamppb.New(time.Date(1969, 3, 1, 12, 30, 0, 500, time.UTC)),
		MaxAge:         durationpb.New(90*time.Minute + time.Millisecond),
		ReadMask:       &fieldmaskpb.FieldMask{Paths: []string{"title", "publish_time"}},
		Author:         wrapperspb.String(""),
		MinCopies:      wrapperspb.Int64(-5),
		Available:      wrapperspb.Bool(false),
		MaxPrice:       wrapperspb.Double(9.99),
		Attributes:     attrs,
		Hint:           structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{structpb.NewNullValue(), structpb.NewStringValue("s")}}),
		Lookup:         &lib.GetBookRequest_Isbn{Isbn: "978-0"},
		PageSize:       proto.Int32(0),
		SortOrder:      "title desc",
	}
}

// TestClientQueryRoundTrip sends a field of every kind through the query
// to a Bia server that echoes what it bound.
func TestClientQueryRoundTrip(t *testing.T) {
	endpoint := bia(t, func(s *http.Server) { echo[lib.GetBookRequest](s, getBookRule) })
	c := clientFor(t, endpoint)
	for name, mutate := range map[string]func(*lib.GetBookRequest){
		"every kind":          func(*lib.GetBookRequest) {},
		"other oneof member":  func(m *lib.GetBookRequest) { m.Lookup = &lib.GetBookRequest_CatalogNumber{CatalogNumber: 0} },
		"shelf name only":     func(m *lib.GetBookRequest) { *m = lib.GetBookRequest{Shelf: &lib.Shelf{Name: "s"}, BookId: "b"} },
		"empty present value": func(m *lib.GetBookRequest) { m.Hint = structpb.NewStringValue("") },
	} {
		t.Run(name, func(t *testing.T) {
			in := fullGetBook(t)
			mutate(in)
			before := proto.Clone(in)
			out := new(lib.GetBookRequest)
			if err := c.Invoke(context.Background(), getBookRule, in, out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if d := cmp.Diff(in, out, protocmp.Transform()); d != "" {
				t.Errorf("the server bound (-sent +bound):\n%s", d)
			}
			if d := cmp.Diff(before, in, protocmp.Transform()); d != "" {
				t.Errorf("Invoke modified the request (-before +after):\n%s", d)
			}
		})
	}
}

// TestClientQueryKeys checks the query on the wire: proto names, path
// variables left out, every element of repeated fields in order.
func TestClientQueryKeys(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	if err := c.Invoke(context.Background(), getBookRule, fullGetBook(t), new(lib.Book)); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	uri := receive(t, seen).URI
	path, rawQuery, _ := strings.Cut(uri, "?")
	if path != "/v1/shelves/s1/books/b%2F1" {
		t.Errorf("path = %q", path)
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		t.Fatalf("query %q: %v", rawQuery, err)
	}
	want := map[string][]string{
		"shelf.theme":     {"sci fi & more"},
		"min_pages":       {"-9007199254740993"},
		"languages":       {"en", "fr,de", "", "日本"},
		"editions":        {"2", "1", "2"},
		"format":          {"BOOK_FORMAT_PAPERBACK"},
		"labels[a b]":     {"c&d=e"},
		"filter.year.min": {"1960"},
		"read_mask":       {"title,publishTime"},
		"max_age":         {"5400.001s"},
		"page_size":       {"0"},
		"sort_order":      {"title desc"},
		"published_after": {"1969-03-01T12:30:00.000000500Z"},
		"available":       {"false"},
		"author":          {""},
		"attributes":      nil, // checked for presence only: JSON key order is free
		"hint":            {`[null,"s"]`},
		"isbn":            {"978-0"},
		"min_counts[y]":   {"0"},
		"max_size_bytes":  {"18446744073709551615"},
		"filter.author":   {"Le Guin"},
		"labels[x[y]]":    {"z"},
		"include_drafts":  {"true"},
		"shift64":         {"-4"},
		"checksum32":      {"7"},
		"max_price":       {"9.99"},
		"min_copies":      {"-5"},
		"rank_delta":      {"-2147483648"},
		"etag":            {"+/8APyY="},
		"min_score":       {"-1.5"},
		"min_rating":      {"0.1"},
		"max_results":     {"4294967295"},
		"revision":        {"-7"},
		"offset":          {"-1"},
		"checksum64":      {"1152921504606846976"},
		"shift32":         {"-3"},
		"filter.year.max": {"1980"},
		"formats":         {"BOOK_FORMAT_EBOOK", "BOOK_FORMAT_HARDCOVER"},
		"labels[k]":       {"v"},
		"min_counts[x]":   {"-1"},
	}
	for k, v := range want {
		if v == nil {
			if !q.Has(k) {
				t.Errorf("query has no %q", k)
			}
			continue
		}
		if d := cmp.Diff(v, q[k]); d != "" {
			t.Errorf("query %q (-want +got):\n%s", k, d)
		}
	}
	for k := range q {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected query key %q = %q", k, q[k])
		}
	}
}

// TestClientQueryNotEncodable checks that a field no query can carry fails
// the call before sending.
func TestClientQueryNotEncodable(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	in := &lib.ListShelvesResponse{Shelves: []*lib.Shelf{{Name: "s"}}}
	err := c.Invoke(context.Background(), http.Rule{Method: "GET", Pattern: "/v1/x"}, in, new(lib.Book))
	wantError(t, err, 400, errors.ReasonInvalidArgument)
	select {
	case s := <-seen:
		t.Errorf("the client sent %s %s", s.Method, s.URI)
	default:
	}
}
