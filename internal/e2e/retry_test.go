package e2e_test

import (
	"context"
	"fmt"
	"net"
	"testing"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/retry"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// retryClients returns the shelf service's HTTP and gRPC clients through
// discovery with the retry middleware (gRPC allowed to retry 503: the
// test proto declares no idempotency level).
func retryClients(t *testing.T, d registry.Discovery, opts ...retry.Option) (libpb.LibraryHTTPClient, libpb.LibraryClient) {
	t.Helper()
	hc, err := http.NewClient(t.Context(), http.WithEndpoint("discovery:///shelves"), http.WithDiscovery(d),
		http.WithMiddleware(retry.Client(opts...)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hc.Close() })
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint("discovery:///shelves"), grpc.WithDiscovery(d),
		grpc.WithMiddleware(retry.Client(append([]retry.Option{retry.WithCodes(503)}, opts...)...)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	return libpb.NewLibraryHTTPClient(hc), libpb.NewLibraryClient(cc)
}

// TestRetryOnAnotherNode: one of three instances fails every call with
// 503; idempotent calls (HTTP GET; gRPC with 503 allowed) all succeed,
// the failing instance getting at most one attempt of each.
func TestRetryOnAnotherNode(t *testing.T) {
	reg := memory.New()
	ins := []*instance{startInstance(t, "a", "v1"), startInstance(t, "b", "v1"), startInstance(t, "c", "v1")}
	ins[0].srv.fail.Store(true)
	for _, in := range ins {
		if err := reg.Register(t.Context(), in.reg); err != nil {
			t.Fatal(err)
		}
	}
	hlib, glib := retryClients(t, reg)
	for kind, call := range map[string]func() (*libpb.GetShelfResponse, error){
		"http": func() (*libpb.GetShelfResponse, error) {
			return hlib.GetShelf(t.Context(), &libpb.GetShelfRequest{Name: "shelves/s1"})
		},
		"grpc": func() (*libpb.GetShelfResponse, error) {
			return glib.GetShelf(t.Context(), &libpb.GetShelfRequest{Name: "shelves/s1"})
		},
	} {
		t.Run(kind, func(t *testing.T) {
			before := ins[0].srv.calls.Load()
			for i := range 60 {
				r, err := call()
				if err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
				if r.GetShelf().GetTheme() == "a" {
					t.Fatal("answered by the failing instance")
				}
			}
			if n := ins[0].srv.calls.Load() - before; n > 60 {
				t.Errorf("the failing instance got %d attempts for 60 calls", n)
			}
		})
	}
}

// TestRetryPOST: a POST that reached a failing instance is never sent
// again; one whose connection could not be made is.
func TestRetryPOST(t *testing.T) {
	reg := memory.New()
	a := startInstance(t, "a", "v1")
	a.srv.fail.Store(true)
	if err := reg.Register(t.Context(), a.reg); err != nil {
		t.Fatal(err)
	}
	hlib, _ := retryClients(t, reg)
	_, err := hlib.CreateShelf(t.Context(), &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Name: "shelves/new"}})
	if errors.Code(err) != 503 || a.srv.creates.Load() != 1 {
		t.Fatalf("POST to a failing instance: %v, %d attempts, want 503 after 1", err, a.srv.creates.Load())
	}

	// An instance nobody listens at beside a healthy one: a POST picked
	// for the dead one could not connect, so it goes to the other.
	reg2 := memory.New()
	b := startInstance(t, "b", "v1")
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + l.Addr().String()
	l.Close()
	for _, in := range []*registry.ServiceInstance{b.reg, {ID: "dead", Name: "shelves", Endpoints: []string{dead}}} {
		if err := reg2.Register(t.Context(), in); err != nil {
			t.Fatal(err)
		}
	}
	plain, err := http.NewClient(t.Context(), http.WithEndpoint("discovery:///shelves"), http.WithDiscovery(reg2))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	failed := 0
	for i := range 20 {
		if _, err := libpb.NewLibraryHTTPClient(plain).CreateShelf(t.Context(), &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Name: fmt.Sprint("shelves/", i)}}); err != nil {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("without retries no POST went to the dead instance: the test shows nothing")
	}
	hlib2, _ := retryClients(t, reg2)
	for i := range 20 {
		if _, err := hlib2.CreateShelf(t.Context(), &libpb.CreateShelfRequest{Shelf: &libpb.Shelf{Name: fmt.Sprint("shelves/", i)}}); err != nil {
			t.Fatalf("POST %d: %v", i, err)
		}
	}
}

// TestRetryBudget: when every instance fails, retries add at most the
// budget's share of the calls.
func TestRetryBudget(t *testing.T) {
	reg := memory.New()
	var ins []*instance
	for _, id := range []string{"a", "b"} {
		in := startInstance(t, id, "v1")
		in.srv.fail.Store(true)
		ins = append(ins, in)
		if err := reg.Register(t.Context(), in.reg); err != nil {
			t.Fatal(err)
		}
	}
	hlib, _ := retryClients(t, reg, retry.WithBudget(0.1, 0), retry.WithBackoff(0, 0))
	const calls = 200
	for range calls {
		if _, err := hlib.GetShelf(context.Background(), &libpb.GetShelfRequest{Name: "shelves/s1"}); err == nil {
			t.Fatal("a call succeeded")
		}
	}
	attempts := ins[0].srv.calls.Load() + ins[1].srv.calls.Load()
	if extra := attempts - calls; extra > calls/10+1 {
		t.Errorf("%d attempts for %d calls: %d retries, budget %d", attempts, calls, extra, calls/10)
	}
	t.Logf("%d calls, %d attempts", calls, attempts)
}
