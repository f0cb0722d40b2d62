package bench_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
	biahttp "github.com/bia-go/bia/runtime/transport/http"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

// grpcInventory serves the bench service over gRPC.
type grpcInventory struct {
	benchpb.UnimplementedInventoryServer
	svc *service.Service
}

func (g grpcInventory) GetItem(ctx context.Context, req *benchpb.GetItemRequest) (*benchpb.Item, error) {
	return g.svc.GetItem(ctx, req)
}

// BenchmarkClientCall measures one GetItem through Bia's generated
// clients over loopback sockets (client and server in this process), to
// a fixed endpoint and through discovery:///inventory (the in-memory
// registry, the default P2C balancer): what routing by discovery adds to
// a call. `make bench-discovery` counts it in instructions.
func BenchmarkClientCall(b *testing.B) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New()
	hs := biahttp.NewServer(biahttp.Address("127.0.0.1:0"), biahttp.Logger(quiet))
	benchpb.RegisterInventoryHTTPServer(hs, svc)
	gs := biagrpc.NewServer(biagrpc.Address("127.0.0.1:0"), biagrpc.Logger(quiet))
	benchpb.RegisterInventoryServer(gs, grpcInventory{svc: svc})
	var endpoints []*url.URL
	for _, s := range []interface {
		Endpoint() (*url.URL, error)
		Start(context.Context) error
		Stop(context.Context) error
	}{hs, gs} {
		u, err := s.Endpoint()
		if err != nil {
			b.Fatal(err)
		}
		endpoints = append(endpoints, u)
		go func() { _ = s.Start(context.Background()) }()
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = s.Stop(ctx)
		}()
	}
	reg := memory.New()
	if err := reg.Register(b.Context(), &registry.ServiceInstance{ID: "1", Name: "inventory",
		Endpoints: []string{endpoints[0].String(), endpoints[1].String()}}); err != nil {
		b.Fatal(err)
	}
	req := &benchpb.GetItemRequest{Shelf: "s1", Item: "i1", Locale: "en"}

	for _, tc := range []struct {
		name     string
		endpoint string
		http     bool
	}{
		{"http-direct", endpoints[0].Host, true},
		{"http-discovery", "discovery:///inventory", true},
		{"grpc-direct", endpoints[1].Host, false},
		{"grpc-discovery", "discovery:///inventory", false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var call func() error
			if tc.http {
				c, err := biahttp.NewClient(b.Context(), biahttp.WithEndpoint(tc.endpoint), biahttp.WithDiscovery(discoveryOf(tc.endpoint, reg)))
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				inv := benchpb.NewInventoryHTTPClient(c)
				call = func() error { _, err := inv.GetItem(b.Context(), req); return err }
			} else {
				cc, err := biagrpc.DialInsecure(b.Context(), biagrpc.WithEndpoint(tc.endpoint), biagrpc.WithDiscovery(discoveryOf(tc.endpoint, reg)))
				if err != nil {
					b.Fatal(err)
				}
				defer cc.Close()
				inv := benchpb.NewInventoryClient(cc)
				call = func() error { _, err := inv.GetItem(b.Context(), req); return err }
			}
			if err := call(); err != nil { // connect outside the measure
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// discoveryOf returns reg for a discovery endpoint, nil otherwise.
func discoveryOf(endpoint string, reg registry.Discovery) registry.Discovery {
	if len(endpoint) > 12 && endpoint[:12] == "discovery://" {
		return reg
	}
	return nil
}
