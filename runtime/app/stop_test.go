package app_test

import (
	"context"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/app"
)

func TestStopBeforeRun(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := &fakeServer{name: "s1", rec: rec}
	a := newApp(t,
		app.Server(srv),
		app.Registrar(&dialRegistrar{rec: rec}),
		app.BeforeStart(rec.hook("before start", nil)),
		app.AfterStop(rec.hook("after stop", nil)),
	)
	for range 3 {
		if err := a.Stop(); err != nil {
			t.Fatalf("Stop = %v", err)
		}
	}
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if got := rec.list(); len(got) != 0 {
		t.Errorf("events = %q, want nothing started", got)
	}
	if err := a.Run(); err == nil {
		t.Error("second Run = nil, want an error")
	}
}

func TestContextDoneBeforeRun(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a := newApp(t,
		app.Context(ctx),
		app.Server(&fakeServer{name: "s1", rec: rec}),
		app.BeforeStart(rec.hook("before start", nil)),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if got := rec.list(); len(got) != 0 {
		t.Errorf("events = %q, want nothing started", got)
	}
}

// TestStopDuringStart proves a Stop that arrives while Run starts lets the
// start complete and then stops everything.
func TestStopDuringStart(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	var a *app.App
	a = newApp(t,
		app.Server(&fakeServer{name: "s1", rec: rec}),
		app.Registrar(&dialRegistrar{rec: rec}),
		app.BeforeStart(func(context.Context) error { return a.Stop() }),
		app.AfterStart(rec.hook("after start", nil)),
		app.AfterStop(rec.hook("after stop", nil)),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	want := []string{"s1 endpoint", "register", "after start", "deregister", "s1 stop", "s1 exit", "after stop"}
	if diff := cmp.Diff(want, rec.list("s1 start")); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestStopConcurrently stops a running app from several goroutines.
func TestStopConcurrently(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	started := make(chan struct{})
	a := newApp(t,
		app.Server(&fakeServer{name: "s1", rec: rec}, newPlainServer(rec)),
		app.AfterStart(func(context.Context) error {
			close(started)
			return nil
		}),
		app.AfterStop(rec.hook("after stop", nil)),
	)
	done := make(chan error, 1)
	go func() { done <- a.Run() }()
	<-started
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := a.Stop(); err != nil {
				t.Errorf("Stop = %v", err)
			}
		})
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if got := rec.list(); !containsAll(got, "s1 stop", "plain stop", "after stop") {
		t.Errorf("events = %q, want both servers stopped and the AfterStop hook", got)
	}
}

// TestRunWhileRunning calls Run from a hook of a running Run: it must fail
// at once rather than start the app twice.
func TestRunWhileRunning(t *testing.T) {
	t.Parallel()
	var a *app.App
	var nested error
	a = newApp(t, app.AfterStart(func(context.Context) error {
		nested = a.Run()
		return a.Stop()
	}))
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if nested == nil {
		t.Error("Run inside Run = nil, want an error")
	}
}
