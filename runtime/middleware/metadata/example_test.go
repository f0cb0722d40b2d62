package metadata_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/metadata"
	mwmd "github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/transport"
)

// A service received "x-md-global-tenant" and "x-md-local-caller"; its
// outgoing call forwards the global key, drops the local one and adds the
// constants and its own client metadata.
func ExampleClient() {
	call := mwmd.Client(mwmd.WithConstants(metadata.New("x-md-local-service", "billing")))(
		func(ctx context.Context, _ any) (any, error) {
			tr, _ := transport.FromClientContext(ctx)
			h := tr.RequestHeader()
			for _, k := range []string{"x-md-global-tenant", "x-md-local-caller", "x-md-local-service", "x-md-local-shard"} {
				fmt.Printf("%s=%q\n", k, h.Get(k))
			}
			return nil, nil
		})

	ctx := metadata.NewServerContext(context.Background(),
		metadata.New("x-md-global-tenant", "acme", "x-md-local-caller", "gateway"))
	ctx = metadata.AppendToClientContext(ctx, "x-md-local-shard", "7")
	ctx = transport.NewClientContext(ctx, newTransport("/users.v1.Users/Get"))
	_, _ = call(ctx, nil)
	// Output:
	// x-md-global-tenant="acme"
	// x-md-local-caller=""
	// x-md-local-service="billing"
	// x-md-local-shard="7"
}

func ExampleServer() {
	handle := mwmd.Server()(func(ctx context.Context, _ any) (any, error) {
		md, _ := metadata.FromServerContext(ctx)
		fmt.Println(md.Get("x-md-global-tenant"), md.Get("authorization") == "")
		return nil, nil
	})

	tr := newTransport("/users.v1.Users/Get")
	tr.RequestHeader().Set("X-Md-Global-Tenant", "acme")
	tr.RequestHeader().Set("Authorization", "Bearer t")
	_, _ = handle(transport.NewServerContext(context.Background(), tr), nil)
	// Output: acme true
}
