// Package server wires the helloworld services into Bia transports.
package server

import (
	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/examples/helloworld/internal/conf"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/examples/helloworld/internal/telemetry"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/logging"
	"github.com/bia-go/bia/runtime/middleware/metadata"
	"github.com/bia-go/bia/runtime/middleware/recovery"
	"github.com/bia-go/bia/runtime/middleware/validate"
	"github.com/bia-go/bia/runtime/transport/grpc"
)

// serverMiddleware is the middleware of both servers: the same chain runs
// on gRPC and HTTP. Recovery is outermost, so it also catches panics of
// the others; then the span and the measurements of the call (so a
// refused call is traced and counted too); validation is innermost, so
// the log shows the calls it refuses, with their trace ids.
func serverMiddleware(tel *telemetry.Telemetry) []middleware.Middleware {
	chain := []middleware.Middleware{recovery.Recovery(recovery.WithLogger(tel.Logger))}
	chain = append(chain, tel.Server()...)
	return append(chain,
		metadata.Server(),
		logging.Server(tel.Logger),
		validate.Validator(),
	)
}

// NewGRPCServer returns the gRPC server of the example at c's address,
// bounding calls by c's timeout when set.
func NewGRPCServer(c *conf.Endpoint, tel *telemetry.Telemetry, greeter *service.Greeter) *grpc.Server {
	srv := grpc.NewServer(
		grpc.Address(c.GetAddr()),
		grpc.Timeout(c.GetTimeout().AsDuration()),
		grpc.Logger(tel.Logger),
		grpc.Middleware(serverMiddleware(tel)...),
	)
	v1.RegisterGreeterServer(srv, greeter)
	return srv
}
