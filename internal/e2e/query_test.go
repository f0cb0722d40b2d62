package e2e_test

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/timestamppb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestQueryBinding sends GetBook with one kind of query parameter at a time
// and compares the request the handler received with the expected one. The
// path variables (shelf.name, book_id) are always s1 and b1.
func TestQueryBinding(t *testing.T) {
	want := func(f func(r *libpb.GetBookRequest)) *libpb.GetBookRequest {
		r := &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s1"}, BookId: "b1"}
		f(r)
		return r
	}
	mustStruct := func(m map[string]any) *structpb.Struct {
		s, err := structpb.NewStruct(m)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		query string
		want  *libpb.GetBookRequest
	}{
		{"", want(func(r *libpb.GetBookRequest) {})},
		{"shelf.theme=sci-fi", want(func(r *libpb.GetBookRequest) { r.Shelf.Theme = "sci-fi" })},
		{"revision=3&min_pages=-5&max_size_bytes=18446744073709551615&max_results=4294967295",
			want(func(r *libpb.GetBookRequest) {
				r.Revision, r.MinPages, r.MaxSizeBytes, r.MaxResults = 3, -5, math.MaxUint64, math.MaxUint32
			})},
		{"rank_delta=-2&offset=-9223372036854775808&checksum32=7&checksum64=8&shift32=-1&shift64=-2",
			want(func(r *libpb.GetBookRequest) {
				r.RankDelta, r.Offset, r.Checksum32, r.Checksum64, r.Shift32, r.Shift64 = -2, math.MinInt64, 7, 8, -1, -2
			})},
		{"include_drafts=true", want(func(r *libpb.GetBookRequest) { r.IncludeDrafts = true })},
		{"include_drafts=1", want(func(r *libpb.GetBookRequest) { r.IncludeDrafts = true })},
		{"include_drafts=0", want(func(r *libpb.GetBookRequest) {})},
		{"min_rating=1.5&min_score=-Infinity", want(func(r *libpb.GetBookRequest) {
			r.MinRating, r.MinScore = 1.5, float32(math.Inf(-1))
		})},
		{"format=BOOK_FORMAT_EBOOK", want(func(r *libpb.GetBookRequest) { r.Format = libpb.BookFormat_BOOK_FORMAT_EBOOK })},
		{"format=2", want(func(r *libpb.GetBookRequest) { r.Format = libpb.BookFormat_BOOK_FORMAT_PAPERBACK })},
		{"etag=aGk%2FPz4%2B", want(func(r *libpb.GetBookRequest) { r.Etag = []byte("hi??>>") })},
		{"etag=aGk_Pz4-", want(func(r *libpb.GetBookRequest) { r.Etag = []byte("hi??>>") })},
		{"etag=aGk", want(func(r *libpb.GetBookRequest) { r.Etag = []byte("hi") })},
		{"etag=aGk%3D", want(func(r *libpb.GetBookRequest) { r.Etag = []byte("hi") })},
		{"languages=en&languages=fr&editions=1&editions=2",
			want(func(r *libpb.GetBookRequest) { r.Languages, r.Editions = []string{"en", "fr"}, []int32{1, 2} })},
		{"formats=BOOK_FORMAT_EBOOK&formats=1", want(func(r *libpb.GetBookRequest) {
			r.Formats = []libpb.BookFormat{libpb.BookFormat_BOOK_FORMAT_EBOOK, libpb.BookFormat_BOOK_FORMAT_HARDCOVER}
		})},
		{"labels%5Ba%5D=x&labels[b]=y&min_counts[k]=3", want(func(r *libpb.GetBookRequest) {
			r.Labels, r.MinCounts = map[string]string{"a": "x", "b": "y"}, map[string]int32{"k": 3}
		})},
		{"filter.author=Le%20Guin&filter.year.min=1960", want(func(r *libpb.GetBookRequest) {
			r.Filter = &libpb.Filter{Author: "Le Guin", Year: &libpb.YearRange{Min: 1960}}
		})},
		{"published_after=2020-01-02T03:04:05.5Z&max_age=1.5s", want(func(r *libpb.GetBookRequest) {
			r.PublishedAfter = &timestamppb.Timestamp{Seconds: 1577934245, Nanos: 5e8}
			r.MaxAge = durationpb.New(1500e6)
		})},
		{"published_after=null", want(func(r *libpb.GetBookRequest) {})},
		{"read_mask=title,publishTime", want(func(r *libpb.GetBookRequest) {
			r.ReadMask = &fieldmaskpb.FieldMask{Paths: []string{"title", "publish_time"}}
		})},
		{"author=Tolkien&min_copies=5&available=false&max_price=9.99", want(func(r *libpb.GetBookRequest) {
			r.Author, r.MinCopies = wrapperspb.String("Tolkien"), wrapperspb.Int64(5)
			r.Available, r.MaxPrice = wrapperspb.Bool(false), wrapperspb.Double(9.99)
		})},
		{`attributes=%7B%22a%22%3A1%7D&hint=%22x%22`, want(func(r *libpb.GetBookRequest) {
			r.Attributes, r.Hint = mustStruct(map[string]any{"a": 1}), structpb.NewStringValue("x")
		})},
		{"isbn=978-0", want(func(r *libpb.GetBookRequest) { r.Lookup = &libpb.GetBookRequest_Isbn{Isbn: "978-0"} })},
		{"page_size=0", want(func(r *libpb.GetBookRequest) { r.PageSize = proto.Int32(0) })},
		{"minPages=7&orderBy=title", want(func(r *libpb.GetBookRequest) { r.MinPages, r.SortOrder = 7, "title" })},
		{"sort_order=title", want(func(r *libpb.GetBookRequest) { r.SortOrder = "title" })},
		{"no_such_field=1&filter.nope=2", want(func(r *libpb.GetBookRequest) {})},
	}
	lib, base := serve(t)
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := do(t, "GET", base+"/v1/shelves/s1/books/b1?"+tt.query, "")
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if diff := cmp.Diff(tt.want, lib.Last("GetBook"), protocmp.Transform()); diff != "" {
				t.Errorf("bound request (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQueryErrors checks that every malformed query parameter is a 400 with
// a JSON error naming the parameter, and that the handler never runs.
func TestQueryErrors(t *testing.T) {
	lib, base := serve(t)
	tests := []struct{ query, names string }{
		{"revision=abc", "revision"},
		{"revision=2147483648", "revision"},
		{"max_results=-1", "max_results"},
		{"max_size_bytes=18446744073709551616", "max_size_bytes"},
		{"format=BOOK_FORMAT_NOPE", "format"},
		{"include_drafts=maybe", "include_drafts"},
		{"etag=%21%21", "etag"},
		{"min_rating=fast", "min_rating"},
		{"published_after=yesterday", "published_after"},
		{"max_age=5", "max_age"},
		{"revision=1&revision=2", "revision"},
		{"minPages=1&min_pages=2", "min"},
		{"isbn=1&catalog_number=2", "catalog_number"},
		{"attributes=%7Bbad", "attributes"},
		{"min_counts[k]=x", "min_counts"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			lib.record("GetBook", nil)
			r := do(t, "GET", base+"/v1/shelves/s1/books/b1?"+tt.query, "")
			if r.status != 400 {
				t.Fatalf("status = %d, want 400; body %s", r.status, r.body)
			}
			e := r.errorBody(t)
			if e.Code != 400 || e.Reason == "" || !strings.Contains(strings.ToLower(e.Message), strings.ToLower(tt.names)) {
				t.Errorf("error = %+v, want code 400, a reason and a message naming %q", e, tt.names)
			}
			if got := lib.Last("GetBook"); got != nil {
				t.Errorf("handler ran with %v", got)
			}
		})
	}
}
