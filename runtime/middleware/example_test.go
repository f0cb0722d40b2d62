package middleware_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/middleware"
)

// tag returns a middleware that records its name around the call.
func tag(name string, trace *[]string) middleware.Middleware {
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			*trace = append(*trace, name+" in")
			reply, err := next(ctx, req)
			*trace = append(*trace, name+" out")
			return reply, err
		}
	}
}

func ExampleChain() {
	var trace []string
	h := middleware.Chain(tag("outer", &trace), tag("inner", &trace))(
		func(_ context.Context, req any) (any, error) {
			trace = append(trace, "handler")
			return fmt.Sprintf("hello %v", req), nil
		})
	reply, err := h(context.Background(), "bia")
	fmt.Println(reply, err)
	fmt.Println(trace)
	// Output:
	// hello bia <nil>
	// [outer in inner in handler inner out outer out]
}
