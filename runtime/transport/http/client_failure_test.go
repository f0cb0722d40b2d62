package http_test

import (
	"context"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

var pingRule = http.Rule{Method: "GET", Pattern: "/v1/ping", Operation: "/test.Pinger/Ping"}

// blockingServer returns the URL of a server whose handler signals arrived
// and then waits until the client goes away.
func blockingServer(tb testing.TB) (string, <-chan struct{}) {
	tb.Helper()
	arrived := make(chan struct{}, 4)
	ts := httptest.NewServer(nethttp.HandlerFunc(func(_ nethttp.ResponseWriter, r *nethttp.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	tb.Cleanup(ts.Close)
	return ts.URL, arrived
}

// TestClientUnreachable checks that a refused connection is 503
// UNAVAILABLE with the network error as its cause.
func TestClientUnreachable(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	if err := lis.Close(); err != nil {
		t.Fatal(err)
	}
	c := clientFor(t, addr)
	var h nethttp.Header
	err = c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf), http.Header(&h))
	wantError(t, err, 503, errors.ReasonUnavailable)
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("cause of %v is not a *net.OpError", err)
	}
	if h != nil {
		t.Errorf("reply header = %v, want none: no reply arrived", h)
	}
}

// TestClientTimeout checks WithTimeout: the call ends with 504 and the
// context error as cause.
func TestClientTimeout(t *testing.T) {
	endpoint, arrived := blockingServer(t)
	c := clientFor(t, endpoint, http.WithTimeout(50*time.Millisecond))
	err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf))
	wantError(t, err, 504, "GATEWAY_TIMEOUT")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, context.DeadlineExceeded) = false", err)
	}
	<-arrived
}

// TestClientCanceled checks that a canceled caller context ends the call
// with 499.
func TestClientCanceled(t *testing.T) {
	endpoint, arrived := blockingServer(t)
	c := clientFor(t, endpoint)

	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-arrived
		cancel()
	}()
	err := c.Invoke(ctx, pingRule, &lib.Shelf{}, new(lib.Shelf))
	wantError(t, err, 499, "CLIENT_CLOSED")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(%v, context.Canceled) = false", err)
	}

	err = c.Invoke(ctx, pingRule, &lib.Shelf{}, new(lib.Shelf))
	wantError(t, err, 499, "CLIENT_CLOSED")
}

// TestClientDeadlines checks the deadline of the call's context under
// WithTimeout: 2s by default, the caller's when earlier, none with 0.
func TestClientDeadlines(t *testing.T) {
	endpoint, _ := clientRecorder(t, nil)
	tests := []struct {
		name    string
		opts    []http.ClientOption
		caller  time.Duration // the timeout of the caller's context, if any
		timeout time.Duration
		none    bool
	}{
		{name: "default", timeout: http.DefaultClientTimeout},
		{name: "set", opts: []http.ClientOption{http.WithTimeout(time.Minute)}, timeout: time.Minute},
		{name: "caller's earlier deadline", caller: time.Second},
		{name: "disabled", opts: []http.ClientOption{http.WithTimeout(0)}, none: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got time.Time
			var ok bool
			spy := func(next middleware.Handler) middleware.Handler {
				return func(ctx context.Context, req any) (any, error) {
					got, ok = ctx.Deadline()
					return next(ctx, req)
				}
			}
			c := clientFor(t, endpoint, append(tc.opts, http.WithMiddleware(spy))...)
			ctx := context.Background()
			if tc.caller > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.caller)
				defer cancel()
			}
			callerDeadline, _ := ctx.Deadline()
			before := time.Now()
			if err := c.Invoke(ctx, pingRule, &lib.Shelf{}, new(lib.Shelf)); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			after := time.Now()
			switch {
			case tc.none:
				if ok {
					t.Errorf("deadline %v, want none", got)
				}
			case tc.caller > 0:
				if !ok || !got.Equal(callerDeadline) {
					t.Errorf("deadline = %v (%v), want the caller's %v", got, ok, callerDeadline)
				}
			default:
				if !ok || got.Before(before.Add(tc.timeout)) || got.After(after.Add(tc.timeout)) {
					t.Errorf("deadline = %v (%v), want %v after the call started", got, ok, tc.timeout)
				}
			}
		})
	}
}

// TestClientClose checks that calls after Close fail and Close is
// idempotent.
func TestClientClose(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	c, err := http.NewClient(context.Background(), http.WithEndpoint(endpoint))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf)); err != nil {
		t.Fatalf("Invoke before Close: %v", err)
	}
	receive(t, seen)
	for range 2 {
		if err := c.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
	err = c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf))
	wantError(t, err, 499, "CLIENT_CLOSED")
	if !errors.Is(err, net.ErrClosed) {
		t.Errorf("errors.Is(%v, net.ErrClosed) = false", err)
	}
	select {
	case s := <-seen:
		t.Errorf("a closed client sent %s %s", s.Method, s.URI)
	default:
	}
}
