package etcd_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/bia-go/bia/contrib/registry/etcd"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
)

// TestEtcdRestart stops etcd and starts it again on the same data
// directory: registrations survive (or are made again), watches carry on.
func TestEtcdRestart(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	client := newClient(t, srv.Endpoint())
	reg := etcd.New(client, etcd.TTL(2*time.Second), etcd.Logger(quiet))
	defer reg.Close()
	for _, id := range []string{"a", "b"} {
		if err := reg.Register(t.Context(), inst("svc", id)); err != nil {
			t.Fatal(err)
		}
	}
	w, err := reg.Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	waitFor(t, w, "a", "b")

	srv.Stop()
	time.Sleep(3 * time.Second) // longer than the TTL
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if err := reg.Register(t.Context(), inst("svc", "c")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w, "a", "b", "c")
	// And they stay: the leases are kept alive again.
	time.Sleep(3 * time.Second)
	if got, err := reg.GetService(t.Context(), "svc"); err != nil || len(got) != 3 {
		t.Errorf("3 s after the restart: %v %v", ids(got), err)
	}
}

// TestWatchCompacted cuts a watcher off etcd, changes the service and
// compacts etcd's history past the watcher's revision, then lets it
// reconnect: the watch cannot resume, lists again, and has the right set.
func TestWatchCompacted(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	direct := newClient(t, srv.Endpoint())
	p := newProxy(t, srv.Endpoint())
	behind := newClient(t, p.Endpoint())
	reg := etcd.New(direct, etcd.Logger(quiet))
	defer reg.Close()
	if err := reg.Register(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	w, err := etcd.New(behind, etcd.Logger(quiet)).Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	waitFor(t, w, "a")

	p.setCut(true)
	for _, id := range []string{"b", "c", "d"} {
		if err := reg.Register(t.Context(), inst("svc", id)); err != nil {
			t.Fatal(err)
		}
	}
	if err := reg.Deregister(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	resp, err := direct.Get(t.Context(), "anything")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := direct.Compact(t.Context(), resp.Header.Revision, clientv3.WithCompactPhysical()); err != nil {
		t.Fatal(err)
	}
	p.setCut(false)
	waitFor(t, w, "b", "c", "d")
}

// TestThousandInstances registers 1,000 instances: a watch converges on
// all of them and a selector spreads picks over them.
func TestThousandInstances(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	client := newClient(t, srv.Endpoint())
	reg := etcd.New(client, etcd.Logger(quiet))
	defer reg.Close()
	w, err := reg.Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	next(t, w)
	start := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := range 1000 {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			in := inst("svc", fmt.Sprintf("i%04d", i))
			in.Endpoints = []string{fmt.Sprintf("grpc://10.0.%d.%d:9000", i/250, i%250)}
			if err := reg.Register(t.Context(), in); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	registered := time.Since(start)
	var last []*registry.ServiceInstance
	for len(last) < 1000 {
		last = next(t, w)
	}
	t.Logf("1,000 instances registered in %v, seen by the watch %v after the first", registered, time.Since(start))
	sel := selector.New("svc")
	sel.Update("grpc", last)
	if n := len(sel.Nodes()); n != 1000 {
		t.Fatalf("%d nodes", n)
	}
	// Every node is reachable by picking (the selector's own tests and
	// benchmarks cover its cost: flat in the number of nodes, 0 allocs).
	seen := map[string]bool{}
	for range 20000 {
		p, err := sel.Select(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		seen[p.Node().Address()] = true
		p.Done(nil)
	}
	if len(seen) < 900 {
		t.Errorf("20,000 picks reached %d of 1,000 nodes", len(seen))
	}
}

// TestWatchResumes cuts a watcher off etcd while the service changes
// (no compaction): when it reconnects, its watch resumes from the last
// revision it saw and it has the right set.
func TestWatchResumes(t *testing.T) {
	t.Parallel()
	srv := startEtcd(t)
	direct := newClient(t, srv.Endpoint())
	p := newProxy(t, srv.Endpoint())
	behind := newClient(t, p.Endpoint())
	reg := etcd.New(direct, etcd.Logger(quiet))
	defer reg.Close()
	if err := reg.Register(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	w, err := etcd.New(behind, etcd.Logger(quiet)).Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	waitFor(t, w, "a")
	p.setCut(true)
	if err := reg.Register(t.Context(), inst("svc", "b")); err != nil {
		t.Fatal(err)
	}
	if err := reg.Deregister(t.Context(), inst("svc", "a")); err != nil {
		t.Fatal(err)
	}
	if err := reg.Register(t.Context(), inst("svc", "c")); err != nil {
		t.Fatal(err)
	}
	p.setCut(false)
	waitFor(t, w, "b", "c")
}
