package http_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// pathCase is a request whose path the client builds from a rule.
type pathCase struct {
	name string
	rule http.Rule
	in   proto.Message
	uri  string        // the request target the client must send
	back proto.Message // what a Bia server binds, when it differs from in
}

func bookID(id string) *lib.GetBookRequest { return &lib.GetBookRequest{BookId: id} }

func getRule(pattern string) http.Rule {
	return http.Rule{Method: "GET", Pattern: pattern, Operation: "/httptest.v1.Library/GetBook"}
}

var pathCases = []pathCase{
	{name: "plain", rule: getRule("/v1/books/{book_id}"), in: bookID("b1"), uri: "/v1/books/b1"},
	{name: "slash", rule: getRule("/v1/books/{book_id}"), in: bookID("a/b"), uri: "/v1/books/a%2Fb"},
	{name: "percent", rule: getRule("/v1/books/{book_id}"), in: bookID("100%"), uri: "/v1/books/100%25"},
	{name: "escape-looking", rule: getRule("/v1/books/{book_id}"), in: bookID("a%2Fb"), uri: "/v1/books/a%252Fb"},
	{name: "space", rule: getRule("/v1/books/{book_id}"), in: bookID("a b"), uri: "/v1/books/a%20b"},
	{name: "unicode", rule: getRule("/v1/books/{book_id}"), in: bookID("日本"), uri: "/v1/books/%E6%97%A5%E6%9C%AC"},
	{name: "query and fragment", rule: getRule("/v1/books/{book_id}"), in: bookID("a?b#c"), uri: "/v1/books/a%3Fb%23c"},
	{name: "reserved", rule: getRule("/v1/books/{book_id}"), in: bookID("a:b@c+d=e&f"), uri: "/v1/books/a%3Ab%40c%2Bd%3De%26f"},
	{name: "unreserved", rule: getRule("/v1/books/{book_id}"), in: bookID("-._~Az09"), uri: "/v1/books/-._~Az09"},
	{name: "dot segment", rule: getRule("/v1/books/{book_id}"), in: bookID(".."), uri: "/v1/books/%2E%2E"},
	{name: "json name", rule: getRule("/v1/books/{bookId}"), in: bookID("b1"), uri: "/v1/books/b1"},
	{name: "custom json name", rule: getRule("/v1/sorted/{orderBy}"), in: &lib.GetBookRequest{SortOrder: "asc"}, uri: "/v1/sorted/asc"},
	{
		name: "nested", rule: getRule("/v1/shelves/{shelf.name}/books/{book_id}"),
		in:  &lib.GetBookRequest{Shelf: &lib.Shelf{Name: "s 1"}, BookId: "b/2"},
		uri: "/v1/shelves/s%201/books/b%2F2",
	},
	{
		name: "deeply nested", rule: getRule("/v1/years/{filter.year.min}"),
		in: &lib.GetBookRequest{Filter: &lib.Filter{Year: &lib.YearRange{Min: 1960}}}, uri: "/v1/years/1960",
	},
	{
		name: "nested with siblings in the query", rule: getRule("/v1/years/{filter.year.min}"),
		in:  &lib.GetBookRequest{Filter: &lib.Filter{Author: "a", Year: &lib.YearRange{Min: 1960, Max: 1970}}},
		uri: "/v1/years/1960?filter.author=a&filter.year.max=1970",
	},
	{
		name: "verb after a single segment", rule: getRule("/v1/books/{book_id}:get"),
		in: bookID("a:b"), uri: "/v1/books/a%3Ab:get",
	},
	{
		name: "scalar kinds",
		rule: getRule("/k/{revision}/{format}/{include_drafts}/{etag}/{author}/{min_rating}/{max_size_bytes}/{min_score}"),
		in: &lib.GetBookRequest{
			Revision: -3, Format: lib.BookFormat_BOOK_FORMAT_EBOOK, IncludeDrafts: true, Etag: []byte{0xfb, 0xff},
			Author: wrapperspb.String("x/y"), MinRating: 1.5, MaxSizeBytes: 1 << 63, MinScore: 0.1,
		},
		uri: "/k/-3/BOOK_FORMAT_EBOOK/true/%2B%2F8%3D/x%2Fy/1.5/9223372036854775808/0.1",
	},
	{
		name: "multi-segment", rule: http.Rule{Method: "DELETE", Pattern: "/v1/{name=shelves/*/books/*}"},
		in:  &lib.DeleteBookRequest{Name: "shelves/a b/books/c%d"},
		uri: "/v1/shelves/a%20b/books/c%25d",
	},
	{
		name: "multi-segment escapes sub-delims", rule: http.Rule{Method: "DELETE", Pattern: "/v1/{name=shelves/*/books/*}"},
		in:  &lib.DeleteBookRequest{Name: "shelves/1/books/a:b@c!$&'()*+,;="},
		uri: "/v1/shelves/1/books/a%3Ab%40c%21%24%26%27%28%29%2A%2B%2C%3B%3D",
	},
	{
		// The server keeps the escapes of reserved characters in
		// multi-segment values, so these come back escaped.
		name: "multi-segment escapes ? # [ ]", rule: http.Rule{Method: "DELETE", Pattern: "/v1/{name=shelves/*/books/*}"},
		in:  &lib.DeleteBookRequest{Name: "shelves/1/books/x?y#z[0]"},
		uri: "/v1/shelves/1/books/x%3Fy%23z%5B0%5D",
	},
	{
		name: "deep wildcard", rule: getRule("/v1/files/{path=**}"),
		in:  &lib.DownloadFileRequest{Path: "dir/日本/file name.txt"},
		uri: "/v1/files/dir/%E6%97%A5%E6%9C%AC/file%20name.txt",
	},
	{
		name: "deep wildcard dot segments", rule: getRule("/v1/files/{path=**}"),
		in: &lib.DownloadFileRequest{Path: "a/../b/."}, uri: "/v1/files/a/%2E%2E/b/%2E",
	},
	{
		name: "verb after a multi-segment variable", rule: http.Rule{Method: "POST", Pattern: "/v1/{name=shelves/*/books/*}:publish", Body: "*"},
		in: &lib.PublishBookRequest{Name: "shelves/1/books/2"}, uri: "/v1/shelves/1/books/2:publish",
	},
	{name: "root", rule: getRule("/"), in: &lib.ListShelvesRequest{PageSize: 2}, uri: "/?page_size=2"},
	{name: "literals only", rule: getRule("/v1/library"), in: &emptypb.Empty{}, uri: "/v1/library"},
}

// TestClientPathEscaping checks the request target of each case on the
// wire.
func TestClientPathEscaping(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	for _, tc := range pathCases {
		t.Run(tc.name, func(t *testing.T) {
			before := proto.Clone(tc.in)
			out := tc.in.ProtoReflect().New().Interface()
			if err := c.Invoke(context.Background(), tc.rule, tc.in, out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			got := receive(t, seen)
			if got.Method != tc.rule.Method || got.URI != tc.uri {
				t.Errorf("request = %s %s, want %s %s", got.Method, got.URI, tc.rule.Method, tc.uri)
			}
			if d := cmp.Diff(before, tc.in, protocmp.Transform()); d != "" {
				t.Errorf("Invoke modified the request (-before +after):\n%s", d)
			}
		})
	}
}

// TestClientPathRoundTrip sends each case to a Bia server that echoes what
// it bound: the client writes paths the server reads back.
func TestClientPathRoundTrip(t *testing.T) {
	for _, tc := range pathCases {
		t.Run(tc.name, func(t *testing.T) {
			endpoint := bia(t, func(s *http.Server) {
				switch tc.in.(type) {
				case *lib.GetBookRequest:
					echo[lib.GetBookRequest](s, tc.rule)
				case *lib.DeleteBookRequest:
					echo[lib.DeleteBookRequest](s, tc.rule)
				case *lib.DownloadFileRequest:
					echo[lib.DownloadFileRequest](s, tc.rule)
				case *lib.PublishBookRequest:
					echo[lib.PublishBookRequest](s, tc.rule)
				case *lib.ListShelvesRequest:
					echo[lib.ListShelvesRequest](s, tc.rule)
				case *emptypb.Empty:
					echo[emptypb.Empty](s, tc.rule)
				default:
					t.Fatalf("no echo route for %T", tc.in)
				}
			})
			c := clientFor(t, endpoint)
			out := tc.in.ProtoReflect().New().Interface()
			if err := c.Invoke(context.Background(), tc.rule, tc.in, out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			want := tc.back
			if want == nil {
				want = tc.in
			}
			if d := cmp.Diff(want, out, protocmp.Transform()); d != "" {
				t.Errorf("the server bound (-want +got):\n%s", d)
			}
		})
	}
}

// TestClientPathErrors checks that requests that cannot be routed fail
// before anything is sent, and rules that do not fit the messages fail.
func TestClientPathErrors(t *testing.T) {
	tests := []struct {
		name   string
		rule   http.Rule
		in     proto.Message
		code   int
		reason string
	}{
		{"empty variable", getRule("/v1/books/{book_id}"), bookID(""), 400, errors.ReasonInvalidArgument},
		{"empty nested variable", getRule("/v1/shelves/{shelf.name}/books/{book_id}"), bookID("b"), 400, errors.ReasonInvalidArgument},
		{"unset wrapper", getRule("/v1/authors/{author}"), bookID("b"), 400, errors.ReasonInvalidArgument},
		{"empty bytes", getRule("/v1/etags/{etag}"), &lib.GetBookRequest{Etag: []byte{}}, 400, errors.ReasonInvalidArgument},
		{"empty multi-segment", getRule("/v1/files/{path=**}"), &lib.DownloadFileRequest{}, 400, errors.ReasonInvalidArgument},
		{"literal mismatch", getRule("/v1/{name=shelves/*}"), &lib.GetShelfRequest{Name: "books/1"}, 400, errors.ReasonInvalidArgument},
		{"too many segments", getRule("/v1/{name=shelves/*}"), &lib.GetShelfRequest{Name: "shelves/1/books/2"}, 400, errors.ReasonInvalidArgument},
		{"too few segments", getRule("/v1/{name=shelves/*/books/*}"), &lib.GetShelfRequest{Name: "shelves/1"}, 400, errors.ReasonInvalidArgument},
		{"empty wildcard segment", getRule("/v1/{name=shelves/*}"), &lib.GetShelfRequest{Name: "shelves/"}, 400, errors.ReasonInvalidArgument},
		{"invalid UTF-8", getRule("/v1/books/{book_id}"), bookID("\xff"), 400, errors.ReasonInvalidArgument},
		{"unknown field", getRule("/v1/books/{nope}"), bookID("b"), 500, errors.ReasonInternal},
		{"repeated field", getRule("/v1/books/{languages}"), bookID("b"), 500, errors.ReasonInternal},
		{"message field", getRule("/v1/books/{shelf}"), bookID("b"), 500, errors.ReasonInternal},
		{"anonymous wildcard", getRule("/v1/*/books/{book_id}"), bookID("b"), 500, errors.ReasonInternal},
		{"bad template", getRule("/v1/{book_id"), bookID("b"), 500, errors.ReasonInternal},
		{"no method", http.Rule{Pattern: "/v1/books/{book_id}"}, bookID("b"), 500, errors.ReasonInternal},
		{"unknown body field", http.Rule{Method: "POST", Pattern: "/v1/books", Body: "nope"}, bookID("b"), 500, errors.ReasonInternal},
		{"unknown response_body field", http.Rule{Method: "GET", Pattern: "/v1/books", ResponseBody: "nope"}, bookID("b"), 500, errors.ReasonInternal},
	}
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Invoke(context.Background(), tc.rule, tc.in, new(lib.Book))
			wantError(t, err, tc.code, tc.reason)
			select {
			case s := <-seen:
				t.Errorf("the client sent %s %s", s.Method, s.URI)
			default:
			}
		})
	}
}
