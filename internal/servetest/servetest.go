// Package servetest runs Bia's transport servers in tests: Start binds a
// server, serves until the test ends (then stops it, draining for up to
// 5 s) and returns its endpoint.
//
//	hs := http.NewServer(http.Address("127.0.0.1:0"))
//	base := "http://" + servetest.Start(t, hs).Host
package servetest

import (
	"context"
	"net/url"
	"testing"
	"time"
)

// Server is what Start runs: an HTTP or gRPC server.
type Server interface {
	Endpoint() (*url.URL, error)
	Start(context.Context) error
	Stop(context.Context) error
}

// Start binds s, serves it until the test ends and returns its endpoint.
func Start(t testing.TB, s Server) *url.URL {
	t.Helper()
	u, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.Start(context.Background()) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = s.Stop(ctx)
	})
	return u
}
