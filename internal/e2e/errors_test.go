package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
)

// TestErrorFormats checks a typed error in the default (Kratos) format and
// in the google.rpc.Status format.
func TestErrorFormats(t *testing.T) {
	_, base := serve(t)
	r := do(t, "GET", base+"/v1/shelves/s1/books/missing", "")
	if r.status != 404 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	want := errorBody{Code: 404, Reason: "BOOK_NOT_FOUND", Message: `book "missing" not found`,
		Metadata: map[string]string{"book_id": "missing"}}
	if diff := cmp.Diff(want, r.errorBody(t)); diff != "" {
		t.Errorf("error body (-want +got):\n%s", diff)
	}

	_, statusBase := serve(t, http.StatusErrors())
	r = do(t, "GET", statusBase+"/v1/shelves/s1/books/missing", "")
	if r.status != 404 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var st struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Type     string            `json:"@type"`
			Reason   string            `json:"reason"`
			Metadata map[string]string `json:"metadata"`
		} `json:"details"`
	}
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatalf("status body %s: %v", r.body, err)
	}
	if st.Code != 5 || st.Message != `book "missing" not found` {
		t.Errorf("google.rpc.Status = %s, want code 5 (NOT_FOUND) and the message", r.body)
	}
	found := false
	for _, d := range st.Details {
		if d.Type == "type.googleapis.com/google.rpc.ErrorInfo" && d.Reason == "BOOK_NOT_FOUND" && d.Metadata["book_id"] == "missing" {
			found = true
		}
	}
	if !found {
		t.Errorf("google.rpc.Status has no ErrorInfo with the reason and metadata: %s", r.body)
	}
}

// TestInternalErrorsHidden checks that the text of a non-Bia error and of a
// panic never reaches the client, and that the server survives a panic with
// and without the recovery middleware.
func TestInternalErrorsHidden(t *testing.T) {
	_, bare := serve(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, recovered := serve(t, http.Middleware(recovery.Recovery(recovery.WithLogger(quiet))))
	for _, base := range []string{bare, recovered} {
		for _, id := range []string{"plain-error", "panic"} {
			r := do(t, "GET", base+"/v1/shelves/s1/books/"+id, "")
			if r.status != 500 {
				t.Errorf("%s: status %d, want 500", id, r.status)
			}
			e := r.errorBody(t)
			if e.Code != 500 || strings.Contains(string(r.body), "hunter2") || strings.Contains(string(r.body), "secret") {
				t.Errorf("%s: body %s leaks or has the wrong code", id, r.body)
			}
			if r := do(t, "GET", base+"/v1/library", ""); r.status != 200 {
				t.Errorf("after %s the server answers %d", id, r.status)
			}
		}
	}
}

// TestMiddlewareSeesRoute checks that middleware runs for HTTP calls with
// the operation and the matched template of each binding in its context,
// and that reply headers set by middleware reach the client.
func TestMiddlewareSeesRoute(t *testing.T) {
	var mu sync.Mutex
	var seen [][2]string
	mw := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				t.Error("no transporter in the context")
				return next(ctx, req)
			}
			ht, ok := tr.(http.Transporter)
			if !ok {
				t.Errorf("transporter %T is not an http.Transporter", tr)
				return next(ctx, req)
			}
			mu.Lock()
			seen = append(seen, [2]string{tr.Operation(), ht.PathTemplate()})
			mu.Unlock()
			tr.ReplyHeader().Set("X-Operation", tr.Operation())
			if tr.Kind() != transport.KindHTTP || tr.RequestHeader().Get("X-Trace") != "t1" {
				t.Errorf("kind %s, X-Trace %q", tr.Kind(), tr.RequestHeader().Get("X-Trace"))
			}
			return next(ctx, req)
		}
	}
	_, base := serve(t, http.Middleware(mw))
	r := do(t, "GET", base+"/v1/shelves/s1/books/b1", "", "X-Trace", "t1")
	if got := r.header.Get("X-Operation"); got != "/httptest.v1.Library/GetBook" {
		t.Errorf("reply header X-Operation = %q", got)
	}
	do(t, "GET", base+"/v1/books/b1", "", "X-Trace", "t1")
	do(t, "GET", base+"/admin/v1/ping", "", "X-Trace", "t1")
	want := [][2]string{
		{"/httptest.v1.Library/GetBook", "/v1/shelves/{shelf.name}/books/{book_id}"},
		{"/httptest.v1.Library/GetBook", "/v1/books/{bookId}"},
		{"/httptest.v1.LibraryAdmin/Ping", "/admin/v1/ping"},
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("middleware saw (-want +got):\n%s", diff)
	}
}
