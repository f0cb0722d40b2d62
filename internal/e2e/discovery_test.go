package e2e_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bia-go/bia/internal/servetest"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
	"github.com/bia-go/bia/runtime/selector"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// shelfServer answers GetShelf with its instance ID as the theme, on
// HTTP and gRPC, and counts the calls it served; set fail, it fails them.
type shelfServer struct {
	libpb.UnimplementedLibraryServer
	id      string
	calls   atomic.Int64
	creates atomic.Int64
	fail    atomic.Bool // every call fails with 503
}

func (s *shelfServer) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	s.calls.Add(1)
	if s.fail.Load() {
		return nil, errors.ServiceUnavailable("DOWN", "instance "+s.id+" is failing")
	}
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName(), Theme: s.id}}, nil
}

func (s *shelfServer) CreateShelf(_ context.Context, in *libpb.CreateShelfRequest) (*libpb.Shelf, error) {
	s.creates.Add(1)
	if s.fail.Load() {
		return nil, errors.ServiceUnavailable("DOWN", "instance "+s.id+" is failing")
	}
	return in.GetShelf(), nil
}

// instance is one running copy of the shelf service.
type instance struct {
	srv *shelfServer
	reg *registry.ServiceInstance
}

// startInstance serves the shelf service over HTTP and gRPC on loopback
// ports until the test ends, and returns its registry entry (not
// registered).
func startInstance(t *testing.T, id, version string) *instance {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := &shelfServer{id: id}
	hs := http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet))
	libpb.RegisterLibraryHTTPServer(hs, s)
	gs := grpc.NewServer(grpc.Address("127.0.0.1:0"))
	libpb.RegisterLibraryServer(gs, s)
	endpoints := []string{servetest.Start(t, hs).String(), servetest.Start(t, gs).String()}
	return &instance{srv: s, reg: &registry.ServiceInstance{
		ID: id, Name: "shelves", Version: version, Metadata: map[string]string{}, Endpoints: endpoints,
	}}
}

// clients returns an HTTP and a gRPC client of discovery:///shelves.
func clients(t *testing.T, d registry.Discovery, hopts []http.ClientOption, gopts []grpc.ClientOption) map[string]func(context.Context) (string, error) {
	t.Helper()
	hc, err := http.NewClient(t.Context(), append([]http.ClientOption{http.WithEndpoint("discovery:///shelves"), http.WithDiscovery(d)}, hopts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hc.Close() })
	cc, err := grpc.DialInsecure(t.Context(), append([]grpc.ClientOption{grpc.WithEndpoint("discovery:///shelves"), grpc.WithDiscovery(d)}, gopts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cc.Close() })
	hlib, glib := libpb.NewLibraryHTTPClient(hc), libpb.NewLibraryClient(cc)
	return map[string]func(context.Context) (string, error){
		"http": func(ctx context.Context) (string, error) {
			r, err := hlib.GetShelf(ctx, &libpb.GetShelfRequest{Name: "shelves/s1"})
			return r.GetShelf().GetTheme(), err
		},
		"grpc": func(ctx context.Context) (string, error) {
			r, err := glib.GetShelf(ctx, &libpb.GetShelfRequest{Name: "shelves/s1"})
			return r.GetShelf().GetTheme(), err
		},
	}
}

// spread makes n calls from 8 goroutines and counts them by instance.
func spread(t *testing.T, ctx context.Context, call func(context.Context) (string, error), n int) map[string]int {
	t.Helper()
	var mu sync.Mutex
	got := map[string]int{}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range 8 {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				id, err := call(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[id]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return got
}

// TestDiscoverySpreadsCalls runs three instances registered in the
// in-memory registry and checks that HTTP and gRPC clients of
// discovery:///shelves spread calls over all of them, by every balancer.
func TestDiscoverySpreadsCalls(t *testing.T) {
	reg := memory.New()
	for i := range 3 {
		in := startInstance(t, fmt.Sprint("i", i), "v1")
		if err := reg.Register(t.Context(), in.reg); err != nil {
			t.Fatal(err)
		}
	}
	for _, bal := range []struct {
		name string
		b    selector.Balancer
		min  float64
	}{{"p2c", selector.P2C(), 0.10}, {"wrr", selector.WRR(), 0.30}, {"random", selector.Random(), 0.20}} {
		for kind, call := range clients(t, reg, []http.ClientOption{http.WithBalancer(bal.b)}, []grpc.ClientOption{grpc.WithBalancer(bal.b)}) {
			t.Run(bal.name+"/"+kind, func(t *testing.T) {
				const n = 600
				got := spread(t, t.Context(), call, n)
				for _, id := range []string{"i0", "i1", "i2"} {
					if share := float64(got[id]) / n; share < bal.min {
						t.Errorf("instance %s served %.1f %% of calls (%v)", id, 100*share, got)
					}
				}
			})
		}
	}
}

// TestDiscoveryNoInstances checks the error of a call to a service with
// no instance, and with none the call's filters accept.
func TestDiscoveryNoInstances(t *testing.T) {
	reg := memory.New()
	for kind, call := range clients(t, reg, nil, nil) {
		t.Run(kind, func(t *testing.T) {
			_, err := call(t.Context())
			if e := errors.FromError(err); e.Code != 503 || e.Reason != errors.ReasonNoInstances || e.Message != "no instances of shelves" {
				t.Errorf("got %v, want 503 NO_INSTANCES naming shelves", err)
			}
		})
	}
	in := startInstance(t, "a", "v1")
	if err := reg.Register(t.Context(), in.reg); err != nil {
		t.Fatal(err)
	}
	for kind, call := range clients(t, reg, nil, nil) {
		t.Run(kind+"/filtered", func(t *testing.T) {
			if _, err := call(t.Context()); err != nil {
				t.Fatal(err)
			}
			_, err := call(selector.NewFilterContext(t.Context(), selector.Version("v2")))
			if e := errors.FromError(err); e.Code != 503 || e.Reason != errors.ReasonNoInstances ||
				e.Message != "no instances of shelves pass the filters version=v2" {
				t.Errorf("got %v, want 503 NO_INSTANCES naming the filter", err)
			}
		})
	}
}

// TestDiscoveryFollowsRegistry checks version filters per client and per
// call, and that a deregistered instance stops getting calls while a new
// one starts getting them.
func TestDiscoveryFollowsRegistry(t *testing.T) {
	reg := memory.New()
	ins := []*instance{startInstance(t, "a", "v1"), startInstance(t, "b", "v1"), startInstance(t, "c", "v2")}
	for _, in := range ins {
		if err := reg.Register(t.Context(), in.reg); err != nil {
			t.Fatal(err)
		}
	}
	v2 := clients(t, reg, []http.ClientOption{http.WithNodeFilter(selector.Version("v2"))}, []grpc.ClientOption{grpc.WithNodeFilter(selector.Version("v2"))})
	all := clients(t, reg, nil, nil)
	for kind := range all {
		t.Run(kind, func(t *testing.T) {
			if got := spread(t, t.Context(), v2[kind], 50); got["c"] != 50 {
				t.Errorf("client filter v2: %v", got)
			}
			ctx := selector.NewFilterContext(t.Context(), selector.Version("v1"))
			if got := spread(t, ctx, all[kind], 100); got["c"] != 0 || got["a"]+got["b"] != 100 {
				t.Errorf("call filter v1: %v", got)
			}
		})
	}
	if err := reg.Deregister(t.Context(), ins[0].reg); err != nil {
		t.Fatal(err)
	}
	d := startInstance(t, "d", "v1")
	if err := reg.Register(t.Context(), d.reg); err != nil {
		t.Fatal(err)
	}
	for kind, call := range all {
		t.Run(kind+"/after", func(t *testing.T) {
			// The watch delivers the change asynchronously: wait for d.
			deadline := time.Now().Add(5 * time.Second)
			for d.srv.calls.Load() == 0 && time.Now().Before(deadline) {
				if _, err := call(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			got := spread(t, t.Context(), call, 300)
			if got["a"] != 0 || got["d"] == 0 {
				t.Errorf("after deregistering a and registering d: %v", got)
			}
		})
	}
}

// flaky is a registry whose watches fail once broken: the clients must
// keep the instances they had.
type flaky struct {
	registry.Discovery
	broken atomic.Bool
}

func (f *flaky) Watch(ctx context.Context, name string) (registry.Watcher, error) {
	if f.broken.Load() {
		return nil, fmt.Errorf("registry unreachable")
	}
	w, err := f.Discovery.Watch(ctx, name)
	return &flakyWatcher{Watcher: w, f: f}, err
}

type flakyWatcher struct {
	registry.Watcher
	f *flaky
}

func (w *flakyWatcher) Next() ([]*registry.ServiceInstance, error) {
	ins, err := w.Watcher.Next()
	if w.f.broken.Load() {
		return nil, fmt.Errorf("connection lost")
	}
	return ins, err
}

// TestDiscoveryRegistryOutage checks that calls keep succeeding from the
// last known instances while the registry is unreachable.
func TestDiscoveryRegistryOutage(t *testing.T) {
	reg := memory.New()
	f := &flaky{Discovery: reg}
	a := startInstance(t, "a", "v1")
	if err := reg.Register(t.Context(), a.reg); err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for kind, call := range clients(t, f, []http.ClientOption{http.WithLogger(quiet)}, []grpc.ClientOption{grpc.WithLogger(quiet)}) {
		t.Run(kind, func(t *testing.T) {
			if _, err := call(t.Context()); err != nil {
				t.Fatal(err)
			}
			f.broken.Store(true)
			defer f.broken.Store(false)
			// A change the clients cannot see breaks their watches.
			b := startInstance(t, "b", "v1")
			if err := reg.Register(t.Context(), b.reg); err != nil {
				t.Fatal(err)
			}
			if got := spread(t, t.Context(), call, 200); got["a"] != 200 {
				t.Errorf("during the outage: %v", got)
			}
			_ = reg.Deregister(t.Context(), b.reg)
		})
	}
}
