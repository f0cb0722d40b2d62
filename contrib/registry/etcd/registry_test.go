package etcd_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"

	"github.com/bia-go/bia/contrib/registry/etcd"
	"github.com/bia-go/bia/contrib/registry/etcd/embedded"
	"github.com/bia-go/bia/runtime/registry"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// startEtcd starts an embedded etcd for the test.
func startEtcd(t *testing.T) *embedded.Server {
	t.Helper()
	srv, err := embedded.Start(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns an etcd client of endpoint, closed when the test ends.
func newClient(t *testing.T, endpoint string) *clientv3.Client {
	t.Helper()
	c, err := clientv3.New(clientv3.Config{
		Endpoints: []string{endpoint}, DialTimeout: 5 * time.Second, Logger: zapNop(),
		// Reconnect within a second of etcd coming back (gRPC's default
		// backoff grows to minutes).
		DialOptions: []grpc.DialOption{grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 100 * time.Millisecond, Multiplier: 1.6, MaxDelay: time.Second},
			MinConnectTimeout: time.Second,
		})},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func inst(name, id string) *registry.ServiceInstance {
	return &registry.ServiceInstance{ID: id, Name: name, Version: "v1",
		Metadata: map[string]string{"zone": "a"}, Endpoints: []string{"grpc://10.0.0.1:9000", "http://10.0.0.1:8000"}}
}

// next returns the next set of w, failing the test after 10 s.
func next(t *testing.T, w registry.Watcher) []*registry.ServiceInstance {
	t.Helper()
	type result struct {
		ins []*registry.ServiceInstance
		err error
	}
	ch := make(chan result, 1)
	go func() {
		ins, err := w.Next()
		ch <- result{ins, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.ins
	case <-time.After(10 * time.Second):
		t.Fatal("no change after 10 s")
		return nil
	}
}

// waitFor reads w until its set has the IDs want (in key order).
func waitFor(t *testing.T, w registry.Watcher, want ...string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := ids(next(t, w))
		if cmp.Equal(got, want, cmpopts.EquateEmpty()) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("watch: got %v, want %v", got, want)
		}
	}
}

func ids(ins []*registry.ServiceInstance) []string {
	out := []string{}
	for _, in := range ins {
		out = append(out, in.ID)
	}
	return out
}

// TestRegistry checks registration, listing, watching and deregistration,
// the Kratos key layout and JSON, namespaces, and that a service's
// prefix does not match another's.
func TestRegistry(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	client := newClient(t, srv.Endpoint())
	reg := etcd.New(client, etcd.Logger(quiet))
	defer reg.Close()
	ctx := t.Context()

	w, err := reg.Watch(ctx, "user")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if got := next(t, w); len(got) != 0 {
		t.Fatalf("first set %v, want empty", got)
	}
	a, b, other := inst("user", "a"), inst("user", "b"), inst("user-admin", "x")
	for _, in := range []*registry.ServiceInstance{a, b, other} {
		if err := reg.Register(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, w, "a", "b")

	got, err := reg.GetService(ctx, "user")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*registry.ServiceInstance{a, b}, got); diff != "" {
		t.Errorf("GetService (-want +got):\n%s", diff)
	}

	// Kratos's layout: /microservices/<name>/<id>, the instance as JSON.
	resp, err := client.Get(ctx, "/microservices/user/a")
	if err != nil || len(resp.Kvs) != 1 {
		t.Fatalf("key /microservices/user/a: %v %v", resp, err)
	}
	var stored map[string]any
	if err := json.Unmarshal(resp.Kvs[0].Value, &stored); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "a", "name": "user", "version": "v1", "metadata": map[string]any{"zone": "a"},
		"endpoints": []any{"grpc://10.0.0.1:9000", "http://10.0.0.1:8000"}}
	if diff := cmp.Diff(want, stored); diff != "" {
		t.Errorf("stored JSON (-want +got):\n%s", diff)
	}
	if resp.Kvs[0].Lease == 0 {
		t.Error("the instance is stored without a lease")
	}

	if err := reg.Deregister(ctx, a); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "b")
	if err := reg.Deregister(ctx, a); err != nil {
		t.Errorf("deregistering twice: %v", err)
	}

	// Another namespace sees nothing of these.
	ns := etcd.New(client, etcd.Namespace("/other"), etcd.Logger(quiet))
	if got, _ := ns.GetService(ctx, "user"); len(got) != 0 {
		t.Errorf("namespace /other sees %v", ids(got))
	}
	if err := ns.Register(ctx, inst("user", "z")); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Get(ctx, "/other/user/z"); err != nil {
		t.Error(err)
	}
	ns.Close()

	for _, bad := range []*registry.ServiceInstance{nil, {Name: "x"}, {ID: "x"}, {Name: "a/b", ID: "x"}} {
		if err := reg.Register(ctx, bad); err == nil {
			t.Errorf("Register(%+v): no error", bad)
		}
	}
}

// TestLeaseExpires checks that an instance whose process stops keeping
// it alive (Close without Deregister, as a crash) leaves within the TTL.
func TestLeaseExpires(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	client := newClient(t, srv.Endpoint())
	watcher := etcd.New(client, etcd.Logger(quiet))
	w, err := watcher.Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	next(t, w)
	dying := etcd.New(client, etcd.TTL(2*time.Second), etcd.Logger(quiet))
	if err := dying.Register(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "a")
	time.Sleep(3 * time.Second) // kept alive past its TTL
	if got, _ := watcher.GetService(t.Context(), "svc"); len(got) != 1 {
		t.Fatalf("the instance left while kept alive: %v", ids(got))
	}
	dying.Close()
	start := time.Now()
	waitFor(t, w)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the instance left %v after its keep-alive stopped; TTL 2 s", took)
	}
}

// TestReRegistersAfterLeaseLoss revokes the lease of a registration
// behind the registry's back: the registry registers it again.
func TestReRegistersAfterLeaseLoss(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	client := newClient(t, srv.Endpoint())
	reg := etcd.New(client, etcd.TTL(2*time.Second), etcd.Logger(quiet))
	defer reg.Close()
	if err := reg.Register(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	w, err := reg.Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	waitFor(t, w, "a")
	resp, err := client.Get(t.Context(), "/microservices/svc/a")
	if err != nil {
		t.Fatal(err)
	}
	lost := resp.Kvs[0].Lease
	if _, err := client.Revoke(t.Context(), clientv3.LeaseID(lost)); err != nil {
		t.Fatal(err)
	}
	// Gone with its lease, and back under a new one (the watch may see
	// both changes as one: it coalesces).
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get(t.Context(), "/microservices/svc/a")
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.Kvs) == 1 && resp.Kvs[0].Lease != lost && resp.Kvs[0].Lease != 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not registered again 10 s after its lease was revoked")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if got, _ := reg.GetService(t.Context(), "svc"); !cmp.Equal(ids(got), []string{"a"}) {
		t.Errorf("after re-registration: %v", ids(got))
	}
}
