package tracing_test

import (
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/url"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/tracing"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// backend is the second hop: GetShelf over gRPC.
type backend struct {
	libpb.UnimplementedLibraryServer
}

func (backend) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	if in.GetName() == "shelves/missing" {
		return nil, errors.NotFound("SHELF_NOT_FOUND", "no shelf "+in.GetName())
	}
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName()}}, nil
}

// front is the first hop: GetShelf over HTTP, answered by the backend.
type front struct {
	libpb.UnimplementedLibraryServer
	backend libpb.LibraryClient
}

func (f front) GetShelf(ctx context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	return f.backend.GetShelf(ctx, in)
}

// chain starts HTTP front → gRPC backend, both traced into rec, and
// returns the front's base URL.
func chain(t *testing.T, tp trace.TracerProvider, backendMiddleware ...middleware.Middleware) string {
	t.Helper()
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(quiet),
		grpc.Middleware(append([]middleware.Middleware{tracing.Server(tracing.WithTracerProvider(tp))}, backendMiddleware...)...))
	libpb.RegisterLibraryServer(gs, backend{})
	gu := servetest.Start(t, gs)
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint(gu.Host), grpc.WithMiddleware(tracing.Client(tracing.WithTracerProvider(tp))))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	hs := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet), http.Middleware(tracing.Server(tracing.WithTracerProvider(tp))))
	libpb.RegisterLibraryHTTPServer(hs, front{backend: libpb.NewLibraryClient(cc)})
	return "http://" + servetest.Start(t, hs).Host
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// TestTwoHops sends a plain net/http request carrying a traceparent
// through HTTP → service → gRPC → service and checks the three spans:
// one trace, each the child of the one before, named and attributed per
// the semantic conventions.
func TestTwoHops(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	base := chain(t, tp)

	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	req, _ := nethttp.NewRequest("GET", base+"/v1/shelves/s1", nil)
	req.Header.Set("traceparent", "00-"+traceID+"-"+parentID+"-01")
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	spans := rec.Ended()
	if len(spans) != 3 {
		t.Fatalf("%d spans, want 3", len(spans))
	}
	// Ended in order: the gRPC server, the gRPC client, the HTTP server.
	gsrv, gcli, hsrv := spans[0], spans[1], spans[2]
	for _, s := range spans {
		if got := s.SpanContext().TraceID().String(); got != traceID {
			t.Errorf("%s: trace %s, want the caller's %s", s.Name(), got, traceID)
		}
	}
	if hsrv.Parent().SpanID().String() != parentID || !hsrv.Parent().IsRemote() {
		t.Errorf("HTTP server span's parent %v, want the caller's span %s", hsrv.Parent(), parentID)
	}
	if gcli.Parent().SpanID() != hsrv.SpanContext().SpanID() {
		t.Error("the gRPC client span is not a child of the HTTP server span")
	}
	if gsrv.Parent().SpanID() != gcli.SpanContext().SpanID() || !gsrv.Parent().IsRemote() {
		t.Error("the gRPC server span is not a child of the gRPC client span")
	}
	for _, tc := range []struct {
		span sdktrace.ReadOnlySpan
		name string
		kind trace.SpanKind
		want map[attribute.Key]any
	}{
		{hsrv, "GET /v1/{name=shelves/*}", trace.SpanKindServer, map[attribute.Key]any{
			"http.request.method": "GET", "http.route": "/v1/{name=shelves/*}", "url.path": "/v1/shelves/s1",
			"http.response.status_code": int64(200), "rpc.method": "httptest.v1.Library/GetShelf", "network.peer.address": "127.0.0.1"}},
		{gcli, "httptest.v1.Library/GetShelf", trace.SpanKindClient, map[attribute.Key]any{
			"rpc.system.name": "grpc", "rpc.method": "httptest.v1.Library/GetShelf", "rpc.response.status_code": "OK", "server.address": "127.0.0.1"}},
		{gsrv, "httptest.v1.Library/GetShelf", trace.SpanKindServer, map[attribute.Key]any{
			"rpc.system.name": "grpc", "rpc.method": "httptest.v1.Library/GetShelf", "rpc.response.status_code": "OK", "network.peer.address": "127.0.0.1"}},
	} {
		if tc.span.Name() != tc.name || tc.span.SpanKind() != tc.kind {
			t.Errorf("span %q (%v), want %q (%v)", tc.span.Name(), tc.span.SpanKind(), tc.name, tc.kind)
		}
		got := attrs(tc.span)
		for k, v := range tc.want {
			if got[k].AsInterface() != v {
				t.Errorf("%s: %s = %v, want %v", tc.name, k, got[k].AsInterface(), v)
			}
		}
		if tc.span.Status().Code != codes.Unset {
			t.Errorf("%s: status %v on a success", tc.name, tc.span.Status())
		}
	}
}

// TestHTTPClient checks the span of Bia's HTTP client and that the
// server continues its trace.
func TestHTTPClient(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	base := chain(t, tp)
	c, err := http.NewClient(t.Context(), http.WithEndpoint(base), http.WithMiddleware(tracing.Client(tracing.WithTracerProvider(tp))))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := libpb.NewLibraryHTTPClient(c).GetShelf(t.Context(), &libpb.GetShelfRequest{Name: "shelves/s1"}); err != nil {
		t.Fatal(err)
	}
	spans := rec.Ended()
	if len(spans) != 4 {
		t.Fatalf("%d spans, want 4", len(spans))
	}
	hcli, hsrv := spans[3], spans[2]
	if hcli.Name() != "GET /v1/{name=shelves/*}" {
		t.Errorf("client span %q", hcli.Name())
	}
	if hcli.SpanKind() != trace.SpanKindClient || hsrv.Parent().SpanID() != hcli.SpanContext().SpanID() {
		t.Fatalf("the HTTP server span is not the child of the client's")
	}
	a := attrs(hcli)
	u, _ := url.Parse(base)
	for k, v := range map[attribute.Key]any{"http.request.method": "GET", "http.route": "/v1/{name=shelves/*}",
		"url.full": base + "/v1/shelves/s1", "server.address": "127.0.0.1", "server.port": int64(mustPort(u)),
		"http.response.status_code": int64(200), "rpc.method": "httptest.v1.Library/GetShelf"} {
		if a[k].AsInterface() != v {
			t.Errorf("client span: %s = %v, want %v", k, a[k].AsInterface(), v)
		}
	}
}

func mustPort(u *url.URL) int {
	n := 0
	for _, c := range u.Port() {
		n = n*10 + int(c-'0')
	}
	return n
}

// TestErrorSpans checks a failed call: error.type is the reason, the
// exception event carries Bia's code and reason, the client spans are
// errors, and the server spans of a 4xx / NOT_FOUND are not.
func TestErrorSpans(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	base := chain(t, tp)
	resp, err := nethttp.Get(base + "/v1/shelves/missing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	spans := rec.Ended()
	if len(spans) != 3 {
		t.Fatalf("%d spans", len(spans))
	}
	for i, s := range spans {
		a := attrs(s)
		if a["error.type"].AsString() != "SHELF_NOT_FOUND" {
			t.Errorf("%s: error.type %q", s.Name(), a["error.type"].AsString())
		}
		wantStatus := codes.Unset
		if i == 1 { // the client
			wantStatus = codes.Error
		}
		if s.Status().Code != wantStatus {
			t.Errorf("%s (%v): status %v, want %v", s.Name(), s.SpanKind(), s.Status().Code, wantStatus)
		}
		var found bool
		for _, ev := range s.Events() {
			ea := map[attribute.Key]attribute.Value{}
			for _, kv := range ev.Attributes {
				ea[kv.Key] = kv.Value
			}
			if ev.Name == "exception" && ea["bia.error.code"].AsInt64() == 404 && ea["bia.error.reason"].AsString() == "SHELF_NOT_FOUND" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no exception event with Bia's code and reason: %v", s.Name(), s.Events())
		}
	}
	if got := attrs(spans[2])["http.response.status_code"].AsInt64(); got != 404 {
		t.Errorf("HTTP server span: status code %d", got)
	}
	if got := attrs(spans[0])["rpc.response.status_code"].AsString(); got != "NOT_FOUND" {
		t.Errorf("gRPC server span: status code %q", got)
	}
}

// TestNotSampled checks that a caller's decision not to sample is kept:
// no span is recorded, and the trace context still reaches the next hop
// (its trace id and unsampled flag).
func TestNotSampled(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	var seen trace.SpanContext
	base := chain(t, tp, func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			seen = trace.SpanContextFromContext(ctx)
			return next(ctx, req)
		}
	})
	req, _ := nethttp.NewRequest("GET", base+"/v1/shelves/s1", nil)
	req.Header.Set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := len(rec.Ended()); n != 0 {
		t.Errorf("%d spans recorded for an unsampled trace", n)
	}
	if seen.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || seen.IsSampled() {
		t.Errorf("the second hop saw trace %s sampled=%v, want the caller's, unsampled", seen.TraceID(), seen.IsSampled())
	}
}

// TestLogHandler checks that records logged with a traced context carry
// its ids, and others none.
func TestLogHandler(t *testing.T) {
	var buf strings.Builder
	logger := slog.New(tracing.LogHandler(slog.NewTextHandler(&buf, nil)))
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("t").Start(t.Context(), "op")
	logger.InfoContext(ctx, "inside")
	span.End()
	logger.Info("outside")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := "trace_id=" + span.SpanContext().TraceID().String() + " span_id=" + span.SpanContext().SpanID().String()
	if !strings.Contains(lines[0], want) {
		t.Errorf("traced record %q, want %q", lines[0], want)
	}
	if strings.Contains(lines[1], "trace_id") {
		t.Errorf("untraced record %q has a trace id", lines[1])
	}
}
