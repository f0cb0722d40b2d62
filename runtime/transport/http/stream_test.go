package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/api/httpbody"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// streamLibrary is the fake library whose streaming methods the test sets.
type streamLibrary struct {
	fakeLibrary
	watch func(*lib.WatchShelfRequest, grpc.ServerStreamingServer[lib.ShelfEvent]) error
	file  func(*lib.DownloadFileRequest, grpc.ServerStreamingServer[httpbody.HttpBody]) error
}

func (l streamLibrary) WatchShelf(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
	if l.watch == nil {
		return l.fakeLibrary.WatchShelf(in, s)
	}
	return l.watch(in, s)
}

func (l streamLibrary) StreamFile(in *lib.DownloadFileRequest, s grpc.ServerStreamingServer[httpbody.HttpBody]) error {
	if l.file == nil {
		return l.fakeLibrary.StreamFile(in, s)
	}
	return l.file(in, s)
}

// serveLibrary serves l on a loopback server and returns its URL and a
// generated client of it.
func serveLibrary(t *testing.T, l lib.LibraryHTTPServer, opts ...http.ServerOption) (string, lib.LibraryHTTPClient) {
	t.Helper()
	url := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, l) }, opts...)
	return url, lib.NewLibraryHTTPClient(clientFor(t, url))
}

// sendN sends n events, the i-th with book count i, then returns err.
func sendN(n int, err error) func(*lib.WatchShelfRequest, grpc.ServerStreamingServer[lib.ShelfEvent]) error {
	return func(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		for i := range n {
			if err := s.Send(&lib.ShelfEvent{Shelf: &lib.Shelf{Name: in.GetName(), BookCount: int64(i)}}); err != nil {
				return err
			}
		}
		return err
	}
}

func getStream(t *testing.T, url, accept string) *nethttp.Response {
	t.Helper()
	req, err := nethttp.NewRequestWithContext(t.Context(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// TestServerStreamWire checks the bytes of both framings, chosen by
// Accept, with the headers a stream needs behind proxies.
func TestServerStreamWire(t *testing.T) {
	url, _ := serveLibrary(t, streamLibrary{watch: sendN(2, lib.ErrorShelfNotFound("gone"))})
	ndjson := `{"shelf":{"name":"shelves/1"}}` + "\n" +
		`{"shelf":{"name":"shelves/1","bookCount":"1"}}` + "\n" +
		`{"error":{"code":404,"reason":"SHELF_NOT_FOUND","message":"gone","metadata":{}}}` + "\n"
	sse := "data: {\"shelf\":{\"name\":\"shelves/1\"}}\n\n" +
		"data: {\"shelf\":{\"name\":\"shelves/1\",\"bookCount\":\"1\"}}\n\n" +
		"event: error\ndata: {\"code\":404,\"reason\":\"SHELF_NOT_FOUND\",\"message\":\"gone\",\"metadata\":{}}\n\n"
	for _, tt := range []struct {
		accept, contentType, body string
	}{
		{"", "application/x-ndjson", ndjson},
		{"*/*", "application/x-ndjson", ndjson},
		{"application/json", "application/x-ndjson", ndjson},
		{"application/x-ndjson", "application/x-ndjson", ndjson},
		{"text/event-stream", "text/event-stream", sse},
		{"application/x-ndjson;q=0.5, text/event-stream", "text/event-stream", sse},
	} {
		resp := getStream(t, url+"/v1/shelves/1:watch", tt.accept)
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{"status": resp.Status, "type": resp.Header.Get("Content-Type"),
			"cache": resp.Header.Get("Cache-Control"), "accel": resp.Header.Get("X-Accel-Buffering")}
		want := map[string]string{"status": "200 OK", "type": tt.contentType, "cache": "no-cache", "accel": "no"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Accept %q: headers (-want +got):\n%s", tt.accept, diff)
		}
		if !jsonLinesEqual(string(body), tt.body) {
			t.Errorf("Accept %q: body\n%s\nwant\n%s", tt.accept, body, tt.body)
		}
	}
}

// jsonLinesEqual compares two stream bodies line by line, JSON texts by
// value (protojson varies its spacing on purpose).
func jsonLinesEqual(got, want string) bool {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		gp, gj, _ := strings.Cut(g[i], "{")
		wp, wj, _ := strings.Cut(w[i], "{")
		if gp != wp {
			return false
		}
		if gj == "" && wj == "" {
			continue
		}
		var gv, wv any
		if json.Unmarshal([]byte("{"+gj), &gv) != nil || json.Unmarshal([]byte("{"+wj), &wv) != nil || !cmp.Equal(gv, wv) {
			return false
		}
	}
	return true
}

// TestServerStreamClient checks the generated client over both framings:
// 1,000 messages in order, then the clean end or an error after them.
func TestServerStreamClient(t *testing.T) {
	for _, failed := range []bool{false, true} {
		var end error
		if failed {
			end = lib.ErrorShelfNotFound("shelf %s is gone", "1").WithMetadata(map[string]string{"shelf": "1"})
		}
		for _, statusErrors := range []bool{false, true} {
			opts := []http.ServerOption{}
			if statusErrors {
				opts = append(opts, http.StatusErrors())
			}
			_, c := serveLibrary(t, streamLibrary{watch: sendN(1000, end)}, opts...)
			for _, accept := range []string{"application/x-ndjson", "text/event-stream"} {
				name := fmt.Sprintf("failed=%v status=%v %s", failed, statusErrors, accept)
				stream, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"}, http.Accept(accept))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				n := 0
				for {
					ev, err := stream.Recv()
					if err != nil {
						switch {
						case !failed && err != io.EOF:
							t.Errorf("%s: Recv after %d: %v, want io.EOF", name, n, err)
						case failed:
							e := wantError(t, err, 404, "SHELF_NOT_FOUND")
							if !statusErrors && e.Metadata["shelf"] != "1" {
								t.Errorf("%s: metadata %v", name, e.Metadata)
							}
						}
						break
					}
					if ev.GetShelf().GetBookCount() != int64(n) || ev.GetShelf().GetName() != "shelves/1" {
						t.Fatalf("%s: message %d is %v", name, n, ev)
					}
					n++
				}
				if n != 1000 {
					t.Errorf("%s: %d messages, want 1000", name, n)
				}
				if _, err := stream.Recv(); err == nil {
					t.Errorf("%s: Recv after the end succeeded", name)
				}
			}
		}
	}
}

// TestServerStreamErrorFirst checks that a stream failing before its
// first message is an ordinary error reply.
func TestServerStreamErrorFirst(t *testing.T) {
	url, c := serveLibrary(t, streamLibrary{watch: sendN(0, lib.ErrorShelfNotFound("no such shelf"))})
	resp := getStream(t, url+"/v1/shelves/1:watch", "text/event-stream")
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("reply %s %s, want 404 application/json", resp.Status, resp.Header.Get("Content-Type"))
	}
	_, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"})
	if !lib.IsShelfNotFound(err) {
		t.Errorf("WatchShelf = %v, want SHELF_NOT_FOUND", err)
	}
}

// TestServerStreamEmpty checks a stream without messages: its headers
// and, over SSE, the end event.
func TestServerStreamEmpty(t *testing.T) {
	url, c := serveLibrary(t, streamLibrary{watch: sendN(0, nil)})
	body, _ := io.ReadAll(getStream(t, url+"/v1/shelves/1:watch", "text/event-stream").Body)
	if string(body) != "event: end\ndata:\n\n" {
		t.Errorf("SSE body %q, want only the end event", body)
	}
	stream, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.Recv(); err != io.EOF {
		t.Errorf("Recv = %v, want io.EOF", err)
	}
}

// TestServerStreamHeadersAndTrailers checks that gRPC metadata set on the
// stream travels as HTTP headers and trailers.
func TestServerStreamHeadersAndTrailers(t *testing.T) {
	_, c := serveLibrary(t, streamLibrary{watch: func(in *lib.WatchShelfRequest, s grpc.ServerStreamingServer[lib.ShelfEvent]) error {
		if err := s.SetHeader(metadata.Pairs("x-shelf", in.GetName())); err != nil {
			return err
		}
		s.SetTrailer(metadata.Pairs("x-count", "1"))
		if err := s.Send(&lib.ShelfEvent{}); err != nil {
			return err
		}
		if err := s.SetHeader(metadata.Pairs("x-late", "1")); err == nil {
			return fmt.Errorf("SetHeader after the headers were sent succeeded")
		}
		return nil
	}})
	stream, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/7"})
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = stream.Recv()
	}
	if err != io.EOF {
		t.Fatalf("Recv: %v", err)
	}
	h, _ := stream.Header()
	if got, tr := h.Get("x-shelf"), stream.Trailer().Get("x-count"); !cmp.Equal(got, []string{"shelves/7"}) || !cmp.Equal(tr, []string{"1"}) {
		t.Errorf("header x-shelf %v, trailer x-count %v", got, tr)
	}
}

// TestServerStreamHTTPBody checks a stream of google.api.HttpBody: raw
// bytes with the first message's content type, and a failure after the
// first message cutting the connection.
func TestServerStreamHTTPBody(t *testing.T) {
	url, c := serveLibrary(t, streamLibrary{file: func(in *lib.DownloadFileRequest, s grpc.ServerStreamingServer[httpbody.HttpBody]) error {
		for part := range strings.SplitSeq(in.GetPath(), "/") {
			if part == "fail" {
				return errors.InternalServer("BROKEN", "the disk failed")
			}
			if err := s.Send(&httpbody.HttpBody{ContentType: "text/plain", Data: []byte(part)}); err != nil {
				return err
			}
		}
		return nil
	}})
	resp := getStream(t, url+"/v1/files/a/b/c:stream", "")
	body, err := io.ReadAll(resp.Body)
	if err != nil || string(body) != "abc" || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("body %q (%s, %v), want abc as text/plain", body, resp.Header.Get("Content-Type"), err)
	}
	stream, err := c.StreamFile(t.Context(), &lib.DownloadFileRequest{Path: "a/b/fail"})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for {
		m, err := stream.Recv()
		if err != nil {
			if err == io.EOF {
				t.Errorf("the cut stream ended cleanly after %q", got)
			}
			break
		}
		got += string(m.GetData())
	}
	if got != "ab" {
		t.Errorf("received %q before the failure, want ab", got)
	}
}

// TestServerStreamMiddleware checks that the server's middleware runs once
// per stream with the bound request, that its OnSend hooks see every
// message, and that the validation middleware rejects a bad request
// before the stream starts; and that the client's middleware sees every
// received message.
func TestServerStreamMiddleware(t *testing.T) {
	var requests []string
	var sent, received atomic.Int32
	server := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if r, ok := req.(*lib.WatchShelfRequest); ok {
				requests = append(requests, r.GetName())
			}
			if st, ok := middleware.StreamFromContext(ctx); ok {
				st.OnSend(func(context.Context, any) error { sent.Add(1); return nil })
			}
			return next(ctx, req)
		}
	}
	noBadShelf := validate.Validator(validate.WithoutPGV(), validate.WithFunc(func(_ context.Context, m proto.Message) ([]errors.FieldViolation, error) {
		if r, ok := m.(*lib.WatchShelfRequest); ok && r.GetName() == "shelves/bad" {
			return []errors.FieldViolation{{Field: "name", Rule: "not_bad", Message: "bad shelf"}}, nil
		}
		return nil, nil
	}))
	url := bia(t, func(s *http.Server) { lib.RegisterLibraryHTTPServer(s, streamLibrary{}) }, http.Middleware(server, noBadShelf))
	client := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if st, ok := middleware.StreamFromContext(ctx); ok {
				st.OnReceive(func(context.Context, any) error { received.Add(1); return nil })
			}
			return next(ctx, req)
		}
	}
	c := lib.NewLibraryHTTPClient(clientFor(t, url, http.WithMiddleware(client)))
	stream, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/1"})
	if err != nil {
		t.Fatal(err)
	}
	for err == nil {
		_, err = stream.Recv()
	}
	if _, err := c.WatchShelf(t.Context(), &lib.WatchShelfRequest{Name: "shelves/bad"}); errors.FromError(err).Reason != errors.ReasonValidation {
		t.Errorf("a bad request: %v, want VALIDATION", err)
	}
	if !cmp.Equal(requests, []string{"shelves/1", "shelves/bad"}) || sent.Load() != 3 || received.Load() != 3 {
		t.Errorf("requests %v, %d sent, %d received; want [shelves/1 shelves/bad], 3, 3", requests, sent.Load(), received.Load())
	}
}
