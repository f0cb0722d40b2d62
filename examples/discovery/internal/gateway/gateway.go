// Package gateway is the front service of the discovery example: it
// serves the Greeter's HTTP API and forwards every call over gRPC to an
// instance of helloworld found through the registry.
package gateway

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
)

// Gateway implements the Greeter by calling another Greeter.
type Gateway struct {
	v1.UnimplementedGreeterServer
	backend v1.GreeterClient
}

// New returns a gateway to backend (a client of discovery:///helloworld).
func New(backend v1.GreeterClient) *Gateway { return &Gateway{backend: backend} }

// SayHello forwards the call; a backend's typed error reaches the caller
// as it is (a 404 USER_NOT_FOUND stays one).
func (g *Gateway) SayHello(ctx context.Context, in *v1.HelloRequest) (*v1.HelloReply, error) {
	return g.backend.SayHello(ctx, in)
}

// SayHelloStream forwards the stream of one backend instance.
func (g *Gateway) SayHelloStream(in *v1.HelloStreamRequest, out grpc.ServerStreamingServer[v1.HelloReply]) error {
	stream, err := g.backend.SayHelloStream(out.Context(), in)
	if err != nil {
		return err
	}
	for {
		m, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := out.Send(m); err != nil {
			return err
		}
	}
}

// Chat relays a conversation with one backend instance.
func (g *Gateway) Chat(client grpc.BidiStreamingServer[v1.HelloRequest, v1.HelloReply]) error {
	backend, err := g.backend.Chat(client.Context())
	if err != nil {
		return err
	}
	relayed := make(chan error, 1)
	go func() {
		for {
			m, err := client.Recv()
			if errors.Is(err, io.EOF) {
				relayed <- backend.CloseSend()
				return
			}
			if err != nil {
				relayed <- err
				return
			}
			if err := backend.Send(m); err != nil {
				relayed <- err
				return
			}
		}
	}()
	for {
		m, err := backend.Recv()
		if errors.Is(err, io.EOF) {
			return <-relayed
		}
		if err != nil {
			return err
		}
		if err := client.Send(m); err != nil {
			return err
		}
	}
}
