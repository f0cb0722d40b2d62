package selector_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/selector"
)

// tag returns a middleware that records name in the reply, so a test can
// see which middlewares ran and in which order, and counts how often it is
// applied to a handler.
func tag(name string, applied *atomic.Int64) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		if applied != nil {
			applied.Add(1)
		}
		return func(ctx context.Context, req any) (any, error) {
			reply, err := next(ctx, req)
			return name + ">" + reply.(string), err
		}
	}
}

func final(context.Context, any) (any, error) { return "h", nil }

func TestSelection(t *testing.T) {
	const (
		sayHello = "/helloworld.v1.Greeter/SayHello"
		sayBye   = "/helloworld.v1.Greeter/SayBye"
		list     = "/admin.v1.Users/List"
		get      = "/admin.v2.Users/Get"
	)
	tests := []struct {
		name string
		rule func(*selector.Builder) *selector.Builder
		want map[string]bool // operation → selected
	}{
		{
			name: "no rules selects nothing",
			rule: func(b *selector.Builder) *selector.Builder { return b },
			want: map[string]bool{sayHello: false, list: false},
		},
		{
			name: "exact path",
			rule: func(b *selector.Builder) *selector.Builder { return b.Path(sayHello) },
			want: map[string]bool{sayHello: true, sayBye: false, sayHello + "X": false, "/helloworld.v1.Greeter/": false},
		},
		{
			name: "prefix",
			rule: func(b *selector.Builder) *selector.Builder { return b.Prefix("/admin.") },
			want: map[string]bool{list: true, get: true, sayHello: false},
		},
		{
			name: "regex is anchored",
			rule: func(b *selector.Builder) *selector.Builder { return b.Regex(`/admin\.v1\..*`, `.*/SayBye`) },
			want: map[string]bool{list: true, get: false, sayBye: true, sayBye + "2": false, sayHello: false},
		},
		{
			name: "regex partial pattern does not match",
			rule: func(b *selector.Builder) *selector.Builder { return b.Regex(`Users`) },
			want: map[string]bool{list: false, get: false},
		},
		{
			name: "match function",
			rule: func(b *selector.Builder) *selector.Builder {
				return b.Match(func(_ context.Context, op string) bool { return strings.HasSuffix(op, "/Get") })
			},
			want: map[string]bool{get: true, list: false},
		},
		{
			name: "rules combine with or",
			rule: func(b *selector.Builder) *selector.Builder {
				return b.Path(sayHello).Prefix("/admin.v2.").
					Match(func(context.Context, string) bool { return false }).
					Match(func(_ context.Context, op string) bool { return op == list })
			},
			want: map[string]bool{sayHello: true, get: true, list: true, sayBye: false},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, side := range []struct {
				name    string
				builder func(...middleware.Middleware) *selector.Builder
				ctx     func(string) context.Context
			}{{"server", selector.Server, serverCtx}, {"client", selector.Client, clientCtx}} {
				h := tt.rule(side.builder(tag("a", nil), tag("b", nil))).Build()(final)
				got := map[string]bool{}
				for op := range tt.want {
					// Twice: the second call is answered from the cache.
					for range 2 {
						reply, err := h(side.ctx(op), nil)
						if err != nil {
							t.Fatalf("%s %s: %v", side.name, op, err)
						}
						switch reply {
						case "a>b>h":
							got[op] = true
						case "h":
							got[op] = false
						default:
							t.Fatalf("%s %s: reply %q, want a>b>h or h", side.name, op, reply)
						}
					}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("%s selection (-want +got):\n%s", side.name, diff)
				}
			}
		})
	}
}

func TestSideReadsItsOwnTransporter(t *testing.T) {
	const op = "/pkg.S/M"
	tests := []struct {
		name    string
		builder func(...middleware.Middleware) *selector.Builder
		ctx     context.Context
		want    string
	}{
		{name: "server with server transporter", builder: selector.Server, ctx: serverCtx(op), want: "a>h"},
		{name: "server with client transporter", builder: selector.Server, ctx: clientCtx(op), want: "h"},
		{name: "client with client transporter", builder: selector.Client, ctx: clientCtx(op), want: "a>h"},
		{name: "client with server transporter", builder: selector.Client, ctx: serverCtx(op), want: "h"},
		{name: "no transporter", builder: selector.Server, ctx: context.Background(), want: "h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			matchCalled := false
			h := tt.builder(tag("a", nil)).Path(op).
				Match(func(context.Context, string) bool { matchCalled = true; return true }).
				Build()(final)
			reply, err := h(tt.ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if reply != tt.want {
				t.Errorf("reply = %q, want %q", reply, tt.want)
			}
			if tt.want == "h" && matchCalled {
				t.Error("Match was called for a call without the side's transporter")
			}
		})
	}
}

func TestChainAppliedOncePerHandler(t *testing.T) {
	var a, b atomic.Int64
	m := selector.Server(tag("a", &a), tag("b", &b)).Prefix("/p.").Build()
	if a.Load() != 0 || b.Load() != 0 {
		t.Fatalf("Build applied the middlewares: a=%d b=%d, want 0 before wrapping a handler", a.Load(), b.Load())
	}
	h := m(final)
	for i := range 50 {
		op := "/p.S/M"
		if i%2 == 1 {
			op = "/q.S/M"
		}
		if _, err := h(serverCtx(op), nil); err != nil {
			t.Fatal(err)
		}
	}
	if a.Load() != 1 || b.Load() != 1 {
		t.Errorf("after 50 calls through one handler: a applied %d times, b %d, want 1 each", a.Load(), b.Load())
	}
	m(final) // a second route
	if a.Load() != 2 || b.Load() != 2 {
		t.Errorf("after wrapping a second handler: a applied %d times, b %d, want 2 each", a.Load(), b.Load())
	}
}

func TestMatchEvaluatedPerCall(t *testing.T) {
	type allowKey struct{}
	var calls atomic.Int64
	h := selector.Server(tag("a", nil)).
		Match(func(ctx context.Context, _ string) bool {
			calls.Add(1)
			return ctx.Value(allowKey{}) == true
		}).
		Build()(final)

	tests := []struct {
		allow bool
		want  string
	}{{true, "a>h"}, {false, "h"}, {true, "a>h"}, {false, "h"}}
	for i, tt := range tests {
		ctx := context.WithValue(serverCtx("/p.S/M"), allowKey{}, tt.allow)
		reply, err := h(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if reply != tt.want {
			t.Errorf("call %d (allow=%v): reply %q, want %q", i, tt.allow, reply, tt.want)
		}
	}
	if got := calls.Load(); got != int64(len(tests)) {
		t.Errorf("Match called %d times, want %d (once per call)", got, len(tests))
	}
}

func TestStaticRulesSkipMatch(t *testing.T) {
	var calls atomic.Int64
	h := selector.Server(tag("a", nil)).Path("/p.S/M").
		Match(func(context.Context, string) bool { calls.Add(1); return false }).
		Build()(final)
	for range 3 {
		if reply, _ := h(serverCtx("/p.S/M"), nil); reply != "a>h" {
			t.Fatalf("reply %q, want a>h", reply)
		}
	}
	if got := calls.Load(); got != 0 {
		t.Errorf("Match called %d times for an operation the path rule selects, want 0", got)
	}
}

func TestBuilderChangesAfterBuildIgnored(t *testing.T) {
	b := selector.Server(tag("a", nil)).Path("/p.S/A")
	h := b.Build()(final)
	b.Path("/p.S/B").Prefix("/").Regex(".*").Match(func(context.Context, string) bool { return true })

	for op, want := range map[string]string{"/p.S/A": "a>h", "/p.S/B": "h"} {
		if reply, _ := h(serverCtx(op), nil); reply != want {
			t.Errorf("%s: reply %q, want %q", op, reply, want)
		}
	}
}

func TestInvalidRegexPanicsAtBuild(t *testing.T) {
	defer func() {
		r := recover()
		msg, _ := r.(string)
		if !strings.Contains(msg, "selector") || !strings.Contains(msg, `"(unclosed"`) {
			t.Errorf("panic value %v, want a message naming the package and the expression", r)
		}
	}()
	selector.Server().Regex("(unclosed").Build()
}

// TestCacheConcurrent checks that concurrent first calls for many
// operations, and more operations than the cache keeps, all decide
// correctly (run with -race).
func TestCacheConcurrent(t *testing.T) {
	h := selector.Server(tag("a", nil)).Regex(`/svc\.S/Even[0-9]*[02468]`).Build()(final)
	const ops = 5000
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ops {
				i := (i + w*613) % ops
				op := fmt.Sprintf("/svc.S/Odd%d", i)
				want := "h"
				if i%2 == 0 {
					op = fmt.Sprintf("/svc.S/Even%d", i)
					want = "a>h"
				}
				reply, err := h(serverCtx(op), nil)
				if err != nil || reply != want {
					errs <- fmt.Errorf("%s: reply %v, %v; want %q", op, reply, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
