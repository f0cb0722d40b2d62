package metadata_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bia-go/bia/runtime/metadata"
	"github.com/bia-go/bia/runtime/middleware"
	mwmd "github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/transport"
)

// serverMD runs m as a server middleware for a request carrying hdr and
// returns the server-context metadata the handler saw (nil if none).
func serverMD(t *testing.T, m middleware.Middleware, ctx context.Context, hdr http.Header) metadata.Metadata {
	t.Helper()
	tr := newTransport("/pkg.S/M")
	for k, vs := range hdr {
		for _, v := range vs {
			tr.req.Add(k, v)
		}
	}
	ctx = transport.NewServerContext(ctx, tr)
	var got metadata.Metadata
	_, err := m(func(ctx context.Context, _ any) (any, error) {
		got, _ = metadata.FromServerContext(ctx)
		return nil, nil
	})(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// clientHeader runs m as a client middleware in ctx, with an outgoing
// header that starts as initial, and returns the header sent.
func clientHeader(t *testing.T, m middleware.Middleware, ctx context.Context, initial http.Header) http.Header {
	t.Helper()
	tr := newTransport("/pkg.S/M")
	for k, vs := range initial {
		for _, v := range vs {
			tr.req.Add(k, v)
		}
	}
	ctx = transport.NewClientContext(ctx, tr)
	if _, err := m(func(context.Context, any) (any, error) { return nil, nil })(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return http.Header(tr.req)
}

func TestServer(t *testing.T) {
	tests := []struct {
		name     string
		opts     []mwmd.Option
		existing metadata.Metadata // already in the server context
		header   http.Header
		want     metadata.Metadata
	}{
		{
			name:   "copies x-md- keys lower-cased with all values",
			header: http.Header{"X-Md-Global-Tenant": {"acme"}, "X-Md-Local-Caller": {"a", "b"}, "Authorization": {"secret"}, "X-Mdx": {"no"}},
			want:   metadata.Metadata{"x-md-global-tenant": {"acme"}, "x-md-local-caller": {"a", "b"}},
		},
		{
			name:   "no propagated header leaves the context unchanged",
			header: http.Header{"Content-Type": {"application/json"}},
			want:   nil,
		},
		{
			name:     "merges with existing metadata",
			existing: metadata.New("x-md-global-tenant", "old", "request-id", "1"),
			header:   http.Header{"X-Md-Global-Tenant": {"acme"}, "X-Md-Local-Zone": {"eu"}},
			want:     metadata.Metadata{"x-md-global-tenant": {"old", "acme"}, "request-id": {"1"}, "x-md-local-zone": {"eu"}},
		},
		{
			name:   "custom prefixes are case-insensitive and replace the default",
			opts:   []mwmd.Option{mwmd.WithPropagatedPrefix("X-Tenant-", "x-trace")},
			header: http.Header{"X-Tenant-Id": {"7"}, "X-Traceparent": {"00-1"}, "X-Md-Global-Tenant": {"acme"}},
			want:   metadata.Metadata{"x-tenant-id": {"7"}, "x-traceparent": {"00-1"}},
		},
		{
			name:   "constants are ignored by Server",
			opts:   []mwmd.Option{mwmd.WithConstants(metadata.New("x-md-local-c", "1"))},
			header: http.Header{"X-Md-Local-Caller": {"a"}},
			want:   metadata.Metadata{"x-md-local-caller": {"a"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var before metadata.Metadata
			if tt.existing != nil {
				before = tt.existing.Clone()
				ctx = metadata.NewServerContext(ctx, tt.existing)
				if tt.want == nil {
					tt.want = before
				}
			}
			got := serverMD(t, mwmd.Server(tt.opts...), ctx, tt.header)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("server metadata (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.existing); diff != "" {
				t.Errorf("existing context metadata was modified (-before +after):\n%s", diff)
			}
		})
	}
}

func TestClient(t *testing.T) {
	tests := []struct {
		name    string
		opts    []mwmd.Option
		server  metadata.Metadata
		client  metadata.Metadata
		initial http.Header
		want    http.Header
	}{
		{
			name: "nothing to send",
			want: http.Header{},
		},
		{
			name:   "client metadata: all keys",
			client: metadata.New("x-md-local-caller", "gw", "x-request-id", "9", "x-md-global-tenant", "acme"),
			want:   http.Header{"X-Md-Local-Caller": {"gw"}, "X-Request-Id": {"9"}, "X-Md-Global-Tenant": {"acme"}},
		},
		{
			name:   "server metadata: only global keys are forwarded",
			server: metadata.New("x-md-global-tenant", "acme", "x-md-global-tenant", "beta", "x-md-local-caller", "gw", "x-request-id", "1"),
			want:   http.Header{"X-Md-Global-Tenant": {"acme", "beta"}},
		},
		{
			name: "constants: all keys",
			opts: []mwmd.Option{mwmd.WithConstants(metadata.Metadata{"X-Md-Local-Caller": {"billing"}, "x-app": {"1", "2"}})},
			want: http.Header{"X-Md-Local-Caller": {"billing"}, "X-App": {"1", "2"}},
		},
		{
			name:   "precedence: client over server over constants",
			opts:   []mwmd.Option{mwmd.WithConstants(metadata.New("x-md-global-a", "const", "x-md-global-b", "const", "x-md-global-c", "const", "x-md-local-d", "const"))},
			server: metadata.New("x-md-global-a", "server", "x-md-global-b", "server", "x-md-local-d", "server"),
			client: metadata.New("x-md-global-a", "client"),
			want: http.Header{
				"X-Md-Global-A": {"client"},
				"X-Md-Global-B": {"server"},
				"X-Md-Global-C": {"const"},
				"X-Md-Local-D":  {"const"}, // a server-side local key is not forwarded, so it does not override
			},
		},
		{
			name:    "replaces values already in the header, keeps others",
			client:  metadata.New("x-md-local-caller", "gw"),
			initial: http.Header{"X-Md-Local-Caller": {"stale"}, "Content-Type": {"application/grpc"}},
			want:    http.Header{"X-Md-Local-Caller": {"gw"}, "Content-Type": {"application/grpc"}},
		},
		{
			name:   "custom prefix selects forwarded server keys",
			opts:   []mwmd.Option{mwmd.WithPropagatedPrefix("X-Tenant-")},
			server: metadata.New("x-tenant-id", "7", "x-md-global-tenant", "acme"),
			want:   http.Header{"X-Tenant-Id": {"7"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.server != nil {
				ctx = metadata.NewServerContext(ctx, tt.server)
			}
			if tt.client != nil {
				ctx = metadata.NewClientContext(ctx, tt.client)
			}
			got := clientHeader(t, mwmd.Client(tt.opts...), ctx, tt.initial)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sent header (-want +got):\n%s", diff)
			}
		})
	}
}

func TestConstantsCopied(t *testing.T) {
	c := metadata.New("x-app", "1")
	m := mwmd.Client(mwmd.WithConstants(c))
	c.Set("x-app", "changed")
	got := clientHeader(t, m, context.Background(), nil)
	if diff := cmp.Diff(http.Header{"X-App": {"1"}}, got); diff != "" {
		t.Errorf("sent header after changing the constants map (-want +got):\n%s", diff)
	}
}

func TestWithoutTransporter(t *testing.T) {
	ctx := metadata.NewClientContext(context.Background(), metadata.New("x-md-global-a", "1"))
	for name, m := range map[string]middleware.Middleware{"server": mwmd.Server(), "client": mwmd.Client()} {
		var sawCtx context.Context
		reply, err := m(func(ctx context.Context, req any) (any, error) {
			sawCtx = ctx
			return req, nil
		})(ctx, "req")
		if err != nil || reply != "req" {
			t.Errorf("%s: got (%v, %v), want (req, nil)", name, reply, err)
		}
		if sawCtx != ctx {
			t.Errorf("%s: context changed without a transporter", name)
		}
	}
}

// TestTwoHops simulates gateway → A → B: the gateway sends a global and a
// local key; A receives both, and its call to B forwards the global key
// only, plus what A adds itself.
func TestTwoHops(t *testing.T) {
	client, server := mwmd.Client(), mwmd.Server()

	// Gateway: outgoing call to A.
	gw := metadata.AppendToClientContext(context.Background(),
		"x-md-global-tenant", "acme", "x-md-local-caller", "gateway", "x-request-id", "r1")
	toA := clientHeader(t, client, gw, nil)

	// A: serves the request and calls B from the request's context.
	var inA metadata.Metadata
	var toB http.Header
	trA := newTransport("/a.A/Do")
	for k, vs := range toA {
		for _, v := range vs {
			trA.req.Add(k, v)
		}
	}
	ctxA := transport.NewServerContext(context.Background(), trA)
	_, err := server(func(ctx context.Context, _ any) (any, error) {
		inA, _ = metadata.FromServerContext(ctx)
		ctx = metadata.AppendToClientContext(ctx, "x-md-local-caller", "a")
		toB = clientHeader(t, client, ctx, nil)
		return nil, nil
	})(ctxA, nil)
	if err != nil {
		t.Fatal(err)
	}

	// B: serves the request.
	inB := serverMD(t, server, context.Background(), toB)

	wantA := metadata.Metadata{"x-md-global-tenant": {"acme"}, "x-md-local-caller": {"gateway"}}
	if diff := cmp.Diff(wantA, inA); diff != "" {
		t.Errorf("metadata at A (-want +got):\n%s", diff)
	}
	wantB := metadata.Metadata{"x-md-global-tenant": {"acme"}, "x-md-local-caller": {"a"}}
	if diff := cmp.Diff(wantB, inB); diff != "" {
		t.Errorf("metadata at B (-want +got):\n%s", diff)
	}

	// Without A adding its own local key, B gets no local key at all.
	inB = serverMD(t, server, context.Background(), clientHeader(t, client, metadata.NewServerContext(context.Background(), inA), nil))
	if diff := cmp.Diff(metadata.Metadata{"x-md-global-tenant": {"acme"}}, inB); diff != "" {
		t.Errorf("metadata at B when A adds nothing (-want +got):\n%s", diff)
	}
}
