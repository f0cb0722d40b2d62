package http_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	nethttp "net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
)

// startServer starts s on its endpoint and returns its base URL once it
// serves; the test's cleanup stops it and checks Start returned nil.
func startServer(tb testing.TB, s *http.Server) string {
	tb.Helper()
	ep, err := s.Endpoint()
	if err != nil {
		tb.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Start(context.Background()) }()
	tb.Cleanup(func() {
		if err := s.Stop(context.Background()); err != nil {
			tb.Errorf("Stop: %v", err)
		}
		if err := <-done; err != nil {
			tb.Errorf("Start: %v", err)
		}
	})
	base := "http://" + ep.Host
	// The listener is bound: this request waits in the backlog until Start
	// serves, so once it returns the server is serving.
	resp, err := nethttp.Get(base + "/")
	if err != nil {
		tb.Fatal(err)
	}
	_ = resp.Body.Close()
	return base
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func get(tb testing.TB, url string, header ...string) (*nethttp.Response, string) {
	tb.Helper()
	req, err := nethttp.NewRequest("GET", url, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(tb, req)
}

// newPost returns a POST of a JSON payload; chunked hides its length.
func newPost(url, payload string, chunked bool) (*nethttp.Request, error) {
	var body io.Reader = strings.NewReader(payload)
	if chunked {
		body = io.MultiReader(body)
	}
	req, err := nethttp.NewRequest("POST", url, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return req, nil
}

// do sends req and reads the whole response.
func do(tb testing.TB, req *nethttp.Request) (*nethttp.Response, string) {
	tb.Helper()
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, string(b)
}

func TestTransporter(t *testing.T) {
	type seen struct {
		kind                          transport.Kind
		endpoint, op, tmpl, reqHeader string
		fromCtx                       bool
	}
	got := make(chan seen, 1)
	mw := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, _ := transport.FromServerContext(ctx)
			ht := tr.(http.Transporter)
			r, ok := http.RequestFromServerContext(ctx)
			got <- seen{tr.Kind(), tr.Endpoint(), tr.Operation(), ht.PathTemplate(), tr.RequestHeader().Get("x-trace"),
				ok && r == ht.Request() && r.URL.Path == "/v1/books/7"}
			tr.ReplyHeader().Set("X-Served-By", "bia")
			tr.ReplyHeader().Add("x-multi", "1")
			tr.ReplyHeader().Add("X-Multi", "2")
			if keys := tr.RequestHeader().Keys(); !slices.IsSorted(keys) || !slices.Contains(keys, "X-Trace") {
				t.Errorf("request header keys = %q, want sorted with X-Trace", keys)
			}
			if v := tr.RequestHeader().Values("x-trace"); !slices.Equal(v, []string{"abc"}) {
				t.Errorf("Values(x-trace) = %q", v)
			}
			return next(ctx, req)
		}
	}
	s := http.NewServer(http.Address("127.0.0.1:0"), http.Middleware(mw), http.EmitUnpopulated(false))
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/v1/books/{name}", Operation: "/bia.test.Books/Get"})
	base := startServer(t, s)
	resp, body := get(t, base+"/v1/books/7", "X-Trace", "abc")
	if resp.StatusCode != 200 || resp.Header.Get("X-Served-By") != "bia" {
		t.Errorf("got %d, X-Served-By %q; body %s", resp.StatusCode, resp.Header.Get("X-Served-By"), body)
	}
	jsonEqual(t, body, `{"name":"7"}`)
	if v := resp.Header.Values("X-Multi"); !slices.Equal(v, []string{"1", "2"}) {
		t.Errorf("X-Multi = %q, want [1 2]", v)
	}
	want := seen{transport.KindHTTP, base, "/bia.test.Books/Get", "/v1/books/{name}", "abc", true}
	if g := <-got; g != want {
		t.Errorf("transporter = %+v, want %+v", g, want)
	}
	if _, ok := http.RequestFromServerContext(context.Background()); ok {
		t.Error("RequestFromServerContext of an empty context reports a request")
	}
}

func TestMiddlewareChainBuiltOncePerRoute(t *testing.T) {
	var mu sync.Mutex
	builds, calls := 0, 0
	mw := func(next middleware.Handler) middleware.Handler {
		mu.Lock()
		builds++
		mu.Unlock()
		return func(ctx context.Context, req any) (any, error) {
			mu.Lock()
			calls++
			mu.Unlock()
			return next(ctx, req)
		}
	}
	s := http.NewServer(http.Middleware(mw))
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/a", Operation: "/s.S/A"})
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/b", Operation: "/s.S/B"})
	for range 3 {
		serve(s, "GET", "/a", "", "")
		serve(s, "GET", "/b", "", "")
	}
	if builds != 2 || calls != 6 {
		t.Errorf("builds = %d, calls = %d; want 2 and 6", builds, calls)
	}
}

func TestFilters(t *testing.T) {
	var order []string
	filter := func(name string) func(nethttp.Handler) nethttp.Handler {
		return func(next nethttp.Handler) nethttp.Handler {
			return nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	s := http.NewServer(http.Filter(filter("outer"), filter("inner")))
	rec := serve(s, "GET", "/unknown", "", "")
	readError(t, rec, 404, "NOT_FOUND")
	if want := []string{"outer", "inner"}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("filters ran %v, want %v (filters see 404s too)", order, want)
	}
}

func TestFlushThroughWrappedWriter(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	s.HandleMethod("GET", "/stream", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		_, _ = io.WriteString(w, "a")
		if err := nethttp.NewResponseController(w).Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		// Reaching the connection's deadline needs Unwrap down to net/http.
		if err := nethttp.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Hour)); err != nil {
			t.Errorf("SetWriteDeadline: %v", err)
		}
	}))
	base := startServer(t, s)
	if resp, body := get(t, base+"/stream"); resp.StatusCode != 200 || body != "a" {
		t.Errorf("got %d %q", resp.StatusCode, body)
	}
}

func TestPanicWithoutRecovery(t *testing.T) {
	logs := &syncBuffer{}
	s := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(slog.New(slog.NewTextHandler(logs, nil))))
	mt := types(t).msg
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/boom", Operation: "/s.S/Boom"}, mt, mt,
		func(context.Context, proto.Message) (proto.Message, error) { panic("kaboom") })
	s.HandleMethod("GET", "/half", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, "partial")
		nethttp.NewResponseController(w).Flush()
		panic("after the headers")
	}))
	echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/ok", Operation: "/s.S/Ok"})
	base := startServer(t, s)

	resp, body := get(t, base+"/boom")
	if resp.StatusCode != 500 {
		t.Fatalf("status = %d, want 500", resp.StatusCode)
	}
	jsonEqual(t, body, `{"code":500,"reason":"INTERNAL","message":"internal server error","metadata":{}}`)
	if !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("panic not logged: %s", logs)
	}
	// A panic after the response started aborts the connection.
	if resp, err := nethttp.Get(base + "/half"); err == nil {
		_, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err == nil {
			t.Error("a response cut by a panic read as complete")
		}
	}
	if resp, _ := get(t, base+"/ok"); resp.StatusCode != 200 {
		t.Errorf("server not serving after panics: %d", resp.StatusCode)
	}
}

func TestRecoveryMiddleware(t *testing.T) {
	s := http.NewServer(http.Middleware(recovery.Recovery()))
	mt := types(t).msg
	http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/boom", Operation: "/s.S/Boom"}, mt, mt,
		func(context.Context, proto.Message) (proto.Message, error) { panic("kaboom") })
	b := readError(t, serve(s, "GET", "/boom", "", ""), 500, "INTERNAL")
	if strings.Contains(b.Message, "kaboom") {
		t.Errorf("panic value leaked: %q", b.Message)
	}
}

func TestTimeout(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []http.ServerOption
		want bool
	}{
		{"default: no deadline", nil, false},
		{"Timeout sets a deadline", []http.ServerOption{http.Timeout(time.Minute)}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer(tt.opts...)
			mt := types(t).msg
			got := make(chan bool, 1)
			http.HandleDynamic(s, http.Rule{Method: "GET", Pattern: "/t", Operation: "/s.S/T"}, mt, mt,
				func(ctx context.Context, m proto.Message) (proto.Message, error) {
					_, ok := ctx.Deadline()
					got <- ok
					return m, nil
				})
			serve(s, "GET", "/t", "", "")
			if ok := <-got; ok != tt.want {
				t.Errorf("deadline = %v, want %v", ok, tt.want)
			}
		})
	}
}
