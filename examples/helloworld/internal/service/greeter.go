// Package service implements the helloworld API: the business logic behind
// the generated Greeter bindings.
package service

import (
	"context"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
)

// Greeter implements v1.GreeterServer.
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
