package grpc_test

import (
	"context"
	"fmt"

	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	biagrpc "github.com/bia-go/bia/runtime/transport/grpc"
)

// A server and a client of the bia.test.Echo service (echoDesc stands in
// for a generated RegisterEchoServer). The handler's *errors.Error reaches
// the client with its code and reason.
func Example() {
	srv := biagrpc.NewServer(
		biagrpc.Address("127.0.0.1:0"),
		biagrpc.Middleware(recovery.Recovery()),
	)
	srv.RegisterService(echoDesc(), &echo{unary: func(_ context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
		if in.GetValue() == "" {
			return nil, errors.BadRequest("EMPTY", "say something")
		}
		return wrapperspb.String("hello " + in.GetValue()), nil
	}})
	ep, err := srv.Endpoint() // listening from here on
	if err != nil {
		fmt.Println(err)
		return
	}
	served := make(chan error, 1)
	go func() { served <- srv.Start(context.Background()) }()

	conn, err := biagrpc.DialInsecure(context.Background(), biagrpc.WithEndpoint(ep.Host))
	if err != nil {
		fmt.Println(err)
		return
	}
	reply, err := callEcho(context.Background(), conn, "bia")
	fmt.Println(reply, err)

	_, err = callEcho(context.Background(), conn, "")
	fmt.Println(errors.Code(err), errors.Reason(err), status.Code(err))

	_ = conn.Close()
	fmt.Println(srv.Stop(context.Background()), <-served)
	// Output:
	// hello bia <nil>
	// 400 EMPTY InvalidArgument
	// <nil> <nil>
}
