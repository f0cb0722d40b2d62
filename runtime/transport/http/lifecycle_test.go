package http_test

import (
	"bufio"
	"context"
	"io"
	"net"
	nethttp "net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/transport/http"
)

type ctxKey struct{}

func TestStartContextValues(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	got := make(chan any, 1)
	s.HandleMethod("GET", "/v", nethttp.HandlerFunc(func(_ nethttp.ResponseWriter, r *nethttp.Request) {
		got <- r.Context().Value(ctxKey{})
	}))
	ep, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "app"))
	done := make(chan error, 1)
	go func() { done <- s.Start(ctx) }()
	cancel() // cancelling Start's context does not stop the server
	if resp, _ := get(t, "http://"+ep.Host+"/v"); resp.StatusCode != 200 {
		t.Errorf("status = %d", resp.StatusCode)
	}
	if v := <-got; v != "app" {
		t.Errorf("value = %v, want app", v)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Error(err)
	}
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestStopDrainsInFlight(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	entered, release := make(chan struct{}), make(chan struct{})
	s.HandleMethod("GET", "/slow", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		close(entered)
		<-release
		_, _ = io.WriteString(w, "done")
	}))
	ep, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan error, 1)
	go func() { started <- s.Start(context.Background()) }()
	type result struct {
		body string
		err  error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := nethttp.Get("http://" + ep.Host + "/slow")
		if err != nil {
			res <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		res <- result{string(b), err}
	}()
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- s.Stop(context.Background()) }()
	select {
	case err := <-stopped:
		t.Fatalf("Stop returned %v with a request in flight", err)
	case r := <-res:
		t.Fatalf("request finished before release: %+v", r)
	default:
	}
	close(release)
	if r := <-res; r.err != nil || r.body != "done" {
		t.Errorf("in-flight request = %+v, want done", r)
	}
	if err := <-stopped; err != nil {
		t.Errorf("Stop = %v", err)
	}
	if err := <-started; err != nil {
		t.Errorf("Start = %v", err)
	}
}

func TestStopDeadlineCancelsRequests(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	entered, cancelled := make(chan struct{}), make(chan struct{})
	s.HandleMethod("GET", "/stuck", nethttp.HandlerFunc(func(_ nethttp.ResponseWriter, r *nethttp.Request) {
		close(entered)
		<-r.Context().Done()
		close(cancelled)
	}))
	ep, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan error, 1)
	go func() { started <- s.Start(context.Background()) }()
	go func() {
		if resp, err := nethttp.Get("http://" + ep.Host + "/stuck"); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Stop(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Stop = %v, want context.Canceled", err)
	}
	<-cancelled
	if err := <-started; err != nil {
		t.Errorf("Start = %v", err)
	}
}

func TestStopBeforeStart(t *testing.T) {
	s := http.NewServer(http.Address("127.0.0.1:0"))
	ep, err := s.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(context.Background()); err != nil {
		t.Errorf("Start after Stop = %v, want nil", err)
	}
	if c, err := net.Dial("tcp", ep.Host); err == nil {
		_ = c.Close()
		t.Error("listener still open after Stop")
	}
}

func TestEndpoint(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "s.sock")
	advertised := &url.URL{Scheme: "http", Host: "api.example.com:80"}
	tests := []struct {
		name string
		opts []http.ServerOption
		want func(*url.URL) bool
	}{
		{"loopback", []http.ServerOption{http.Address("127.0.0.1:0")}, func(u *url.URL) bool {
			return u.Scheme == "http" && u.Hostname() == "127.0.0.1" && u.Port() != "0" && u.RawQuery == ""
		}},
		{"unspecified host", []http.ServerOption{http.Address(":0")}, func(u *url.URL) bool {
			ip := net.ParseIP(u.Hostname())
			return u.Scheme == "http" && ip != nil && !ip.IsUnspecified()
		}},
		{"listener", []http.ServerOption{http.Listener(lis)}, func(u *url.URL) bool { return u.String() == "http://"+lis.Addr().String() }},
		{"advertised", []http.ServerOption{http.Endpoint(advertised)}, func(u *url.URL) bool { return u.String() == advertised.String() }},
		{"tls", []http.ServerOption{http.Address("127.0.0.1:0"), http.TLSConfig(testTLS(t).server)}, func(u *url.URL) bool {
			return u.Scheme == "http" && u.Query().Get("isSecure") == "true"
		}},
		{"unix", []http.ServerOption{http.Network("unix"), http.Address(sock)}, func(u *url.URL) bool { return u.String() == "unix://"+sock }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer(tt.opts...)
			ep, err := s.Endpoint()
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(ep) {
				t.Errorf("endpoint = %v", ep)
			}
			again, _ := s.Endpoint()
			if again.String() != ep.String() {
				t.Errorf("second Endpoint = %v, want %v", again, ep)
			}
			if err := s.Stop(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := http.NewServer(http.Address("256.0.0.1:0")).Endpoint(); err == nil {
		t.Error("Endpoint on an invalid address succeeded")
	}
}

// TestConnectionTimeouts checks that the timeouts reach net/http: each
// connection below would stay open forever without its timeout.
func TestConnectionTimeouts(t *testing.T) {
	const d = 50 * time.Millisecond
	tests := []struct {
		name string
		opt  http.ServerOption
		send string // what the client sends before waiting
		want string // the start of what it reads before the server closes
	}{
		{"read header timeout", http.ReadHeaderTimeout(d), "GET / HTTP/1.1\r\nHost: x\r\n", ""},
		{"idle timeout", http.IdleTimeout(d), "GET /echo/x HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK"},
		{"read timeout cuts a slow body", http.ReadTimeout(d),
			"POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{}", "HTTP/1.1 408 Request Timeout"},
		{"write timeout", http.WriteTimeout(d), "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 200 OK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := http.NewServer(http.Address("127.0.0.1:0"), tt.opt)
			echoRoute(t, s, http.Rule{Method: "GET", Pattern: "/echo/{name}", Operation: "/s.S/Get"})
			echoRoute(t, s, http.Rule{Method: "POST", Pattern: "/echo/{name}", Body: "*", Operation: "/s.S/Post"})
			s.HandleMethod("GET", "/slow", nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
				chunk := make([]byte, 1024)
				for { // until the write deadline makes writes fail
					if _, err := w.Write(chunk); err != nil {
						return
					}
					if err := nethttp.NewResponseController(w).Flush(); err != nil {
						return
					}
				}
			}))
			base := startServer(t, s)
			conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := io.WriteString(conn, tt.send); err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(bufio.NewReader(conn)) // returns once the server closes
			if !strings.HasPrefix(string(got), tt.want) {
				t.Errorf("read %q, want it to start with %q", got, tt.want)
			}
		})
	}
}
