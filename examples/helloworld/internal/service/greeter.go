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

// SayHello greets in.Name. An empty name is NAME_REQUIRED (400); the name
// "error" is USER_NOT_FOUND (404), to show typed errors end to end.
func (g *Greeter) SayHello(_ context.Context, in *v1.HelloRequest) (*v1.HelloReply, error) {
	switch in.GetName() {
	case "":
		return nil, v1.ErrorNameRequired("name is required")
	case "error":
		return nil, v1.ErrorUserNotFound("user not found: %s", in.GetName())
	}
	return &v1.HelloReply{Message: "Hello " + in.GetName()}, nil
}
