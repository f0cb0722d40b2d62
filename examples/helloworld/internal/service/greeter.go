// Package service implements the helloworld API: the business logic behind
// the generated Greeter bindings.
package service

import (
	"context"
	"fmt"
	"io"
	"time"

	"google.golang.org/grpc"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
)

// Greeter implements v1.GreeterServer, and so v1.GreeterHTTPServer: the
// streaming methods have the same signatures on both transports.
type Greeter struct {
	v1.UnimplementedGreeterServer
}

// NewGreeter returns the Greeter service.
func NewGreeter() *Greeter { return &Greeter{} }

// SayHello greets in.Name, which the validation middleware has checked
// against the rules of greeter.proto (1 to 64 characters). The name
// "error" is USER_NOT_FOUND (404), to show typed errors end to end.
func (g *Greeter) SayHello(_ context.Context, in *v1.HelloRequest) (*v1.HelloReply, error) {
	if in.GetName() == "error" {
		return nil, v1.ErrorUserNotFound("user not found: %s", in.GetName())
	}
	return &v1.HelloReply{Message: "Hello " + in.GetName()}, nil
}

// SayHelloStream greets in.Name in.Count times (3 when unset), one
// greeting every in.Interval (1s when unset). It stops as soon as the
// client goes away.
func (g *Greeter) SayHelloStream(in *v1.HelloStreamRequest, s grpc.ServerStreamingServer[v1.HelloReply]) error {
	if in.GetName() == "error" {
		return v1.ErrorUserNotFound("user not found: %s", in.GetName())
	}
	count := in.GetCount()
	if count == 0 {
		count = 3
	}
	interval := time.Second
	if in.GetInterval() != nil {
		interval = in.GetInterval().AsDuration()
	}
	for i := range count {
		if i > 0 {
			select {
			case <-s.Context().Done():
				return s.Context().Err()
			case <-time.After(interval):
			}
		}
		if err := s.Send(&v1.HelloReply{Message: fmt.Sprintf("Hello %s (%d/%d)", in.GetName(), i+1, count)}); err != nil {
			return err
		}
	}
	return nil
}

// Chat greets every name it receives, until the client half-closes. The
// name "error" ends the stream with USER_NOT_FOUND.
func (g *Greeter) Chat(s grpc.BidiStreamingServer[v1.HelloRequest, v1.HelloReply]) error {
	for {
		in, err := s.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if in.GetName() == "error" {
			return v1.ErrorUserNotFound("user not found: %s", in.GetName())
		}
		if err := s.Send(&v1.HelloReply{Message: "Hello " + in.GetName()}); err != nil {
			return err
		}
	}
}
