// Package client calls other services with Kratos's clients.
package client

import (
	"context"
	"time"

	"github.com/go-kratos/kratos/v2/transport/grpc"
	"github.com/go-kratos/kratos/v2/transport/http"
)

// Dial connects to a gRPC and an HTTP service.
func Dial(ctx context.Context) error {
	conn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint("127.0.0.1:9000"), grpc.WithTimeout(time.Second), grpc.WithDiscovery(nil))
	if err != nil {
		return err
	}
	defer conn.Close()
	c, err := http.NewClient(ctx, http.WithEndpoint("127.0.0.1:8000"), http.WithBlock())
	if err != nil {
		return err
	}
	return c.Close()
}
