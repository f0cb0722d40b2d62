package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	md "github.com/bia-go/bia/runtime/metadata"
	"github.com/bia-go/bia/runtime/middleware"
	mwmd "github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestClientTransporter checks what client middleware sees of the call.
func TestClientTransporter(t *testing.T) {
	endpoint, _ := clientRecorder(t, replyWith(200, "application/json", "{}"))
	type view struct {
		Kind, Endpoint, Operation, Template, UserAgent, Custom string
		RequestBefore                                          bool
		URI, ReplyBefore, ReplyAfter                           string
	}
	var got view
	spy := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromClientContext(ctx)
			if !ok {
				return nil, fmt.Errorf("no client transporter")
			}
			ht, ok := tr.(http.Transporter)
			if !ok {
				return nil, fmt.Errorf("the transporter %T is not an http.Transporter", tr)
			}
			got = view{
				Kind: tr.Kind().String(), Endpoint: tr.Endpoint(), Operation: tr.Operation(), Template: ht.PathTemplate(),
				UserAgent: tr.RequestHeader().Get("User-Agent"), Custom: strings.Join(tr.RequestHeader().Values("X-Custom"), ","),
				RequestBefore: ht.Request() != nil, ReplyBefore: tr.ReplyHeader().Get("X-Reply"),
			}
			reply, err := next(ctx, req)
			got.URI = ht.Request().URL.RequestURI()
			got.ReplyAfter = tr.ReplyHeader().Get("X-Reply")
			return reply, err
		}
	}
	c := clientFor(t, endpoint, http.WithMiddleware(spy), http.WithUserAgent("bia-test/1"))
	err := c.Invoke(context.Background(), getBookRule, &lib.GetBookRequest{Shelf: &lib.Shelf{Name: "s"}, BookId: "b", Revision: 2}, new(lib.Book),
		http.RequestHeader("X-Custom", "a"), http.RequestHeader("x-custom", "b"))
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	want := view{
		Kind: "http", Endpoint: endpoint, Operation: lib.OperationLibraryGetBook, Template: getBookRule.Pattern,
		UserAgent: "bia-test/1", Custom: "a,b", URI: "/v1/shelves/s/books/b?revision=2", ReplyAfter: "r1",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("middleware view (-want +got):\n%s", d)
	}
}

// TestClientMetadata checks that metadata middleware on both sides carries
// metadata and headers through a Bia server, and Header captures the reply
// header.
func TestClientMetadata(t *testing.T) {
	rule := http.Rule{Method: "GET", Pattern: "/v1/whoami", Operation: "/test.Who/AmI"}
	endpoint := bia(t, func(s *http.Server) {
		http.HandleUnary(s, rule, func(ctx context.Context, _ *lib.Shelf) (*lib.Shelf, error) {
			in, _ := md.FromServerContext(ctx)
			r, _ := http.RequestFromServerContext(ctx)
			if tr, ok := transport.FromServerContext(ctx); ok {
				tr.ReplyHeader().Set("X-Served-By", "bia")
			}
			return &lib.Shelf{Name: in.Get("x-md-global-tenant") + "," + in.Get("x-md-local-caller"), Theme: r.Header.Get("X-Request-Id")}, nil
		})
	}, http.Middleware(mwmd.Server()))
	c := clientFor(t, endpoint, http.WithMiddleware(mwmd.Client(mwmd.WithConstants(md.New("x-md-local-caller", "billing")))))

	ctx := md.AppendToClientContext(context.Background(), "x-md-global-tenant", "acme")
	var h nethttp.Header
	out := new(lib.Shelf)
	if err := c.Invoke(ctx, rule, &lib.Shelf{}, out, http.Header(&h), http.RequestHeader("X-Request-Id", "req-1")); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if out.GetName() != "acme,billing" || out.GetTheme() != "req-1" {
		t.Errorf("the server saw metadata %q and X-Request-Id %q", out.GetName(), out.GetTheme())
	}
	if h.Get("X-Served-By") != "bia" || h.Get("Content-Type") != "application/json" {
		t.Errorf("reply header = %v", h)
	}
}

// TestClientMiddlewareChain checks that the chain is built once and runs
// around every call, that a middleware may call the next handler twice,
// and how middleware mistakes and errors surface.
func TestClientMiddlewareChain(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	built, calls := 0, 0
	count := func(next middleware.Handler) middleware.Handler {
		built++
		return func(ctx context.Context, req any) (any, error) {
			calls++
			return next(ctx, req)
		}
	}
	c := clientFor(t, endpoint, http.WithMiddleware(count))
	rule := http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}
	for range 3 {
		if err := c.Invoke(context.Background(), rule, &lib.Shelf{Theme: "t"}, new(lib.Shelf)); err != nil {
			t.Fatalf("Invoke: %v", err)
		}
		receive(t, seen)
	}
	if built != 1 || calls != 3 {
		t.Errorf("middleware built %d times, called %d times; want 1 and 3", built, calls)
	}

	twice := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if _, err := next(ctx, req); err != nil {
				return nil, err
			}
			return next(ctx, req)
		}
	}
	c = clientFor(t, endpoint, http.WithMiddleware(twice))
	if err := c.Invoke(context.Background(), rule, &lib.Shelf{Theme: "t"}, new(lib.Shelf)); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	for range 2 {
		if s := receive(t, seen); s.Body != `{"theme":"t"}` && s.Body != `{"theme": "t"}` {
			t.Errorf("body sent = %q", s.Body)
		}
	}

	tests := []struct {
		name   string
		m      middleware.Middleware
		code   int
		reason string
	}{
		{"plain error", failWith(fmt.Errorf("breaker open")), 500, errors.ReasonInternal},
		{"bia error", failWith(errors.ServiceUnavailable("BREAKER_OPEN", "open")), 503, "BREAKER_OPEN"},
		{"other request type", func(next middleware.Handler) middleware.Handler {
			return func(ctx context.Context, _ any) (any, error) { return next(ctx, &lib.Book{}) }
		}, 500, errors.ReasonInternal},
		{"request not a message", func(next middleware.Handler) middleware.Handler {
			return func(ctx context.Context, _ any) (any, error) { return next(ctx, "shelf") }
		}, 500, errors.ReasonInternal},
		{"foreign context", func(next middleware.Handler) middleware.Handler {
			return func(_ context.Context, req any) (any, error) { return next(context.Background(), req) }
		}, 500, errors.ReasonInternal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := clientFor(t, endpoint, http.WithMiddleware(tc.m))
			err := c.Invoke(context.Background(), rule, &lib.Shelf{}, new(lib.Shelf))
			wantError(t, err, tc.code, tc.reason)
			select {
			case s := <-seen:
				t.Errorf("the client sent %s %s", s.Method, s.URI)
			default:
			}
		})
	}
}

func failWith(err error) middleware.Middleware {
	return func(middleware.Handler) middleware.Handler {
		return func(context.Context, any) (any, error) { return nil, err }
	}
}

// TestClientMiddlewareReplyIgnored checks that out is filled in place: a
// reply a middleware returns instead does not replace it.
func TestClientMiddlewareReplyIgnored(t *testing.T) {
	endpoint, _ := clientRecorder(t, replyWith(200, "application/json", `{"name":"from server"}`))
	swap := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			if _, err := next(ctx, req); err != nil {
				return nil, err
			}
			return &lib.Shelf{Name: "from middleware"}, nil
		}
	}
	c := clientFor(t, endpoint, http.WithMiddleware(swap))
	out := new(lib.Shelf)
	if err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, out); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if !proto.Equal(out, &lib.Shelf{Name: "from server"}) {
		t.Errorf("out = %v, want the server's reply", out)
	}
}
