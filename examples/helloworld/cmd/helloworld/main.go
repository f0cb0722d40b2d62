// Command helloworld serves the example Greeter service over gRPC and over
// HTTP/JSON from the same implementation, traced (OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set), measured (/metrics) and logged with
// trace ids.
//
//	go run ./cmd/helloworld -grpc.addr :9000 -http.addr :8000
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"time"

	"github.com/bia-go/bia/examples/helloworld/internal/server"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/examples/helloworld/internal/telemetry"
	"github.com/bia-go/bia/runtime/app"
)

const version = "v1.0.0"

func main() {
	grpcAddr := flag.String("grpc.addr", ":9000", "gRPC listen address")
	httpAddr := flag.String("http.addr", ":8000", "HTTP listen address")
	flag.Parse()

	tel, err := telemetry.New(context.Background(), "helloworld", version, os.Stderr)
	if err != nil {
		slog.Error("helloworld: telemetry", "error", err)
		os.Exit(1)
	}
	greeter := service.NewGreeter()
	a := app.New(
		app.Name("helloworld"),
		app.Version(version),
		app.Logger(tel.Logger),
		app.Server(
			server.NewGRPCServer(*grpcAddr, tel, greeter),
			server.NewHTTPServer(*httpAddr, tel, greeter),
		),
	)
	err = a.Run()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if serr := tel.Shutdown(ctx); serr != nil {
		tel.Logger.Error("helloworld: telemetry shutdown", "error", serr)
	}
	if err != nil {
		tel.Logger.Error("helloworld stopped", "error", err)
		os.Exit(1)
	}
}
