package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/registry"
)

var (
	errA = errors.New("error A")
	errB = errors.New("error B")
	errC = errors.New("error C")
	errD = errors.New("error D")
	errE = errors.New("error E")
)

func TestRunOrder(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	srv := &fakeServer{name: "s1", rec: rec}
	var a *app.App
	a = newApp(t,
		app.Server(srv),
		app.Registrar(&dialRegistrar{rec: rec}),
		app.BeforeStart(rec.hook("before start 1", nil), rec.hook("before start 2", nil)),
		app.AfterStart(rec.hook("after start 1", nil)),
		app.AfterStart(rec.hook("after start 2", nil), func(context.Context) error { return a.Stop() }),
		app.BeforeStop(rec.hook("before stop 1", nil), rec.hook("before stop 2", nil)),
		app.AfterStop(rec.hook("after stop 1", nil)),
		app.AfterStop(rec.hook("after stop 2", nil)),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	want := []string{
		"before start 1", "before start 2",
		"s1 endpoint", "register",
		"after start 1", "after start 2",
		"deregister", "before stop 1", "before stop 2",
		"s1 stop", "s1 exit",
		"after stop 1", "after stop 2",
	}
	// Start runs in its own goroutine: its place is not fixed.
	if diff := cmp.Diff(want, rec.list("s1 start")); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if got := rec.list(); len(got) != len(want)+1 {
		t.Errorf("events = %q, want Start called once", got)
	}
}

// TestRunRegistersListeningServers proves the app registers only once every
// server accepts connections: the registrar dials each endpoint.
func TestRunRegistersListeningServers(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	s1 := &fakeServer{name: "s1", rec: rec}
	s2 := &fakeServer{name: "s2", rec: rec}
	plain := newPlainServer(rec)
	reg := &dialRegistrar{rec: rec}
	var a *app.App
	var endpoints []string
	a = newApp(t,
		app.ID("id-1"), app.Name("greeter"), app.Version("v1.2.3"),
		app.Metadata(map[string]string{"zone": "z1"}),
		app.Server(s1, plain), app.Server(s2),
		app.Registrar(reg),
		app.AfterStart(func(context.Context) error {
			endpoints = a.Endpoint()
			return a.Stop()
		}),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	want := &registry.ServiceInstance{
		ID: "id-1", Name: "greeter", Version: "v1.2.3",
		Metadata:  map[string]string{"zone": "z1"},
		Endpoints: []string{s1.url(), s2.url()},
	}
	registered, deregistered := reg.instances()
	if diff := cmp.Diff(want, registered); diff != "" {
		t.Errorf("registered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, deregistered); diff != "" {
		t.Errorf("deregistered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want.Endpoints, endpoints); diff != "" {
		t.Errorf("Endpoint() (-want +got):\n%s", diff)
	}
	if got := rec.list(); !containsAll(got, "s1 stop", "s2 stop", "plain stop") {
		t.Errorf("events = %q, want every server stopped", got)
	}
}

func containsAll(events []string, want ...string) bool {
	set := make(map[string]bool, len(events))
	for _, e := range events {
		set[e] = true
	}
	for _, w := range want {
		if !set[w] {
			return false
		}
	}
	return true
}

// TestRunFailures covers each way Run can fail: what it returns (every
// error, joined) and what it did.
func TestRunFailures(t *testing.T) {
	tests := []struct {
		name     string
		servers  func(*recorder) []*fakeServer
		regErr   error // from Register
		deregErr error // from Deregister
		opts     func(rec *recorder, stop func(context.Context) error) []app.Option
		wantErr  []error
		want     []string // events, without Start and exit events
	}{
		{
			name: "before start hook",
			opts: func(rec *recorder, _ func(context.Context) error) []app.Option {
				return []app.Option{
					app.BeforeStart(rec.hook("before start 1", nil), rec.hook("before start 2", errA), rec.hook("before start 3", nil)),
					app.AfterStart(rec.hook("after start", nil)),
					app.BeforeStop(rec.hook("before stop", nil)),
					app.AfterStop(rec.hook("after stop", nil)),
				}
			},
			wantErr: []error{errA},
			want:    []string{"before start 1", "before start 2"},
		},
		{
			name: "endpoint",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{
					{name: "s1", rec: rec},
					{name: "s2", rec: rec, endpointErr: errA},
					{name: "s3", rec: rec},
				}
			},
			opts: func(rec *recorder, _ func(context.Context) error) []app.Option {
				return []app.Option{app.AfterStop(rec.hook("after stop", nil))}
			},
			wantErr: []error{errA},
			want:    []string{"s1 endpoint", "s2 endpoint", "s1 stop"},
		},
		{
			name: "endpoint and stopping the bound servers",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{
					{name: "s1", rec: rec, stopErr: errB},
					{name: "s2", rec: rec, endpointErr: errA},
				}
			},
			wantErr: []error{errA, errB},
			want:    []string{"s1 endpoint", "s2 endpoint", "s1 stop"},
		},
		{
			name: "register",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{{name: "s1", rec: rec}}
			},
			regErr: errA,
			opts: func(rec *recorder, _ func(context.Context) error) []app.Option {
				return []app.Option{
					app.AfterStart(rec.hook("after start", nil)),
					app.BeforeStop(rec.hook("before stop", nil)),
					app.AfterStop(rec.hook("after stop", nil)),
				}
			},
			wantErr: []error{errA},
			want:    []string{"s1 endpoint", "register", "before stop", "s1 stop", "after stop"},
		},
		{
			name: "after start hook",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{{name: "s1", rec: rec}}
			},
			opts: func(rec *recorder, _ func(context.Context) error) []app.Option {
				return []app.Option{
					app.AfterStart(rec.hook("after start 1", errA), rec.hook("after start 2", nil)),
					app.AfterStop(rec.hook("after stop", errB)),
				}
			},
			wantErr: []error{errA, errB},
			want:    []string{"s1 endpoint", "register", "after start 1", "deregister", "s1 stop", "after stop"},
		},
		{
			name: "every shutdown error",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{{name: "s1", rec: rec, stopErr: errC}}
			},
			deregErr: errA,
			opts: func(rec *recorder, stop func(context.Context) error) []app.Option {
				return []app.Option{
					app.AfterStart(rec.hook("after start", nil), stop),
					app.BeforeStop(rec.hook("before stop 1", errB), rec.hook("before stop 2", errE)),
					app.AfterStop(rec.hook("after stop 1", errD), rec.hook("after stop 2", nil)),
				}
			},
			wantErr: []error{errA, errB, errC, errD, errE},
			want: []string{
				"s1 endpoint", "register", "after start", "deregister",
				"before stop 1", "before stop 2", "s1 stop", "after stop 1", "after stop 2",
			},
		},
		{
			name: "server start",
			servers: func(rec *recorder) []*fakeServer {
				return []*fakeServer{
					{name: "s1", rec: rec},
					{name: "s2", rec: rec, startErr: errA},
				}
			},
			opts: func(rec *recorder, _ func(context.Context) error) []app.Option {
				return []app.Option{
					app.BeforeStop(rec.hook("before stop", nil)),
					app.AfterStop(rec.hook("after stop", errB)),
				}
			},
			wantErr: []error{errA, errB},
			want: []string{
				"s1 endpoint", "s2 endpoint", "register", "deregister",
				"before stop", "s1 stop", "s2 stop", "after stop",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			reg := &dialRegistrar{rec: rec, registerErr: tt.regErr, deregisterErr: tt.deregErr}
			opts := []app.Option{app.Registrar(reg)}
			var servers []*fakeServer
			if tt.servers != nil {
				servers = tt.servers(rec)
			}
			for _, s := range servers {
				opts = append(opts, app.Server(s))
			}
			var a *app.App
			if tt.opts != nil {
				opts = append(opts, tt.opts(rec, func(context.Context) error { return a.Stop() })...)
			}
			a = newApp(t, opts...)
			err := a.Run()
			if err == nil {
				t.Fatal("Run = nil, want an error")
			}
			for _, want := range tt.wantErr {
				if !errors.Is(err, want) {
					t.Errorf("Run = %v; want it to match %v", err, want)
				}
			}
			var skip []string
			for _, s := range servers {
				skip = append(skip, s.name+" start", s.name+" exit")
			}
			got := rec.list(skip...)
			// Servers stop concurrently: compare their stops as a set.
			if diff := cmp.Diff(sortStops(tt.want), sortStops(got)); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

// sortStops sorts each run of consecutive server stop events ("s1 stop"),
// whose order is not fixed.
func sortStops(events []string) []string {
	out := slices.Clone(events)
	isStop := func(e string) bool { return strings.HasPrefix(e, "s") && strings.HasSuffix(e, " stop") }
	for i := 0; i < len(out); i++ {
		j := i
		for j < len(out) && isStop(out[j]) {
			j++
		}
		slices.Sort(out[i:j])
		i = max(i, j-1)
	}
	return out
}

func TestRunStopTimeout(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	stuck := &fakeServer{name: "stuck", rec: rec, stopBlocks: true}
	quick := &fakeServer{name: "quick", rec: rec}
	var a *app.App
	a = newApp(t,
		app.Server(stuck, quick),
		app.StopTimeout(100*time.Millisecond),
		app.AfterStart(func(context.Context) error { return a.Stop() }),
		app.AfterStop(rec.hook("after stop", nil)),
	)
	err := a.Run()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want context.DeadlineExceeded", err)
	}
	if got := rec.list(); !containsAll(got, "stuck stop", "quick stop", "stuck exit", "quick exit", "after stop") {
		t.Errorf("events = %q, want both servers stopped and exited, then the AfterStop hook", got)
	}
}

// TestRunCleanStartErrors proves a Start returning its ctx's error once Run
// has canceled it is a clean stop, whatever asked for the stop.
func TestRunCleanStartErrors(t *testing.T) {
	tests := []struct {
		name string
		stop func(a *app.App, cancel context.CancelFunc)
	}{
		{name: "Stop", stop: func(a *app.App, _ context.CancelFunc) { a.Stop() }},
		{name: "context", stop: func(_ *app.App, cancel context.CancelFunc) { cancel() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := &fakeServer{name: "s1", rec: rec, startCtxErr: true}
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var a *app.App
			a = newApp(t,
				app.Context(ctx),
				app.Server(srv),
				app.AfterStart(func(context.Context) error {
					tt.stop(a, cancel)
					return nil
				}),
				app.AfterStop(rec.hook("after stop", nil)),
			)
			if err := a.Run(); err != nil {
				t.Fatalf("Run = %v, want nil", err)
			}
			if got := rec.list(); !containsAll(got, "s1 stop", "s1 exit", "after stop") {
				t.Errorf("events = %q, want the server stopped and exited, then the AfterStop hook", got)
			}
		})
	}
}

// TestRunRefusesUnregistrable checks that an app whose registration
// cannot work fails before starting anything, naming the option to set.
func TestRunRefusesUnregistrable(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		opt  app.Option
		want string
	}{
		{app.Name(""), "set app.Name"},
		{app.ID(""), "app.ID"},
	} {
		rec := &recorder{}
		srv := &fakeServer{name: "s1", rec: rec}
		a := newApp(t, app.Server(srv), tt.opt, app.BeforeStart(rec.hook("before start", nil)))
		err := a.Run()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Run = %v, want an error naming %s", err, tt.want)
		}
		if events := rec.list(); len(events) != 0 {
			t.Errorf("Run started %v", events)
		}
	}
	// Without a registrar, no name is needed.
	a := newApp(t, app.Name(""), app.Registrar(nil))
	_ = a.Stop()
	if err := a.Run(); err != nil {
		t.Errorf("Run without a registrar: %v", err)
	}
}

// TestRunDrainDelay checks that the servers keep serving for DrainDelay
// after deregistration (one second by default with a Registrar), and
// stop at once without one.
func TestRunDrainDelay(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []app.Option
		min  time.Duration
	}{
		{"default with a registrar", nil, time.Second},
		{"set", []app.Option{app.DrainDelay(300 * time.Millisecond)}, 300 * time.Millisecond},
		{"zero", []app.Option{app.DrainDelay(0)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			srv := &fakeServer{name: "s1", rec: rec}
			var stopped time.Time
			var a *app.App
			opts := append([]app.Option{
				app.Server(srv),
				app.Registrar(&dialRegistrar{rec: rec}),
				app.AfterStart(func(context.Context) error { return a.Stop() }),
				app.BeforeStop(func(context.Context) error { stopped = time.Now(); return nil }),
			}, tc.opts...)
			a = newApp(t, opts...)
			start := time.Now()
			if err := a.Run(); err != nil {
				t.Fatal(err)
			}
			// Stop is called as soon as the app started: what follows is the
			// deregistration and the drain.
			if took := stopped.Sub(start); took < tc.min || (tc.min == 0 && took > 500*time.Millisecond) {
				t.Errorf("the servers stopped %v after the app started, want a drain of %v", took, tc.min)
			}
		})
	}
}
