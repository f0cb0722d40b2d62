package app_test

import (
	"context"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
)

func TestDefaults(t *testing.T) {
	t.Parallel()
	a, b := app.New(), app.New()
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, id := range []string{a.ID(), b.ID()} {
		if !uuid.MatchString(id) {
			t.Errorf("default ID %q is not a version 4 UUID", id)
		}
	}
	if a.ID() == b.ID() {
		t.Errorf("two apps share the default ID %q", a.ID())
	}
	if want := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe"); a.Name() != want {
		t.Errorf("default Name = %q, want %q", a.Name(), want)
	}
	if a.Version() != "" || len(a.Metadata()) != 0 || len(a.Endpoint()) != 0 {
		t.Errorf("defaults: Version %q, Metadata %v, Endpoint %v; want all empty", a.Version(), a.Metadata(), a.Endpoint())
	}
}

// TestDefaultRegistrar runs an app with the default registrar and name: the
// default instance must be acceptable to it.
func TestDefaultRegistrar(t *testing.T) {
	t.Parallel()
	var a *app.App
	a = app.New(
		app.Signal(),
		app.Logger(slog.New(slog.NewTextHandler(t.Output(), nil))),
		app.Server(&fakeServer{name: "s1", rec: &recorder{}}),
		app.AfterStart(func(context.Context) error { return a.Stop() }),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
}

func TestInfo(t *testing.T) {
	t.Parallel()
	md := map[string]string{"zone": "z1"}
	a := app.New(app.ID("id-1"), app.Name("greeter"), app.Version("v1"), app.Metadata(md))
	md["zone"] = "changed"
	a.Metadata()["zone"] = "changed too"
	got := [4]any{a.ID(), a.Name(), a.Version(), a.Metadata()}
	want := [4]any{"id-1", "greeter", "v1", map[string]string{"zone": "z1"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ID, Name, Version, Metadata (-want +got):\n%s", diff)
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	if info, ok := app.FromContext(context.Background()); ok || info != nil {
		t.Errorf("FromContext(Background) = %v, %v; want nil, false", info, ok)
	}
	a := app.New(app.ID("id-1"))
	info, ok := app.FromContext(app.NewContext(context.Background(), a))
	if !ok || info.ID() != "id-1" {
		t.Errorf("FromContext(NewContext(app)) = %v, %v; want the app", info, ok)
	}
}

// TestRunContexts checks what the hooks and servers learn from their ctx.
func TestRunContexts(t *testing.T) {
	t.Parallel()
	type key struct{}
	rec := &recorder{}
	srv := &fakeServer{name: "s1", rec: rec}
	var a *app.App
	seen := map[string]app.AppInfo{}
	hook := func(name string) func(context.Context) error {
		return func(ctx context.Context) error {
			if ctx.Value(key{}) != "parent" {
				t.Errorf("%s: ctx does not derive from the Context option", name)
			}
			info, ok := app.FromContext(ctx)
			if !ok {
				t.Errorf("%s: no app in ctx", name)
			}
			seen[name] = info
			if name == "after start" {
				if diff := cmp.Diff([]string{srv.url()}, info.Endpoint()); diff != "" {
					t.Errorf("Endpoint() in AfterStart (-want +got):\n%s", diff)
				}
				return a.Stop()
			}
			return nil
		}
	}
	a = newApp(t,
		app.Context(context.WithValue(t.Context(), key{}, "parent")),
		app.Server(srv),
		app.BeforeStart(hook("before start")),
		app.AfterStart(hook("after start")),
		app.BeforeStop(hook("before stop")),
		app.AfterStop(hook("after stop")),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	for _, name := range []string{"before start", "after start", "before stop", "after stop"} {
		if seen[name] != a {
			t.Errorf("%s: FromContext = %v, want the app", name, seen[name])
		}
	}
	ctx := srv.context()
	if info, ok := app.FromContext(ctx); !ok || info != a {
		t.Errorf("server Start ctx: FromContext = %v, %v; want the app", info, ok)
	}
	if ctx.Err() == nil {
		t.Error("server Start ctx still live after Run returned")
	}
}

func TestEndpointOption(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	// Nothing listens on the public endpoints: register without dialing.
	reg := &dialRegistrar{rec: rec, skipDial: true}
	srv := &fakeServer{name: "s1", rec: rec}
	public := []*url.URL{{Scheme: "tcp", Host: "127.0.0.1:1"}, {Scheme: "http", Host: "127.0.0.1:2"}}
	var a *app.App
	a = newApp(t,
		app.Server(srv),
		app.Registrar(reg),
		app.Endpoint(public[0]), app.Endpoint(public[1]),
		app.AfterStart(func(context.Context) error { return a.Stop() }),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	want := []string{"tcp://127.0.0.1:1", "http://127.0.0.1:2"}
	registered, _ := reg.instances()
	if registered == nil {
		t.Fatal("nothing registered")
	}
	if diff := cmp.Diff(want, registered.Endpoints); diff != "" {
		t.Errorf("registered endpoints (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, a.Endpoint()); diff != "" {
		t.Errorf("Endpoint() (-want +got):\n%s", diff)
	}
	if got := rec.list(); !containsAll(got, "s1 endpoint") {
		t.Errorf("events = %q, want the server's Endpoint called (it binds)", got)
	}
}

func TestNoRegistrar(t *testing.T) {
	t.Parallel()
	var a *app.App
	a = newApp(t,
		app.Registrar(nil),
		app.Server(&fakeServer{name: "s1", rec: &recorder{}}),
		app.AfterStart(func(context.Context) error { return a.Stop() }),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
}

// TestSharedMemoryRegistry discovers a running app through a memory
// registry and sees it leave.
func TestSharedMemoryRegistry(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	r := memory.New()
	srv := &fakeServer{name: "s1", rec: &recorder{}}
	w, err := r.Watch(ctx, "greeter")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	if _, err := w.Next(); err != nil {
		t.Fatal(err)
	}
	var a *app.App
	var during []*registry.ServiceInstance
	a = newApp(t,
		app.ID("id-1"), app.Name("greeter"), app.Version("v1"),
		app.Server(srv),
		app.Registrar(r),
		app.AfterStart(func(ctx context.Context) error {
			during, err = r.GetService(ctx, "greeter")
			if err != nil {
				return err
			}
			return a.Stop()
		}),
	)
	if err := a.Run(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	want := []*registry.ServiceInstance{{ID: "id-1", Name: "greeter", Version: "v1", Endpoints: []string{srv.url()}}}
	if diff := cmp.Diff(want, during); diff != "" {
		t.Errorf("GetService while running (-want +got):\n%s", diff)
	}
	after, err := r.GetService(ctx, "greeter")
	if err != nil || len(after) != 0 {
		t.Errorf("GetService after Run = %v, %v; want empty", after, err)
	}
	// The watcher saw the app come (perhaps coalesced) and go.
	for {
		list, err := w.Next()
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 0 {
			break
		}
	}
}
