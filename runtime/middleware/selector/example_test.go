package selector_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/selector"
	"github.com/bia-go/bia/runtime/transport"
)

func Example() {
	audit := func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, _ := transport.FromServerContext(ctx)
			fmt.Println("audit", tr.Operation())
			return next(ctx, req)
		}
	}
	handler := func(context.Context, any) (any, error) { return "ok", nil }

	h := selector.Server(audit).
		Prefix("/admin.v1.").
		Path("/helloworld.Greeter/SayHello").
		Build()(handler)

	for _, op := range []string{"/admin.v1.Users/Delete", "/helloworld.Greeter/SayHello", "/helloworld.Greeter/SayBye"} {
		ctx := transport.NewServerContext(context.Background(), newTransport(op))
		reply, _ := h(ctx, nil)
		fmt.Println(op, reply)
	}
	// Output:
	// audit /admin.v1.Users/Delete
	// /admin.v1.Users/Delete ok
	// audit /helloworld.Greeter/SayHello
	// /helloworld.Greeter/SayHello ok
	// /helloworld.Greeter/SayBye ok
}
