// Command server is a Kratos v2 service, the fixture of bia migrate.
package main

import (
	"os"
	"time"

	"github.com/go-kratos/kratos/v2"
	"github.com/go-kratos/kratos/v2/log"
	"github.com/go-kratos/kratos/v2/middleware/logging"
	"github.com/go-kratos/kratos/v2/middleware/recovery"
	"github.com/go-kratos/kratos/v2/transport/grpc"
	"github.com/go-kratos/kratos/v2/transport/http"

	"kratosproject/internal/service"
)

func newApp(logger log.Logger) *kratos.App {
	hs := http.NewServer(
		http.Address(":8000"),
		http.Timeout(time.Second),
		http.Middleware(recovery.Recovery(), logging.Server(logger), service.Auth),
		http.ResponseEncoder(service.EncodeResponse),
	)
	gs := grpc.NewServer(grpc.Address(":9000"), grpc.Middleware(recovery.Recovery()))
	return kratos.New(
		kratos.Name("kratosproject"),
		kratos.Version("v1.0.0"),
		kratos.Logger(logger),
		kratos.Server(hs, gs),
	)
}

func main() {
	logger := log.With(log.NewStdLogger(os.Stdout), "service", "kratosproject")
	if err := newApp(logger).Run(); err != nil {
		os.Exit(1)
	}
}
