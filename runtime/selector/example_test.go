package selector_test

import (
	"context"
	"fmt"

	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
)

func Example() {
	sel := selector.New("helloworld", selector.WithBalancer(selector.WRR()))
	sel.Update("grpc", []*registry.ServiceInstance{
		{ID: "a", Name: "helloworld", Version: "v1", Metadata: map[string]string{"weight": "3"}, Endpoints: []string{"grpc://10.0.0.1:9000"}},
		{ID: "b", Name: "helloworld", Version: "v2", Metadata: map[string]string{"weight": "1"}, Endpoints: []string{"grpc://10.0.0.2:9000"}},
	})

	// Only v2 instances for the calls made with this context.
	ctx := selector.NewFilterContext(context.Background(), selector.Version("v2"))
	picked, err := sel.Select(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(picked.Node().Address())
	picked.Done(nil) // the call's error, if any

	_, err = sel.Select(selector.NewFilterContext(ctx, selector.Version("v3")))
	fmt.Println(err)
	// Output:
	// 10.0.0.2:9000
	// error: code = 503 reason = NO_INSTANCES message = no instances of helloworld pass the filters version=v3 metadata = map[] cause = <nil>
}
