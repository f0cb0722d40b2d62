// Package server wires the helloworld services into Bia transports.
package server

import (
	"log/slog"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/runtime/middleware/logging"
	"github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/transport/grpc"
)

// NewGRPCServer returns the gRPC server of the example on addr with the
// standard middleware: recovery outermost, then metadata and logging.
func NewGRPCServer(addr string, logger *slog.Logger, greeter *service.Greeter) *grpc.Server {
	srv := grpc.NewServer(
		grpc.Address(addr),
		grpc.Logger(logger),
		grpc.Middleware(
			recovery.Recovery(recovery.WithLogger(logger)),
			metadata.Server(),
			logging.Server(logger),
		),
	)
	v1.RegisterGreeterServer(srv, greeter)
	return srv
}
