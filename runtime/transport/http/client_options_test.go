package http_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
	lib "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// TestNewClientErrors checks the options NewClient rejects.
func TestNewClientErrors(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	tests := []struct {
		name string
		ctx  context.Context
		opts []http.ClientOption
		want string
	}{
		{"no endpoint", context.Background(), nil, "no endpoint"},
		{"other scheme", context.Background(), []http.ClientOption{http.WithEndpoint("ftp://h:21")}, "neither http nor https"},
		{"no host", context.Background(), []http.ClientOption{http.WithEndpoint("http://")}, "no host"},
		{"user info", context.Background(), []http.ClientOption{http.WithEndpoint("http://u:p@h")}, "only a scheme"},
		{"query", context.Background(), []http.ClientOption{http.WithEndpoint("http://h/?a=1")}, "only a scheme"},
		{"bad URL", context.Background(), []http.ClientOption{http.WithEndpoint("http://h:port")}, "endpoint"},
		{"http with TLS", context.Background(), []http.ClientOption{http.WithEndpoint("http://h"), http.WithTLSConfig(tlsConf)}, "WithTLSConfig"},
		{"TLS on a foreign RoundTripper", context.Background(),
			[]http.ClientOption{http.WithEndpoint("h:443"), http.WithTLSConfig(tlsConf), http.WithTransport(roundTripFunc(nil))}, "WithTLSConfig"},
		{"content type", context.Background(), []http.ClientOption{http.WithEndpoint("h:80"), http.WithContentType("text/xml")}, "WithContentType"},
		{"done context", canceled, []http.ClientOption{http.WithEndpoint("h:80")}, "canceled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := http.NewClient(tc.ctx, tc.opts...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewClient = %v, %v; want an error containing %q", c, err, tc.want)
			}
		})
	}
}

// roundTripFunc is a RoundTripper made of a function.
type roundTripFunc func(*nethttp.Request) (*nethttp.Response, error)

func (f roundTripFunc) RoundTrip(r *nethttp.Request) (*nethttp.Response, error) { return f(r) }

// TestClientEndpoints checks the endpoint forms and the path prefix.
func TestClientEndpoints(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	hostPort := strings.TrimPrefix(endpoint, "http://")
	for _, tc := range []struct{ endpoint, uri string }{
		{hostPort, "/v1/library"},
		{endpoint, "/v1/library"},
		{endpoint + "/", "/v1/library"},
		{endpoint + "/api/v%C3%A9/", "/api/v%C3%A9/v1/library"},
	} {
		t.Run(tc.endpoint, func(t *testing.T) {
			c := clientFor(t, tc.endpoint)
			if err := c.Invoke(context.Background(), http.Rule{Method: "GET", Pattern: "/v1/library"}, &lib.Shelf{}, new(lib.Shelf)); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if got := receive(t, seen).URI; got != tc.uri {
				t.Errorf("request target = %q, want %q", got, tc.uri)
			}
		})
	}
}

// TestClientTLS calls an HTTPS server, with the client's transport and with
// a copy of a given *net/http.Transport.
func TestClientTLS(t *testing.T) {
	ts := httptest.NewUnstartedServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"name":"`+r.Proto+`"}`)
	}))
	ts.Config.ErrorLog = slog.NewLogLogger(slog.DiscardHandler, slog.LevelError) // the handshake the last call fails
	ts.StartTLS()
	t.Cleanup(ts.Close)
	roots := x509.NewCertPool()
	roots.AddCert(ts.Certificate())
	conf := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	hostPort := strings.TrimPrefix(ts.URL, "https://")
	given := &nethttp.Transport{}
	for name, opts := range map[string][]http.ClientOption{
		"host:port":       {http.WithEndpoint(hostPort), http.WithTLSConfig(conf)},
		"https URL":       {http.WithEndpoint(ts.URL), http.WithTLSConfig(conf)},
		"given transport": {http.WithEndpoint(hostPort), http.WithTLSConfig(conf), http.WithTransport(given)},
	} {
		t.Run(name, func(t *testing.T) {
			c, err := http.NewClient(context.Background(), opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = c.Close() }()
			out := new(lib.Shelf)
			if err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, out); err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if out.GetName() != "HTTP/1.1" {
				t.Errorf("the server saw %q", out.GetName())
			}
		})
	}
	if given.TLSClientConfig != nil && given.TLSClientConfig.RootCAs != nil {
		t.Error("WithTLSConfig modified the given transport")
	}

	c := clientFor(t, ts.URL)
	err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf))
	wantError(t, err, 503, errors.ReasonUnavailable)
}

// TestClientTransportOptions checks WithTransport, WithUserAgent and
// WithContentType.
func TestClientTransportOptions(t *testing.T) {
	endpoint, seen := clientRecorder(t, nil)
	var trips atomic.Int32
	counting := roundTripFunc(func(r *nethttp.Request) (*nethttp.Response, error) {
		trips.Add(1)
		return nethttp.DefaultTransport.RoundTrip(r)
	})
	c := clientFor(t, endpoint, http.WithTransport(counting))
	if err := c.Invoke(context.Background(), pingRule, &lib.Shelf{}, new(lib.Shelf)); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	if s := receive(t, seen); trips.Load() != 1 || s.Header.Get("User-Agent") != "Go-http-client/1.1" {
		t.Errorf("round trips = %d, User-Agent %q", trips.Load(), s.Header.Get("User-Agent"))
	}

	c = clientFor(t, endpoint, http.WithUserAgent("bia/1"), http.WithContentType("application/x-protobuf"))
	in := &lib.Shelf{Name: "n"}
	if err := c.Invoke(context.Background(), http.Rule{Method: "POST", Pattern: "/v1/shelves", Body: "*"}, in, new(lib.Shelf)); err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	s := receive(t, seen)
	want, err := proto.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if s.Header.Get("User-Agent") != "bia/1" || s.Header.Get("Content-Type") != "application/x-protobuf" ||
		s.Header.Get("Accept") != "application/x-protobuf" || s.Body != string(want) {
		t.Errorf("request header %v, body %q", s.Header, s.Body)
	}
}
