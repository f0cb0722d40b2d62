// Command discovery runs the discovery example: helloworld instances
// registered in etcd and a gateway that serves the Greeter's HTTP API by
// calling them through discovery:///helloworld. Without -etcd it starts an
// embedded etcd, so it needs nothing installed:
//
//	go run ./cmd/discovery                 # etcd, 3 helloworld instances, gateway on :8080
//	curl localhost:8080/helloworld/bia     # {"message":"Hello bia, from helloworld-2"}
//
// Against a real etcd, as separate processes:
//
//	go run ./cmd/discovery -etcd 127.0.0.1:2379 -backends 2 -gateway ""
//	go run ./cmd/discovery -etcd 127.0.0.1:2379 -backends 0 -gateway :8080
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/bia-go/bia/examples/discovery/internal/cluster"
)

func main() {
	etcdAddr := flag.String("etcd", "", "etcd endpoint (default: start an embedded etcd)")
	backends := flag.Int("backends", 3, "helloworld instances to start")
	gatewayAddr := flag.String("gateway", ":8080", "HTTP address of the gateway (empty: no gateway)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := cluster.Start(ctx, cluster.Config{Etcd: *etcdAddr, Backends: *backends, Gateway: *gatewayAddr, Logger: logger})
	if err != nil {
		logger.Error("discovery example", "error", err)
		os.Exit(1)
	}
	if c.GatewayURL != "" {
		logger.Info("gateway serving", "url", c.GatewayURL, "try", "curl "+c.GatewayURL+"/helloworld/bia")
	}
	<-ctx.Done()
	if err := c.Stop(); err != nil {
		logger.Error("discovery example stopped", "error", err)
		os.Exit(1)
	}
}
