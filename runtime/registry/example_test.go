package registry_test

import (
	"fmt"

	"github.com/bia-go/bia/runtime/registry"
)

func ExampleEndpoint() {
	in := &registry.ServiceInstance{
		ID:        "b6f0c1e2",
		Name:      "helloworld",
		Endpoints: []string{"http://127.0.0.1:8000", "grpc://127.0.0.1:9000"},
	}
	if u, ok := registry.Endpoint(in, "grpc"); ok {
		fmt.Println("dial", u.Host)
	}
	_, ok := registry.Endpoint(in, "https")
	fmt.Println("https:", ok)
	// Output:
	// dial 127.0.0.1:9000
	// https: false
}
