// Package backend is the helloworld Greeter of the discovery example: it
// says which instance answered, so the balancing shows.
package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
)

// Greeter is one instance's Greeter.
type Greeter struct {
	v1.UnimplementedGreeterServer
	id string
}

// New returns the Greeter of instance id.
func New(id string) *Greeter { return &Greeter{id: id} }

// SayHello greets in.Name, naming the instance.
func (g *Greeter) SayHello(_ context.Context, in *v1.HelloRequest) (*v1.HelloReply, error) {
	if in.GetName() == "error" {
		return nil, v1.ErrorUserNotFound("user not found: %s", in.GetName())
	}
	return &v1.HelloReply{Message: fmt.Sprintf("Hello %s, from %s", in.GetName(), g.id)}, nil
}

// SayHelloStream greets in.Name in.Count times (3 when unset).
func (g *Greeter) SayHelloStream(in *v1.HelloStreamRequest, stream grpc.ServerStreamingServer[v1.HelloReply]) error {
	count := in.GetCount()
	if count == 0 {
		count = 3
	}
	for i := range count {
		if i > 0 {
			time.Sleep(100 * time.Millisecond)
		}
		if err := stream.Send(&v1.HelloReply{Message: fmt.Sprintf("Hello %s (%d), from %s", in.GetName(), i+1, g.id)}); err != nil {
			return err
		}
	}
	return nil
}

// Chat greets every name it receives.
func (g *Greeter) Chat(stream grpc.BidiStreamingServer[v1.HelloRequest, v1.HelloReply]) error {
	for {
		in, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := stream.Send(&v1.HelloReply{Message: fmt.Sprintf("Hello %s, from %s", in.GetName(), g.id)}); err != nil {
			return err
		}
	}
}
