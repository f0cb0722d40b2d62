// Command helloworld serves the example Greeter service over gRPC and over
// HTTP/JSON from the same implementation, traced (OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set), measured (/metrics) and logged with
// trace ids. Its addresses and timeouts come from configs/config.yaml,
// HELLOWORLD_* environment variables and flags, in that order:
//
//	go run ./cmd/helloworld                                # :8000 and :9000
//	HELLOWORLD_SERVER_HTTP_ADDR=:8080 go run ./cmd/helloworld
//	go run ./cmd/helloworld -server.grpc.addr=:9090 -conf other.yaml
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"time"

	"github.com/bia-go/bia/examples/helloworld/internal/conf"
	"github.com/bia-go/bia/examples/helloworld/internal/server"
	"github.com/bia-go/bia/examples/helloworld/internal/service"
	"github.com/bia-go/bia/examples/helloworld/internal/telemetry"
	"github.com/bia-go/bia/runtime/app"
)

const version = "v1.0.0"

func main() {
	confPath := flag.String("conf", "configs/config.yaml", "the configuration file")
	flag.String("server.http.addr", "", "HTTP listen address (overrides the configuration)")
	flag.String("server.grpc.addr", "", "gRPC listen address (overrides the configuration)")
	flag.Parse()

	bc, cfg, err := conf.Load(*confPath, flag.CommandLine)
	if err != nil {
		slog.Error("helloworld: configuration", "error", err)
		os.Exit(1)
	}
	defer cfg.Close()
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
			server.NewGRPCServer(bc.GetServer().GetGrpc(), tel, greeter),
			server.NewHTTPServer(bc.GetServer().GetHttp(), tel, greeter),
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
