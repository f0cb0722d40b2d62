package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestRules drives every kind of rule with raw requests and checks what the
// handler received: methods, custom methods, verbs, `**`, additional
// bindings, percent-decoding of single- and multi-segment variables.
func TestRules(t *testing.T) {
	lib, base := serve(t)
	tests := []struct {
		name, method, path, body string
		header                   []string
		rpc                      string
		want                     proto.Message
	}{
		{"get two vars, one nested", "GET", "/v1/shelves/s1/books/b1", "", nil,
			"GetBook", &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s1"}, BookId: "b1"}},
		{"single-segment vars fully decoded", "GET", "/v1/shelves/a%2Fb/books/c%20d%3F%25", "", nil,
			"GetBook", &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "a/b"}, BookId: "c d?%"}},
		{"additional binding by JSON name", "GET", "/v1/books/b7", "", nil,
			"GetBook", &libpb.GetBookRequest{BookId: "b7"}},
		{"additional binding POST with verb", "POST", "/v1/shelves/s1/books/b1:get", `{"revision":4}`, nil,
			"GetBook", &libpb.GetBookRequest{Shelf: &libpb.Shelf{Name: "s1"}, BookId: "b1", Revision: 4}},
		{"multi-segment var", "GET", "/v1/shelves/s1", "", nil,
			"GetShelf", &libpb.GetShelfRequest{Name: "shelves/s1"}},
		{"second binding of GetShelf", "GET", "/v1/libraries/lib9/shelves/s1", "", nil,
			"GetShelf", &libpb.GetShelfRequest{Name: "shelves/s1", LibraryId: "lib9"}},
		{"multi-segment decodes all but %2F", "DELETE", "/v1/shelves/s%2F1/books/b%20c%3A%3F%23%5B%5D%40%21?force=true", "", nil,
			"DeleteBook", &libpb.DeleteBookRequest{Name: "shelves/s%2F1/books/b c:?#[]@!", Force: true}},
		{"verb on multi-segment var", "POST", "/v1/shelves/s1/books/b1:publish", `{"publishTime":"2021-01-01T00:00:00Z"}`, nil,
			"PublishBook", nil},
		{"verb on a collection", "GET", "/v1/shelves:countBooks?shelves=a&shelves=b", "", nil,
			"CountBooks", &libpb.CountBooksRequest{Shelves: []string{"a", "b"}}},
		{"custom method REPORT", "REPORT", "/v1/shelves/s1/books/b1/revisions?page_size=2", "", nil,
			"ListBookRevisions", &libpb.ListBookRevisionsRequest{Name: "shelves/s1/books/b1", PageSize: 2}},
		{"PUT body field", "PUT", "/v1/shelves/s2", `{"theme":"poetry","name":"ignored"}`, nil,
			"UpdateShelf", &libpb.UpdateShelfRequest{Shelf: &libpb.Shelf{Name: "shelves/s2", Theme: "poetry"}}},
		{"PUT body field, rest from query", "PUT", "/v1/shelves/s2?update_mask=theme", `{"theme":"x"}`, nil,
			"UpdateShelf", nil},
		{"** captures the rest with slashes", "GET", "/v1/files/docs/2024/a%20b.txt", "", nil,
			"DownloadFile", &libpb.DownloadFileRequest{Path: "docs/2024/a b.txt"}},
		{"empty request", "GET", "/v1/library", "", nil, "GetLibrary", &emptypb.Empty{}},
		{"HttpBody request", "POST", "/v1/books:import", "title\nDune\n", []string{"Content-Type", "text/csv"},
			"ImportBooks", &httpbody.HttpBody{ContentType: "text/csv", Data: []byte("title\nDune\n")}},
		{"HttpBody body field", "PUT", "/v1/files/a/b.bin?overwrite=true", "\x00\x01raw", []string{"Content-Type", "application/octet-stream"},
			"UploadFile", &libpb.UploadFileRequest{Path: "a/b.bin", Overwrite: true,
				Content: &httpbody.HttpBody{ContentType: "application/octet-stream", Data: []byte("\x00\x01raw")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, tt.method, base+tt.path, tt.body, tt.header...)
			if r.status != 200 {
				t.Fatalf("%s %s: status %d: %s", tt.method, tt.path, r.status, r.body)
			}
			if tt.want == nil {
				return
			}
			if diff := cmp.Diff(tt.want, lib.Last(tt.rpc), protocmp.Transform()); diff != "" {
				t.Errorf("bound request (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPrecedence checks that path variables win over the body and the
// query, and that with body "*" the query is not bound at all.
func TestPrecedence(t *testing.T) {
	lib, base := serve(t)
	r := do(t, "PATCH", base+"/v1/shelves/s1/books/b1?allow_missing=true",
		`{"book":{"name":"shelves/x/books/y","title":"T"},"updateMask":"title"}`)
	if r.status != 200 {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	got := lib.Last("UpdateBook").(*libpb.UpdateBookRequest)
	if got.GetBook().GetName() != "shelves/s1/books/b1" || got.GetBook().GetTitle() != "T" {
		t.Errorf("path did not win over body: %v", got)
	}
	if got.GetAllowMissing() {
		t.Errorf(`body "*" bound the query: %v`, got)
	}
	if diff := cmp.Diff([]string{"title"}, got.GetUpdateMask().GetPaths()); diff != "" {
		t.Errorf("update mask (-want +got):\n%s", diff)
	}

	r = do(t, "POST", base+"/v1/shelves/s1/books?parent=shelves/zzz&book_id=b9&validate_only=1", `{"title":"T"}`)
	if r.status != 200 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	want := &libpb.CreateBookRequest{Parent: "shelves/s1", BookId: "b9", ValidateOnly: true, Book: &libpb.Book{Title: "T"}}
	if diff := cmp.Diff(want, lib.Last("CreateBook"), protocmp.Transform()); diff != "" {
		t.Errorf("CreateBook (-want +got):\n%s", diff)
	}
}

// TestMoreSpecificRuleWins checks ServeMux precedence with generated
// code: GET /v1/shelves/default (GetDefaultShelf) beside GET
// /v1/{name=shelves/*} (GetShelf), on the server and through the client.
func TestMoreSpecificRuleWins(t *testing.T) {
	lib, base := serve(t, http.EmitUnpopulated(false))
	assertJSON(t, do(t, "GET", base+"/v1/shelves/default", ""), `{"name":"shelves/default","theme":"the default"}`)
	assertJSON(t, do(t, "GET", base+"/v1/shelves/other", ""), `{"name":"shelves/other"}`)
	if got := lib.Last("GetShelf").(*libpb.GetShelfRequest).GetName(); got != "shelves/other" {
		t.Errorf("GetShelf bound %q", got)
	}
	c := newClient(t, base)
	if s, err := c.GetDefaultShelf(t.Context(), &emptypb.Empty{}); err != nil || s.GetTheme() != "the default" {
		t.Errorf("GetDefaultShelf: %v, %v", s, err)
	}
	// The client of the less specific rule reaches the more specific
	// route for that one value: the value routes, not the method.
	if s, err := c.GetShelf(t.Context(), &libpb.GetShelfRequest{Name: "shelves/default"}); err != nil || s.GetShelf().GetTheme() != "the default" {
		t.Errorf("GetShelf(shelves/default) = %v, %v; want the reply of GetDefaultShelf's route", s, err)
	}
}

// TestAmbiguousRulesRejected checks that two rules where neither is more
// specific are refused at registration, naming both.
func TestAmbiguousRulesRejected(t *testing.T) {
	srv := http.NewServer()
	libpb.RegisterLibraryHTTPServer(srv, newLibrary())
	msg := panicMessage(func() {
		http.HandleUnary(srv, http.Rule{Method: "GET", Pattern: "/v1/{name=*/default}", Operation: "/x.S/Other"},
			func(context.Context, *libpb.GetShelfRequest) (*libpb.Shelf, error) { return nil, nil })
	})
	for _, want := range []string{"GET /v1/{name=*/default} (operation /x.S/Other)", "(operation /httptest.v1.Library/", "neither is more specific"} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q does not name %q", msg, want)
		}
	}
}

func panicMessage(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			msg = fmt.Sprint(v)
		}
	}()
	f()
	return ""
}

// TestRoutingErrors checks 404, 405 with Allow, and OPTIONS, all with JSON
// error bodies where there is an error.
func TestRoutingErrors(t *testing.T) {
	_, base := serve(t)
	r := do(t, "GET", base+"/v2/nothing", "")
	if r.status != 404 || r.errorBody(t).Code != 404 {
		t.Errorf("unknown path: %d %s", r.status, r.body)
	}
	r = do(t, "GET", base+"/v1/shelves/s1/books/", "")
	if r.status != 404 {
		t.Errorf("empty segment for a variable: %d %s, want 404", r.status, r.body)
	}
	r = do(t, "DELETE", base+"/v1/library", "")
	if r.status != 405 || r.errorBody(t).Code != 405 {
		t.Errorf("wrong method: %d %s", r.status, r.body)
	}
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "GET") || strings.Contains(allow, "DELETE") {
		t.Errorf("Allow = %q, want GET and not DELETE", allow)
	}
	r = do(t, "OPTIONS", base+"/v1/shelves/s1/books/b1", "")
	if r.status/100 != 2 {
		t.Errorf("OPTIONS: %d %s", r.status, r.body)
	}
	allow := r.header.Get("Allow")
	for _, m := range []string{"GET", "PATCH", "DELETE", "OPTIONS"} {
		if !strings.Contains(allow, m) {
			t.Errorf("OPTIONS Allow = %q, missing %s", allow, m)
		}
	}
	r = do(t, "OPTIONS", base+"/v2/nothing", "")
	if r.status != 404 {
		t.Errorf("OPTIONS of an unknown path: %d, want 404", r.status)
	}
}
