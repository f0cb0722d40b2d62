package etcd_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bia-go/bia/contrib/registry/etcd"
	"github.com/bia-go/bia/contrib/registry/etcd/embedded"
	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
	libpb "github.com/bia-go/bia/testdata/golden/httptest/v1"
)

// shelfServer answers GetShelf with its instance ID as the theme and
// counts the calls it served.
type shelfServer struct {
	libpb.UnimplementedLibraryServer
	id    string
	calls atomic.Int64
}

func (s *shelfServer) GetShelf(_ context.Context, in *libpb.GetShelfRequest) (*libpb.GetShelfResponse, error) {
	s.calls.Add(1)
	time.Sleep(time.Millisecond) // some work, so calls overlap
	return &libpb.GetShelfResponse{Shelf: &libpb.Shelf{Name: in.GetName(), Theme: s.id}}, nil
}

// service is one instance of the shelf service: an app with an HTTP and
// a gRPC server registered in etcd through a registry of its own (a
// process of its own, as far as etcd can tell).
type service struct {
	srv  *shelfServer
	app  *app.App
	reg  *etcd.Registry
	hs   *http.Server
	gs   *grpc.Server
	done chan error
}

// startService runs an instance until the test ends.
func startService(t *testing.T, etcdSrv *embedded.Server, id string) *service {
	t.Helper()
	s := &service{srv: &shelfServer{id: id}, done: make(chan error, 1)}
	s.reg = etcd.New(newClient(t, etcdSrv.Endpoint()), etcd.TTL(2*time.Second), etcd.Logger(quiet))
	s.hs = http.NewServer(http.Address("127.0.0.1:0"), http.Logger(quiet))
	libpb.RegisterLibraryHTTPServer(s.hs, s.srv)
	s.gs = grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(quiet))
	libpb.RegisterLibraryServer(s.gs, s.srv)
	started := make(chan struct{})
	s.app = app.New(app.Name("shelves"), app.ID(id), app.Version("v1"), app.Registrar(s.reg),
		app.Server(s.hs, s.gs), app.Signal(), app.Logger(quiet),
		app.AfterStart(func(context.Context) error { close(started); return nil }))
	go func() { s.done <- s.app.Run() }()
	select {
	case <-started:
	case err := <-s.done:
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.app.Stop(); <-s.done; s.reg.Close() })
	return s
}

// kill ends the instance as a crash would: its registration is no longer
// kept alive (and not removed), its servers go away.
func (s *service) kill() {
	s.reg.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no grace
	_ = s.hs.Stop(ctx)
	_ = s.gs.Stop(ctx)
}

// callers returns HTTP and gRPC calls of GetShelf through
// discovery:///shelves, each client with its own etcd registry.
func callers(t *testing.T, etcdSrv *embedded.Server) map[string]func(context.Context) (string, error) {
	t.Helper()
	d := etcd.New(newClient(t, etcdSrv.Endpoint()), etcd.Logger(quiet))
	hc, err := http.NewClient(t.Context(), http.WithEndpoint("discovery:///shelves"), http.WithDiscovery(d), http.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hc.Close() })
	cc, err := grpc.DialInsecure(t.Context(), grpc.WithEndpoint("discovery:///shelves"), grpc.WithDiscovery(d), grpc.WithLogger(quiet))
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

// load runs workers callers per kind until stop is closed, counting calls
// by instance and failures.
type load struct {
	mu     sync.Mutex
	served map[string]int
	failed []error
	wg     sync.WaitGroup
	stop   chan struct{}
}

func startLoad(t *testing.T, calls map[string]func(context.Context) (string, error), workers int) *load {
	l := &load{served: map[string]int{}, stop: make(chan struct{})}
	for _, call := range calls {
		for range workers {
			l.wg.Go(func() {
				for {
					select {
					case <-l.stop:
						return
					default:
					}
					id, err := call(t.Context())
					l.mu.Lock()
					if err != nil {
						l.failed = append(l.failed, err)
					} else {
						l.served[id]++
					}
					l.mu.Unlock()
				}
			})
		}
	}
	return l
}

// end stops the load and returns what it saw.
func (l *load) end() (map[string]int, []error) {
	close(l.stop)
	l.wg.Wait()
	return l.served, l.failed
}

// waitServing waits until every instance has served a call of calls.
func waitServing(t *testing.T, calls map[string]func(context.Context) (string, error), ids ...string) {
	t.Helper()
	for kind, call := range calls {
		seen := map[string]bool{}
		deadline := time.Now().Add(10 * time.Second)
		for len(seen) < len(ids) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: after 10 s, calls reached only %v of %v", kind, seen, ids)
			}
			id, err := call(t.Context())
			if err == nil {
				seen[id] = true
			}
		}
	}
}

// TestDiscoveryOnEtcd runs three instances registered in etcd and clients
// over HTTP and gRPC that find them there: calls spread over all three;
// an instance killed without deregistering gets no call once its lease
// has expired (TTL 2 s, plus 1 s).
func TestDiscoveryOnEtcd(t *testing.T) {
	t.Parallel()
	etcdSrv := startEtcd(t)
	var svcs []*service
	for _, id := range []string{"a", "b", "c"} {
		svcs = append(svcs, startService(t, etcdSrv, id))
	}
	calls := callers(t, etcdSrv)
	waitServing(t, calls, "a", "b", "c")
	for kind, call := range calls {
		l := startLoad(t, map[string]func(context.Context) (string, error){kind: call}, 8)
		time.Sleep(time.Second)
		got, failed := l.end()
		if len(failed) > 0 {
			t.Fatalf("%s: %d calls failed, first: %v", kind, len(failed), failed[0])
		}
		for _, id := range []string{"a", "b", "c"} {
			if share := float64(got[id]) / float64(total(got)); share < 0.15 {
				t.Errorf("%s: instance %s served %.0f %% of the calls (%v)", kind, id, 100*share, got)
			}
		}
	}

	svcs[0].kill()
	time.Sleep(3 * time.Second) // TTL + 1 s
	before := svcs[0].srv.calls.Load()
	l := startLoad(t, calls, 4)
	time.Sleep(time.Second)
	served, failed := l.end()
	if n := svcs[0].srv.calls.Load() - before; n != 0 || served["a"] != 0 {
		t.Errorf("the killed instance got %d calls after TTL + 1 s", n)
	}
	if len(failed) > 0 {
		t.Errorf("%d calls failed after the killed instance left, first: %v", len(failed), failed[0])
	}
	if served["b"] == 0 || served["c"] == 0 {
		t.Errorf("served %v", served)
	}
}

// TestDiscoveryEtcdOutage stops etcd under load for longer than the
// registrations' TTL and starts it again: no call fails, and the
// instances are registered afterwards.
func TestDiscoveryEtcdOutage(t *testing.T) {
	t.Parallel()
	etcdSrv := startEtcd(t)
	for _, id := range []string{"a", "b", "c"} {
		startService(t, etcdSrv, id)
	}
	calls := callers(t, etcdSrv)
	waitServing(t, calls, "a", "b", "c")
	l := startLoad(t, calls, 4)
	time.Sleep(500 * time.Millisecond)
	etcdSrv.Stop()
	time.Sleep(3 * time.Second)
	if err := etcdSrv.Restart(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	served, failed := l.end()
	if len(failed) > 0 {
		t.Errorf("%d of %d calls failed around the outage, first: %v", len(failed), len(failed)+total(served), failed[0])
	}
	t.Logf("served %v", served)
	d := etcd.New(newClient(t, etcdSrv.Endpoint()), etcd.Logger(quiet))
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := d.GetService(t.Context(), "shelves")
		if err == nil && len(got) == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart: %v %v", ids(got), err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestGracefulRollout stops one of three instances while 200 callers
// (100 over HTTP, 100 over gRPC) keep calling: no call fails, and the
// stopped instance gets none once it is gone.
func TestGracefulRollout(t *testing.T) {
	t.Parallel()
	etcdSrv := startEtcd(t)
	var svcs []*service
	for _, id := range []string{"a", "b", "c"} {
		svcs = append(svcs, startService(t, etcdSrv, id))
	}
	calls := callers(t, etcdSrv)
	waitServing(t, calls, "a", "b", "c")
	l := startLoad(t, calls, 100)
	time.Sleep(500 * time.Millisecond)
	if err := svcs[0].app.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := <-svcs[0].done; err != nil {
		t.Fatalf("the stopped instance: %v", err)
	}
	svcs[0].done <- nil // for the cleanup
	after := svcs[0].srv.calls.Load()
	time.Sleep(time.Second)
	served, failed := l.end()
	if len(failed) > 0 {
		t.Errorf("%d of %d calls failed during the rollout, first: %v", len(failed), len(failed)+total(served), failed[0])
	}
	if n := svcs[0].srv.calls.Load() - after; n != 0 {
		t.Errorf("the stopped instance served %d calls after it stopped", n)
	}
	t.Logf("served %v", served)
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
