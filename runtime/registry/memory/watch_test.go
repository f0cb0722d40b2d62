package memory_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
)

// next calls w.Next in a goroutine so a test can act while it blocks.
func next(w registry.Watcher) <-chan result {
	c := make(chan result, 1)
	go func() {
		list, err := w.Next()
		c <- result{list, err}
	}()
	return c
}

type result struct {
	list []*registry.ServiceInstance
	err  error
}

func mustNext(t *testing.T, w registry.Watcher) []*registry.ServiceInstance {
	t.Helper()
	list, err := w.Next()
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return list
}

func TestWatchSnapshotsAndChanges(t *testing.T) {
	ctx := t.Context()
	r := memory.New()
	a := inst("svc", "a", "v1")
	b := inst("svc", "b", "v1")
	w, err := r.Watch(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	if diff := cmp.Diff([]*registry.ServiceInstance{}, mustNext(t, w)); diff != "" {
		t.Fatalf("first snapshot of an unknown service (-want +got):\n%s", diff)
	}
	pending := next(w) // blocks until the next change
	if err := r.Register(ctx, inst("other", "x", "v1")); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(ctx, a); err != nil {
		t.Fatal(err)
	}
	res := <-pending
	if res.err != nil {
		t.Fatal(res.err)
	}
	if diff := cmp.Diff([]*registry.ServiceInstance{a}, res.list); diff != "" {
		t.Fatalf("snapshot after Register (-want +got):\n%s", diff)
	}

	// A watcher created later starts from the current set.
	w2, err := r.Watch(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Stop()
	if diff := cmp.Diff([]*registry.ServiceInstance{a}, mustNext(t, w2)); diff != "" {
		t.Fatalf("first snapshot of a registered service (-want +got):\n%s", diff)
	}

	if err := r.Register(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []registry.Watcher{w, w2} {
		if diff := cmp.Diff([]*registry.ServiceInstance{a, b}, mustNext(t, w)); diff != "" {
			t.Fatalf("snapshot after second Register (-want +got):\n%s", diff)
		}
	}
	if err := r.Deregister(ctx, a); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*registry.ServiceInstance{b}, mustNext(t, w)); diff != "" {
		t.Fatalf("snapshot after Deregister (-want +got):\n%s", diff)
	}
}

// TestWatchCoalesces proves a watcher that does not call Next never blocks
// Register and then sees only the newest set.
func TestWatchCoalesces(t *testing.T) {
	ctx := t.Context()
	r := memory.New()
	w, err := r.Watch(ctx, "svc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	mustNext(t, w)

	const n = 1000
	for i := range n {
		if err := r.Register(ctx, inst("svc", "a", fmt.Sprintf("v%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	b := inst("svc", "b", "v1")
	if err := r.Register(ctx, b); err != nil {
		t.Fatal(err)
	}
	last := inst("svc", "a", fmt.Sprintf("v%d", n-1))
	if diff := cmp.Diff([]*registry.ServiceInstance{last, b}, mustNext(t, w)); diff != "" {
		t.Fatalf("coalesced snapshot (-want +got):\n%s", diff)
	}
	// Nothing queued behind it: the next snapshot is the next change.
	pending := next(w)
	if err := r.Deregister(ctx, last); err != nil {
		t.Fatal(err)
	}
	res := <-pending
	if res.err != nil {
		t.Fatal(res.err)
	}
	if diff := cmp.Diff([]*registry.ServiceInstance{b}, res.list); diff != "" {
		t.Errorf("snapshot after the coalesced one (-want +got):\n%s", diff)
	}
}

func TestWatchStop(t *testing.T) {
	r := memory.New()
	w, err := r.Watch(t.Context(), "svc")
	if err != nil {
		t.Fatal(err)
	}
	mustNext(t, w)
	pending := next(w)
	if err := w.Stop(); err != nil {
		t.Fatal(err)
	}
	if res := <-pending; !errors.Is(res.err, context.Canceled) {
		t.Errorf("blocked Next after Stop = %v, %v; want context.Canceled", res.list, res.err)
	}
	// A pending change does not revive a stopped watcher.
	if err := r.Register(t.Context(), inst("svc", "a", "v1")); err != nil {
		t.Fatal(err)
	}
	if list, err := w.Next(); !errors.Is(err, context.Canceled) {
		t.Errorf("Next after Stop = %v, %v; want context.Canceled", list, err)
	}
	if err := w.Stop(); err != nil {
		t.Errorf("second Stop = %v", err)
	}
}

// endable is a context that ends with a chosen error when end is called, so
// a test can end it at a precise point (a deadline would race the test).
type endable struct {
	context.Context
	done chan struct{}
	err  error
}

func (c *endable) Done() <-chan struct{} { return c.done }

func (c *endable) Err() error {
	select {
	case <-c.done:
		return c.err
	default:
		return nil
	}
}

func TestWatchContextEnds(t *testing.T) {
	for _, want := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run(want.Error(), func(t *testing.T) {
			r := memory.New()
			ctx := &endable{Context: t.Context(), done: make(chan struct{}), err: want}
			w, err := r.Watch(ctx, "svc")
			if err != nil {
				t.Fatal(err)
			}
			defer w.Stop()
			mustNext(t, w)
			pending := next(w)
			close(ctx.done)
			if res := <-pending; !errors.Is(res.err, want) {
				t.Errorf("blocked Next after ctx ended = %v, %v; want %v", res.list, res.err, want)
			}
			if err := r.Register(t.Context(), inst("svc", "a", "v1")); err != nil {
				t.Fatal(err)
			}
			if list, err := w.Next(); !errors.Is(err, want) {
				t.Errorf("Next after ctx ended = %v, %v; want %v", list, err, want)
			}
		})
	}
}
