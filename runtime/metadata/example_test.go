package metadata_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/metadata"
)

func ExampleNew() {
	md := metadata.New("X-Request-ID", "42", "x-md-global-tenant", "acme")
	md.Add("x-md-global-tenant", "beta")
	fmt.Println(md.Get("x-request-id"))
	fmt.Println(md.Values("X-MD-GLOBAL-TENANT"))
	// Output:
	// 42
	// [acme beta]
}

func ExampleAppendToClientContext() {
	parent := metadata.AppendToClientContext(context.Background(), "x-md-local-caller", "api")
	child := metadata.AppendToClientContext(parent, "x-md-local-caller", "worker")

	p, _ := metadata.FromClientContext(parent)
	c, _ := metadata.FromClientContext(child)
	fmt.Println(p.Values("x-md-local-caller"))
	fmt.Println(c.Values("x-md-local-caller"))
	// Output:
	// [api]
	// [api worker]
}

func ExampleFromServerContext() {
	ctx := metadata.NewServerContext(context.Background(), metadata.New("x-md-global-tenant", "acme"))
	if md, ok := metadata.FromServerContext(ctx); ok {
		fmt.Println(md.Get("x-md-global-tenant"))
	}
	// Output: acme
}
