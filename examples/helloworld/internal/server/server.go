// Package server wires the helloworld services into Bia transports.
package server

import (
	"log/slog"

	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/logging"
	"github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport/grpc"
)

// serverMiddleware is the middleware of both servers: the same chain runs
// on gRPC and HTTP. Recovery is outermost, so it also catches panics of
// the others; validation is innermost, so the log shows the calls it
// refuses.
func serverMiddleware(logger *slog.Logger) []middleware.Middleware {
	return []middleware.Middleware{
		recovery.Recovery(recovery.WithLogger(logger)),
		metadata.Server(),
		logging.Server(logger),
		validate.Validator(),
	}
}

// NewGRPCServer returns the gRPC server of the example on addr.
func NewGRPCServer(addr string, logger *slog.Logger, greeter *service.Greeter) *grpc.Server {
	srv := grpc.NewServer(
		grpc.Address(addr),
		grpc.Logger(logger),
		grpc.Middleware(serverMiddleware(logger)...),
	)
	v1.RegisterGreeterServer(srv, greeter)
	return srv
}
