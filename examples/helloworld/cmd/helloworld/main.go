// Command helloworld serves the example Greeter service over gRPC and over
// HTTP/JSON from the same implementation.
//
//	go run ./examples/helloworld/cmd/helloworld -grpc.addr :9000 -http.addr :8000
package main

import (
	"flag"
	"log/slog"
	"os"

	"github.com/bia-go/bia/examples/helloworld/internal/server"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/runtime/app"
)

func main() {
	grpcAddr := flag.String("grpc.addr", ":9000", "gRPC listen address")
	httpAddr := flag.String("http.addr", ":8000", "HTTP listen address")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	greeter := service.NewGreeter()
	a := app.New(
		app.Name("helloworld"),
		app.Version("v1.0.0"),
		app.Logger(logger),
		app.Server(
			server.NewGRPCServer(*grpcAddr, logger, greeter),
			server.NewHTTPServer(*httpAddr, logger, greeter),
		),
	)
	if err := a.Run(); err != nil {
		logger.Error("helloworld stopped", "error", err)
		os.Exit(1)
	}
}
