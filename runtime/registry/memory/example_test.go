package memory_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/registry/memory"
)

func ExampleRegistry() {
	ctx := context.Background()
	r := memory.New()

	w, err := r.Watch(ctx, "helloworld")
	if err != nil {
		panic(err)
	}
	defer w.Stop()
	list, _ := w.Next() // the current set, here empty
	fmt.Println("instances:", len(list))

	_ = r.Register(ctx, &registry.ServiceInstance{
		ID:        "1",
		Name:      "helloworld",
		Version:   "v1.0.0",
		Endpoints: []string{"grpc://127.0.0.1:9000"},
	})
	list, _ = w.Next() // blocks until the set changes
	for _, in := range list {
		fmt.Println(in.ID, in.Version, in.Endpoints)
	}

	_ = w.Stop()
	_, err = w.Next()
	fmt.Println(err)
	// Output:
	// instances: 0
	// 1 v1.0.0 [grpc://127.0.0.1:9000]
	// context canceled
}
