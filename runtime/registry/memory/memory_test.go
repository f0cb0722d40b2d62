package memory_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
)

func inst(name, id, version string, endpoints ...string) *registry.ServiceInstance {
	return &registry.ServiceInstance{
		ID:        id,
		Name:      name,
		Version:   version,
		Metadata:  map[string]string{"zone": "z1"},
		Endpoints: endpoints,
	}
}

type op struct {
	deregister bool
	instance   *registry.ServiceInstance
}

func TestRegistryGetService(t *testing.T) {
	a1 := inst("svc", "a", "v1", "grpc://127.0.0.1:9000")
	a2 := inst("svc", "a", "v2", "grpc://127.0.0.1:9001")
	b1 := inst("svc", "b", "v1", "http://127.0.0.1:8000")
	otherA := inst("other", "a", "v9")
	tests := []struct {
		name string
		ops  []op
		want []*registry.ServiceInstance
	}{
		{name: "unknown name is empty", want: []*registry.ServiceInstance{}},
		{name: "sorted by ID", ops: []op{{instance: b1}, {instance: a1}}, want: []*registry.ServiceInstance{a1, b1}},
		{name: "same ID replaces", ops: []op{{instance: a1}, {instance: b1}, {instance: a2}}, want: []*registry.ServiceInstance{a2, b1}},
		{name: "same ID other name is another instance", ops: []op{{instance: a1}, {instance: otherA}}, want: []*registry.ServiceInstance{a1}},
		{name: "deregister", ops: []op{{instance: a1}, {instance: b1}, {deregister: true, instance: a2}}, want: []*registry.ServiceInstance{b1}},
		{name: "deregister unknown", ops: []op{{instance: a1}, {deregister: true, instance: b1}, {deregister: true, instance: otherA}}, want: []*registry.ServiceInstance{a1}},
		{name: "deregister last", ops: []op{{instance: a1}, {deregister: true, instance: a1}}, want: []*registry.ServiceInstance{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			r := memory.New()
			for _, o := range tt.ops {
				var err error
				if o.deregister {
					err = r.Deregister(ctx, o.instance)
				} else {
					err = r.Register(ctx, o.instance)
				}
				if err != nil {
					t.Fatalf("op %+v: %v", o, err)
				}
			}
			got, err := r.GetService(ctx, "svc")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("GetService (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegistryRejects(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name     string
		ctx      context.Context
		instance *registry.ServiceInstance
		is       error
	}{
		{name: "nil instance", ctx: context.Background()},
		{name: "no name", ctx: context.Background(), instance: inst("", "a", "v1")},
		{name: "no ID", ctx: context.Background(), instance: inst("svc", "", "v1")},
		{name: "done context", ctx: canceled, instance: inst("svc", "a", "v1"), is: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := memory.New()
			for opName, op := range map[string]func(context.Context, *registry.ServiceInstance) error{
				"Register":   r.Register,
				"Deregister": r.Deregister,
			} {
				err := op(tt.ctx, tt.instance)
				if err == nil {
					t.Fatalf("%s succeeded, want an error", opName)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("%s = %v, want it to match %v", opName, err, tt.is)
				}
			}
			got, err := r.GetService(context.Background(), "svc")
			if err != nil || len(got) != 0 {
				t.Errorf("GetService after rejected calls = %v, %v; want empty", got, err)
			}
		})
	}
	r := memory.New()
	if _, err := r.GetService(canceled, "svc"); !errors.Is(err, context.Canceled) {
		t.Errorf("GetService with done ctx = %v, want context.Canceled", err)
	}
	if _, err := r.Watch(canceled, "svc"); !errors.Is(err, context.Canceled) {
		t.Errorf("Watch with done ctx = %v, want context.Canceled", err)
	}
}

// TestRegistryCopies proves callers never share memory with the registry.
func TestRegistryCopies(t *testing.T) {
	ctx := t.Context()
	r := memory.New()
	in := inst("svc", "a", "v1", "grpc://127.0.0.1:9000")
	want := []*registry.ServiceInstance{inst("svc", "a", "v1", "grpc://127.0.0.1:9000")}
	if err := r.Register(ctx, in); err != nil {
		t.Fatal(err)
	}
	w, err := r.Watch(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	mutate := func(in *registry.ServiceInstance) {
		in.Version = "mutated"
		in.Metadata["zone"] = "mutated"
		in.Endpoints[0] = "mutated"
	}
	mutate(in)
	got, err := r.GetService(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("after changing the registered instance (-want +got):\n%s", diff)
	}
	mutate(got[0])
	next, err := w.Next()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, next); diff != "" {
		t.Fatalf("after changing a GetService result (-want +got):\n%s", diff)
	}
	mutate(next[0])
	got, err = r.GetService(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after changing a Next result (-want +got):\n%s", diff)
	}
}

// TestRegistryConcurrent runs writers, readers and watchers at once (for the
// race detector) and checks every watcher converges on the final set.
func TestRegistryConcurrent(t *testing.T) {
	ctx := t.Context()
	r := memory.New()
	const writers, rounds = 8, 200
	var want []*registry.ServiceInstance
	for i := range writers {
		want = append(want, inst("svc", fmt.Sprintf("id-%d", i), fmt.Sprintf("v%d", rounds-1)))
	}

	var watchers sync.WaitGroup
	for range 4 {
		w, err := r.Watch(ctx, "svc")
		if err != nil {
			t.Fatal(err)
		}
		watchers.Go(func() {
			defer w.Stop()
			for {
				list, err := w.Next()
				if err != nil {
					t.Errorf("Next: %v", err)
					return
				}
				if cmp.Equal(want, list) {
					return
				}
			}
		})
	}
	var writersWG sync.WaitGroup
	for i := range writers {
		writersWG.Go(func() {
			for j := range rounds {
				in := inst("svc", fmt.Sprintf("id-%d", i), fmt.Sprintf("v%d", j))
				if err := r.Register(ctx, in); err != nil {
					t.Errorf("Register: %v", err)
				}
				if j%3 == 0 && j != rounds-1 {
					if err := r.Deregister(ctx, in); err != nil {
						t.Errorf("Deregister: %v", err)
					}
				}
				if _, err := r.GetService(ctx, "svc"); err != nil {
					t.Errorf("GetService: %v", err)
				}
			}
		})
	}
	writersWG.Wait()
	watchers.Wait()
	got, err := r.GetService(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("final GetService (-want +got):\n%s", diff)
	}
}
