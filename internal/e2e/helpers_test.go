package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"strings"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// serve starts a Bia HTTP server on a loopback port with the Library and
// LibraryAdmin services registered and returns the recorder and base URL.
func serve(t *testing.T, opts ...http.ServerOption) (*library, string) {
	t.Helper()
	lib := newLibrary()
	opts = append([]http.ServerOption{
		http.Address("127.0.0.1:0"),
		http.Logger(slog.New(slog.NewTextHandler(io.Discard, nil))),
	}, opts...)
	srv := http.NewServer(opts...)
	libpb.RegisterLibraryHTTPServer(srv, lib)
	libpb.RegisterLibraryAdminHTTPServer(srv, admin{})
	u, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Start(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Stop(ctx); err != nil {
			t.Errorf("Stop: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("Start: %v", err)
		}
	})
	return lib, "http://" + u.Host
}

// response is what a raw request got back.
type response struct {
	status int
	header nethttp.Header
	body   []byte
}

// errorBody is the default (Kratos-format) error body.
type errorBody struct {
	Code     int               `json:"code"`
	Reason   string            `json:"reason"`
	Message  string            `json:"message"`
	Metadata map[string]string `json:"metadata"`
}

func (r response) errorBody(t *testing.T) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body %q is not JSON: %v", r.body, err)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	return e
}

// do sends a raw HTTP request; header is pairs of key, value.
func do(t *testing.T, method, url, body string, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := nethttp.NewRequestWithContext(t.Context(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}
