package e2e_test

import (
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestBodyCodecs sends the same CreateShelf request in every body encoding.
func TestBodyCodecs(t *testing.T) {
	lib, base := serve(t)
	want := &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Theme: "sea"}, RequestId: "r1"}
	bin, err := proto.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, contentType, body string }{
		{"json", "application/json", `{"shelf":{"theme":"sea"},"requestId":"r1"}`},
		{"json with charset and proto names", "application/json; charset=utf-8", `{"shelf":{"theme":"sea"},"request_id":"r1"}`},
		{"no content type means json", "", `{"shelf":{"theme":"sea"},"requestId":"r1"}`},
		{"unknown JSON fields are ignored", "application/json", `{"shelf":{"theme":"sea","nope":1},"requestId":"r1","extra":[1]}`},
		{"binary proto", "application/x-protobuf", string(bin)},
		{"binary proto, other name", "application/proto", string(bin)},
		{"form", "application/x-www-form-urlencoded", "shelf.theme=sea&request_id=r1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var header []string
			if tt.contentType != "" {
				header = []string{"Content-Type", tt.contentType}
			}
			r := do(t, "POST", base+"/v1/shelves?request_id=from-query", tt.body, header...)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if diff := cmp.Diff(want, lib.Last("CreateShelf"), protocmp.Transform()); diff != "" {
				t.Errorf("bound request (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBodyErrors checks 400, 413 and 415, each with a JSON error body.
func TestBodyErrors(t *testing.T) {
	_, base := serve(t, http.MaxBodySize(1024))
	_, strict := serve(t, http.RejectUnknownFields())
	tests := []struct {
		name, url, contentType, body string
		status                       int
	}{
		{"malformed json", base + "/v1/shelves", "application/json", `{"shelf":`, 400},
		{"wrong json type", base + "/v1/shelves", "application/json", `{"shelf":{"theme":5}}`, 400},
		{"malformed proto", base + "/v1/shelves", "application/x-protobuf", "\xff\xff\xff", 400},
		{"unsupported content type", base + "/v1/shelves", "text/plain", "theme=x", 415},
		{"body over the limit", base + "/v1/shelves", "application/json",
			`{"shelf":{"theme":"` + strings.Repeat("x", 2048) + `"}}`, 413},
		{"unknown field rejected when asked", strict + "/v1/shelves", "application/json", `{"nope":1}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, "POST", tt.url, tt.body, "Content-Type", tt.contentType)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d; body %s", r.status, tt.status, r.body)
			}
			if e := r.errorBody(t); e.Code != tt.status || e.Message == "" {
				t.Errorf("error body = %+v", e)
			}
		})
	}
	// The server is alive and well after all of that.
	if r := do(t, "GET", base+"/v1/library", ""); r.status != 200 {
		t.Errorf("after bad bodies: %d %s", r.status, r.body)
	}
}

// TestReplies checks reply encodings: response_body on message, repeated and
// map fields, HttpBody replies, Accept negotiation and JSON options.
func TestReplies(t *testing.T) {
	_, base := serve(t, http.EmitUnpopulated(false))

	r := do(t, "GET", base+"/v1/shelves?page_size=2", "")
	assertJSON(t, r, `[{"name":"shelves/a"},{"name":"shelves/b","bookCount":"1"}]`)

	r = do(t, "GET", base+"/v1/shelves/s1", "")
	assertJSON(t, r, `{"name":"shelves/s1"}`)

	r = do(t, "GET", base+"/v1/shelves:countBooks?shelves=a&shelves=b", "")
	assertJSON(t, r, `{"a":"1099511627776","b":"2199023255552"}`)

	r = do(t, "GET", base+"/v1/files/x/y.csv", "")
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv" || string(r.body) != "path,x/y.csv\n" {
		t.Errorf("HttpBody reply: %d %q %q", r.status, r.header.Get("Content-Type"), r.body)
	}

	r = do(t, "GET", base+"/v1/shelves/s1/books/b1?format=BOOK_FORMAT_EBOOK", "")
	assertJSON(t, r, `{"name":"shelves/s1/books/b1","title":"Title of b1","format":"BOOK_FORMAT_EBOOK"}`)

	for _, accept := range []string{"application/x-protobuf", "text/html;q=0.5, application/x-protobuf", "application/proto"} {
		r = do(t, "GET", base+"/v1/library", "", "Accept", accept)
		var info libpb.LibraryInfo
		if err := proto.Unmarshal(r.body, &info); err != nil || info.GetName() != "central" {
			t.Errorf("Accept %q: %q (%v), Content-Type %q", accept, r.body, err, r.header.Get("Content-Type"))
		}
	}
	for _, accept := range []string{"application/json", "*/*", "application/*", "text/html", "application/x-protobuf;q=0.1, application/json"} {
		r = do(t, "GET", base+"/v1/library", "", "Accept", accept)
		assertJSON(t, r, `{"name":"central","shelfCount":3}`)
	}

	_, names := serve(t, http.UseProtoNames())
	r = do(t, "GET", names+"/v1/library", "")
	assertJSON(t, r, `{"name":"central","shelf_count":3}`)
	r = do(t, "GET", names+"/v1/shelves/s1/books/b1", "")
	assertJSON(t, r, `{"name":"shelves/s1/books/b1","title":"Title of b1","author":"",`+
		`"format":"BOOK_FORMAT_UNSPECIFIED","pages":0,"publish_time":null,"tags":[],"published":false}`)
}

// TestEmitUnpopulatedDefault checks that replies carry every field by
// default, zero values included, as with Kratos v2 and grpc-gateway v2,
// and that EmitUnpopulated(false) leaves them out.
func TestEmitUnpopulatedDefault(t *testing.T) {
	_, defaults := serve(t)
	assertJSON(t, do(t, "GET", defaults+"/v1/shelves/s1", ""),
		`{"name":"shelves/s1","theme":"","bookCount":"0","createTime":null}`)
	assertJSON(t, do(t, "GET", defaults+"/v1/shelves?page_size=1", ""),
		`[{"name":"shelves/a","theme":"","bookCount":"0","createTime":null}]`)

	_, omit := serve(t, http.EmitUnpopulated(false))
	assertJSON(t, do(t, "GET", omit+"/v1/shelves/s1", ""), `{"name":"shelves/s1"}`)
	assertJSON(t, do(t, "GET", omit+"/v1/shelves?page_size=1", ""), `[{"name":"shelves/a"}]`)
}

// assertJSON checks a 200 JSON reply equals want, as JSON values.
func assertJSON(t *testing.T, r response, want string) {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var got, w any
	if err := json.Unmarshal(r.body, &got); err != nil {
		t.Fatalf("reply %q: %v", r.body, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(w, got); diff != "" {
		t.Errorf("reply (-want +got):\n%s", diff)
	}
}

// TestChunkedBodies checks bodies of unknown length (chunked transfer
// encoding): read in full under the limit, 413 over it.
func TestChunkedBodies(t *testing.T) {
	// The filter records how the server saw each body arrive.
	var mu sync.Mutex
	var encodings []string
	record := func(next nethttp.Handler) nethttp.Handler {
		return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
			mu.Lock()
			encodings = append(encodings, fmt.Sprint(r.ContentLength, r.TransferEncoding))
			mu.Unlock()
			next.ServeHTTP(w, r)
		})
	}
	lib, base := serve(t, http.MaxBodySize(1024), http.Filter(record))
	send := func(body string) response {
		t.Helper()
		// A reader of unknown length makes the client send chunks.
		req, err := nethttp.NewRequestWithContext(t.Context(), "POST", base+"/v1/shelves", io.MultiReader(strings.NewReader(body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return response{status: resp.StatusCode, header: resp.Header, body: b}
	}
	if r := send(`{"shelf":{"theme":"chunked"}}`); r.status != 200 {
		t.Fatalf("chunked body: %d %s", r.status, r.body)
	}
	want := &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Theme: "chunked"}}
	if diff := cmp.Diff(want, lib.Last("CreateShelf"), protocmp.Transform()); diff != "" {
		t.Errorf("bound request (-want +got):\n%s", diff)
	}
	r := send(`{"shelf":{"theme":"` + strings.Repeat("x", 2048) + `"}}`)
	if r.status != 413 || r.errorBody(t).Code != 413 {
		t.Errorf("chunked body over the limit: %d %s", r.status, r.body)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"-1 [chunked]", "-1 [chunked]"}, encodings); diff != "" {
		t.Errorf("bodies did not arrive chunked (-want +got):\n%s", diff)
	}
}
