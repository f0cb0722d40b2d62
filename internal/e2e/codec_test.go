package e2e_test

import (
	nethttp "net/http"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// textCodec is a user codec: the protobuf text format.
type textCodec struct{}

func (textCodec) Name() string                              { return "prototext" }
func (textCodec) ContentType() string                       { return "application/x-prototext" }
func (textCodec) Marshal(m proto.Message) ([]byte, error)   { return prototext.Marshal(m) }
func (textCodec) Unmarshal(b []byte, m proto.Message) error { return prototext.Unmarshal(b, m) }

// TestCustomCodecs checks a codec added on the server (request bodies and
// negotiated replies) and on the client (WithCodec), and a codec that
// replaces the built-in JSON one.
func TestCustomCodecs(t *testing.T) {
	var mu sync.Mutex
	var sent []string // Content-Type of each request body the server got
	record := func(next nethttp.Handler) nethttp.Handler {
		return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
			if r.Method == "POST" {
				mu.Lock()
				sent = append(sent, r.Header.Get("Content-Type"))
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	}
	lib, base := serve(t, http.Codecs(textCodec{}), http.Filter(record))

	r := do(t, "POST", base+"/v1/shelves", `shelf { theme: "text" } request_id: "t1"`,
		"Content-Type", "application/x-prototext", "Accept", "application/x-prototext")
	if r.status != 200 || r.header.Get("Content-Type") != "application/x-prototext" {
		t.Fatalf("prototext request: %d %q %s", r.status, r.header.Get("Content-Type"), r.body)
	}
	var shelf libpb.Shelf
	if err := prototext.Unmarshal(r.body, &shelf); err != nil || shelf.GetTheme() != "text" {
		t.Errorf("prototext reply %q: %v", r.body, err)
	}
	want := &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Theme: "text"}, RequestId: "t1"}
	if diff := cmp.Diff(want, lib.Last("CreateShelf"), protocmp.Transform()); diff != "" {
		t.Errorf("bound request (-want +got):\n%s", diff)
	}
	// JSON stays the default, and wins a tie.
	r = do(t, "GET", base+"/v1/library", "", "Accept", "application/x-prototext, application/json")
	assertJSON(t, r, `{"name":"central","shelfCount":3}`)
	// Bad bodies in the added codec are 400s.
	if r := do(t, "POST", base+"/v1/shelves", `shelf {`, "Content-Type", "application/x-prototext"); r.status != 400 {
		t.Errorf("bad prototext body: %d %s", r.status, r.body)
	}

	// The generated client with the codec: both directions in prototext.
	cc, err := http.NewClient(t.Context(), http.WithEndpoint(base), http.WithCodec(textCodec{}))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	var header nethttp.Header
	reply, err := libpb.NewLibraryHTTPClient(cc).CreateShelf(t.Context(), want, http.Header(&header))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.Shelf, reply, protocmp.Transform()); diff != "" {
		t.Errorf("client reply (-want +got):\n%s", diff)
	}
	if ct := header.Get("Content-Type"); ct != "application/x-prototext" {
		t.Errorf("client reply came as %q, want application/x-prototext", ct)
	}
	mu.Lock()
	if n := len(sent); n == 0 || sent[n-1] != "application/x-prototext" {
		t.Errorf("the client sent bodies as %q, want application/x-prototext last", sent)
	}
	mu.Unlock()

	// Replacing the built-in JSON codec changes JSON replies.
	_, names := serve(t, http.Codecs(http.JSONCodec{UseProtoNames: true}))
	assertJSON(t, do(t, "GET", names+"/v1/library", ""), `{"name":"central","shelf_count":3}`)
}
