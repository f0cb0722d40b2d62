package http_test

import (
	"context"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
)

// clientSeen is what a recording server saw of one request.
type clientSeen struct {
	Method string
	URI    string // the request target as sent: escaped path and query
	Header nethttp.Header
	Body   string
}

// clientRecorder starts a loopback server that sends every request it
// receives to the returned channel and answers with reply (a 200 "{}" JSON
// reply when reply is nil).
func clientRecorder(tb testing.TB, reply nethttp.HandlerFunc) (string, <-chan clientSeen) {
	tb.Helper()
	seen := make(chan clientSeen, 16)
	ts := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			tb.Errorf("reading the request body: %v", err)
		}
		seen <- clientSeen{Method: r.Method, URI: r.RequestURI, Header: r.Header, Body: string(b)}
		if reply != nil {
			reply(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	tb.Cleanup(ts.Close)
	return ts.URL, seen
}

// clientFor returns a Client of endpoint, closed when the test ends.
func clientFor(tb testing.TB, endpoint string, opts ...http.ClientOption) *http.Client {
	tb.Helper()
	c, err := http.NewClient(context.Background(), append([]http.ClientOption{http.WithEndpoint(endpoint)}, opts...)...)
	if err != nil {
		tb.Fatalf("NewClient(%q): %v", endpoint, err)
	}
	tb.Cleanup(func() {
		if err := c.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return c
}

// bia starts a loopback Bia server with the routes register adds and
// returns its URL. Its replies omit unpopulated fields unless opts say
// otherwise, so that an echo route gives back exactly what it bound: with
// them, an unset google.protobuf.Value field is written as null, which
// reads back as a null value.
func bia(tb testing.TB, register func(*http.Server), opts ...http.ServerOption) string {
	tb.Helper()
	s := http.NewServer(append([]http.ServerOption{http.EmitUnpopulated(false)}, opts...)...)
	register(s)
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return ts.URL
}

// echo registers a route whose handler replies with its request, so that a
// call whose reply type is its request type gets back what the server
// bound.
func echo[T any, PT interface {
	*T
	proto.Message
}](s *http.Server, r http.Rule) {
	http.HandleUnary[T, PT, PT](s, r, func(_ context.Context, in PT) (PT, error) { return in, nil })
}

// receive returns the next request a recorder saw.
func receive(tb testing.TB, seen <-chan clientSeen) clientSeen {
	tb.Helper()
	select {
	case s := <-seen:
		return s
	default:
		tb.Fatal("the server received no request")
		return clientSeen{}
	}
}

// wantError checks that err is an *errors.Error with code and reason.
func wantError(tb testing.TB, err error, code int, reason string) *errors.Error {
	tb.Helper()
	var e *errors.Error
	if !errors.As(err, &e) {
		tb.Fatalf("error = %v (%T), want an *errors.Error %d %s", err, err, code, reason)
	}
	if e.Code != code || e.Reason != reason {
		tb.Fatalf("error = %d %s (%q), want %d %s", e.Code, e.Reason, e.Message, code, reason)
	}
	return e
}
