package http_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestClientBodyWire checks the body, Content-Type, Accept and target of
// each body mode on the wire.
func TestClientBodyWire(t *testing.T) {
	createShelf := &lib.CreateShelfRequest{Shelf: &lib.Shelf{Theme: "t"}, RequestId: "r1"}
	createBook := &lib.CreateBookRequest{Parent: "shelves/1", Book: &lib.Book{Title: "T", Pages: 3}, BookId: "b9"}
	binShelf, err := proto.Marshal(createShelf)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		rule        http.Rule
		in          proto.Message
		opts        []http.CallOption
		uri         string
		contentType string // "" = no Content-Type header
		accept      string
		body        string // JSON bodies are compared as JSON
	}{
		{
			name: "body * (no query)", rule: http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}, in: createShelf,
			uri: "/v1/shelves", contentType: "application/json", accept: "application/json",
			body: `{"shelf": {"theme": "t"}, "requestId": "r1"}`,
		},
		{
			name: "body field", rule: http.Rule{Method: "POST", Pattern: "/v1/{parent=shelves/*}/books", Body: "book"}, in: createBook,
			uri: "/v1/shelves/1/books?book_id=b9", contentType: "application/json", accept: "application/json",
			body: `{"title": "T", "pages": 3}`,
		},
		{
			name: "unset body field", rule: http.Rule{Method: "POST", Pattern: "/v1/{parent=shelves/*}/books", Body: "book"},
			in:  &lib.CreateBookRequest{Parent: "shelves/1", ValidateOnly: true},
			uri: "/v1/shelves/1/books?validate_only=true", accept: "application/json",
		},
		{
			name: "repeated body field is JSON", rule: http.Rule{Method: "POST", Pattern: "/v1/shelves:count", Body: "shelves"},
			in: &lib.CountBooksRequest{Shelves: []string{"a", "b"}}, opts: []http.CallOption{http.ContentType("application/x-protobuf")},
			uri: "/v1/shelves:count", contentType: "application/json", accept: "application/x-protobuf", body: `["a", "b"]`,
		},
		{
			name: "map body field", rule: http.Rule{Method: "POST", Pattern: "/v1/counts", Body: "counts"},
			in:  &lib.CountBooksResponse{Counts: map[string]int64{"a": 1 << 60}},
			uri: "/v1/counts", contentType: "application/json", accept: "application/json", body: `{"a": "1152921504606846976"}`,
		},
		{
			name: "scalar body field", rule: http.Rule{Method: "POST", Pattern: "/v1/ids", Body: "request_id"}, in: createShelf,
			uri: "/v1/ids?shelf.theme=t", contentType: "application/json", accept: "application/json", body: `"r1"`,
		},
		{
			name: "GET sends no body", rule: http.Rule{Method: "GET", Pattern: "/v1/library"}, in: &emptypb.Empty{},
			uri: "/v1/library", accept: "application/json",
		},
		{
			name: "DELETE sends no body", rule: http.Rule{Method: "DELETE", Pattern: "/v1/{name=shelves/*/books/*}"},
			in:  &lib.DeleteBookRequest{Name: "shelves/1/books/2", Force: true},
			uri: "/v1/shelves/1/books/2?force=true", accept: "application/json",
		},
		{
			name: "binary protobuf", rule: http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}, in: createShelf,
			opts: []http.CallOption{http.ContentType("application/x-protobuf")},
			uri:  "/v1/shelves", contentType: "application/x-protobuf", accept: "application/x-protobuf", body: string(binShelf),
		},
		{
			name: "binary protobuf alias, Accept option", rule: http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}, in: createShelf,
			opts: []http.CallOption{http.ContentType("application/proto"), http.Accept("application/json;q=0.5, */*;q=0.1")},
			uri:  "/v1/shelves", contentType: "application/proto", accept: "application/json;q=0.5, */*;q=0.1", body: string(binShelf),
		},
		{
			name: "form", rule: http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}, in: createShelf,
			opts: []http.CallOption{http.ContentType("application/x-www-form-urlencoded")},
			uri:  "/v1/shelves", contentType: "application/x-www-form-urlencoded", accept: "application/json",
			body: "request_id=r1&shelf.theme=t",
		},
		{
			name: "HttpBody request", rule: http.Rule{Method: "POST", Pattern: "/v1/books:import", Body: "*"},
			in: &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("a,b\n")}, opts: []http.CallOption{http.ContentType("application/x-protobuf")},
			uri: "/v1/books:import", contentType: "text/csv", accept: "application/x-protobuf", body: "a,b\n",
		},
		{
			name: "HttpBody without content type", rule: http.Rule{Method: "POST", Pattern: "/v1/books:import", Body: "*"},
			in:  &httpbody.HttpBody{Data: []byte{0, 1}},
			uri: "/v1/books:import", accept: "application/json", body: "\x00\x01",
		},
		{
			name: "HttpBody body field", rule: http.Rule{Method: "PUT", Pattern: "/v1/files/{path=**}", Body: "content"},
			in:  &lib.UploadFileRequest{Path: "a/b", Content: &httpbody.HttpBody{ContentType: "image/png", Data: []byte("png")}, Overwrite: true},
			uri: "/v1/files/a/b?overwrite=true", contentType: "image/png", accept: "application/json", body: "png",
		},
	}
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := c.Invoke(context.Background(), tc.rule, tc.in, new(emptypb.Empty), tc.opts...); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			got := receive(t, seen)
			if got.Method != tc.rule.Method || got.URI != tc.uri {
				t.Errorf("request = %s %s, want %s %s", got.Method, got.URI, tc.rule.Method, tc.uri)
			}
			if ct, ok := got.Header["Content-Type"]; tc.contentType == "" && ok || tc.contentType != "" && got.Header.Get("Content-Type") != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", ct, tc.contentType)
			}
			if a := got.Header.Get("Accept"); a != tc.accept {
				t.Errorf("Accept = %q, want %q", a, tc.accept)
			}
			if tc.contentType == "application/json" {
				sameJSON(t, got.Body, tc.body)
			} else if got.Body != tc.body {
				t.Errorf("body = %q, want %q", got.Body, tc.body)
			}
		})
	}
}

// sameJSON compares two JSON documents semantically.
func sameJSON(tb testing.TB, got, want string) {
	tb.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		tb.Fatalf("body %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		tb.Fatalf("want %q: %v", want, err)
	}
	if d := cmp.Diff(w, g); d != "" {
		tb.Errorf("body (-want +got):\n%s", d)
	}
}

// TestClientContentTypeInvalid checks that an encoding the client does not
// have fails the call before sending.
func TestClientContentTypeInvalid(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	c := clientFor(t, endpoint)
	for _, ct := range []string{"text/plain", "application/json; charset", ""} {
		err := c.Invoke(context.Background(), http.Rule{Method: "POST", Pattern: "/v1/x", Body: "*"}, &emptypb.Empty{}, new(emptypb.Empty), http.ContentType(ct))
		wantError(t, err, 400, errors.ReasonInvalidArgument)
	}
	select {
	case s := <-seen:
		t.Errorf("the client sent %s %s", s.Method, s.URI)
	default:
	}
}
