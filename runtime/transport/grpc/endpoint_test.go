package grpc_test

import (
	"context"
	"net"
	"net/url"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/types/known/wrapperspb"

	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

func TestEndpoint(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lis2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	advertised := &url.URL{Scheme: "grpc", Host: "api.example.com:443"}
	tests := []struct {
		name string
		opts []biagrpc.ServerOption
		// want checks the endpoint; dialAddr is where to call the server.
		want     func(t *testing.T, ep *url.URL)
		dialAddr func(ep *url.URL) string
	}{
		{
			name: "loopback address",
			opts: []biagrpc.ServerOption{biagrpc.Address("127.0.0.1:0")},
			want: func(t *testing.T, ep *url.URL) {
				if ep.Scheme != "grpc" || ep.Hostname() != "127.0.0.1" || ep.Port() == "0" || ep.RawQuery != "" {
					t.Errorf("endpoint = %v, want grpc://127.0.0.1:<port>", ep)
				}
			},
			dialAddr: func(ep *url.URL) string { return ep.Host },
		},
		{
			name: "unspecified host advertises a usable address",
			opts: []biagrpc.ServerOption{biagrpc.Address(":0")},
			want: func(t *testing.T, ep *url.URL) {
				ip := net.ParseIP(ep.Hostname())
				if ep.Scheme != "grpc" || ip == nil || ip.IsUnspecified() || ep.Port() == "0" {
					t.Errorf("endpoint = %v, want grpc://<ip>:<port> with a specified ip", ep)
				}
			},
			dialAddr: func(ep *url.URL) string { return ep.Host },
		},
		{
			name: "listener",
			opts: []biagrpc.ServerOption{biagrpc.Listener(lis)},
			want: func(t *testing.T, ep *url.URL) {
				if want := "grpc://" + lis.Addr().String(); ep.String() != want {
					t.Errorf("endpoint = %v, want %v", ep, want)
				}
			},
			dialAddr: func(ep *url.URL) string { return ep.Host },
		},
		{
			name: "advertised endpoint",
			opts: []biagrpc.ServerOption{biagrpc.Listener(lis2), biagrpc.Endpoint(advertised)},
			want: func(t *testing.T, ep *url.URL) {
				if diff := cmp.Diff(advertised.String(), ep.String()); diff != "" {
					t.Errorf("endpoint (-want +got):\n%s", diff)
				}
			},
			dialAddr: func(*url.URL) string { return lis2.Addr().String() },
		},
		{
			name: "unix socket",
			opts: []biagrpc.ServerOption{biagrpc.Network("unix"), biagrpc.Address(filepath.Join(t.TempDir(), "s.sock"))},
			want: func(t *testing.T, ep *url.URL) {
				if ep.Scheme != "unix" || ep.Path == "" {
					t.Errorf("endpoint = %v, want unix:///path", ep)
				}
			},
			dialAddr: func(ep *url.URL) string { return ep.String() },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := startServer(t, echoBack(), tt.opts...)
			ep, err := srv.Endpoint()
			if err != nil {
				t.Fatal(err)
			}
			tt.want(t, ep)
			got, err := callEcho(context.Background(), dial(t, tt.dialAddr(ep)), "hi")
			if err != nil || got != "hi" {
				t.Errorf("call through %s = %q, %v; want %q, nil", tt.dialAddr(ep), got, err, "hi")
			}
		})
	}
}

func TestEndpointIsIdempotentAndConcurrent(t *testing.T) {
	srv := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"))
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	const n = 8
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ep, err := srv.Endpoint()
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = ep.String()
		})
	}
	wg.Wait()
	for i := 1; i < n; i++ {
		if got[i] != got[0] {
			t.Fatalf("Endpoint results differ: %q", got)
		}
	}
	// The returned URL is a copy: changing it does not change the server's.
	ep, _ := srv.Endpoint()
	ep.Host = "changed:1"
	if again, _ := srv.Endpoint(); again.String() != got[0] {
		t.Errorf("Endpoint after mutating a result = %v, want %v", again, got[0])
	}
}

func TestListenErrors(t *testing.T) {
	srv := biagrpc.NewServer(biagrpc.Address("127.0.0.1:99999"))
	if ep, err := srv.Endpoint(); err == nil {
		t.Errorf("Endpoint = %v, want an error for port 99999", ep)
	}
	if err := srv.Start(context.Background()); err == nil {
		t.Error("Start succeeded without a listener")
	}
}

func TestStopBeforeStart(t *testing.T) {
	srv := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"))
	ep, err := srv.Endpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(context.Background()); err != nil {
		t.Fatalf("Stop = %v", err)
	}
	if err := srv.Start(context.Background()); err != nil {
		t.Errorf("Start after Stop = %v, want nil", err)
	}
	// The bound port was released.
	lis, err := net.Listen("tcp", ep.Host)
	if err != nil {
		t.Fatalf("port still held after Stop: %v", err)
	}
	_ = lis.Close()
}

type appKey struct{}

func TestStartContextValuesReachHandlers(t *testing.T) {
	e := &echo{unary: func(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		v, _ := ctx.Value(appKey{}).(string)
		return wrapperspb.String(v), nil
	}}
	ctx := context.WithValue(context.Background(), appKey{}, "billing")
	_, addr := startServerCtx(t, ctx, e)
	got, err := callEcho(context.Background(), dial(t, addr), "")
	if err != nil || got != "billing" {
		t.Errorf("value seen by the handler = %q, %v; want %q", got, err, "billing")
	}
}
