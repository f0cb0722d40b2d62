// Package cluster starts the processes of the discovery example inside
// one: an etcd (embedded unless one is given), helloworld instances that
// register in it, and a gateway that finds them there.
package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"github.com/bia-go/bia/contrib/registry/etcd"
	"github.com/bia-go/bia/contrib/registry/etcd/embedded"
	"github.com/bia-go/bia/examples/discovery/internal/backend"
	"github.com/bia-go/bia/examples/discovery/internal/gateway"
	v1 "github.com/bia-go/bia/examples/helloworld/api/helloworld/v1"
	"github.com/bia-go/bia/runtime/app"
	"github.com/bia-go/bia/runtime/transport/grpc"
	"github.com/bia-go/bia/runtime/transport/http"
)

// Config says what to start.
type Config struct {
	// Etcd is the endpoint of the etcd to register in. Default: an
	// embedded etcd in a temporary directory, removed on Stop.
	Etcd string
	// Backends is how many helloworld instances to start, each with a
	// gRPC server on a free loopback port. Default: none.
	Backends int
	// Gateway is the HTTP address of the gateway. Default: no gateway.
	Gateway string
	// Logger receives the apps' logs. Default: slog.Default().
	Logger *slog.Logger
}

// Cluster is what Start started.
type Cluster struct {
	// Etcd is the etcd endpoint in use.
	Etcd string
	// GatewayURL is the gateway's URL, "" without one.
	GatewayURL string

	apps    []*app.App
	done    []chan error
	cleanup []func()
}

// Start starts what cfg asks for and returns once all of it serves.
func Start(ctx context.Context, cfg Config) (c *Cluster, err error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	c = &Cluster{Etcd: cfg.Etcd}
	defer func() {
		if err != nil {
			_ = c.Stop()
		}
	}()
	if c.Etcd == "" {
		dir, err := os.MkdirTemp("", "bia-discovery-etcd-")
		if err != nil {
			return nil, err
		}
		srv, err := embedded.Start(dir)
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		c.cleanup = append(c.cleanup, srv.Close, func() { _ = os.RemoveAll(dir) })
		c.Etcd = srv.Endpoint()
		cfg.Logger.Info("started an embedded etcd", "endpoint", c.Etcd)
	}
	client, err := clientv3.New(clientv3.Config{Endpoints: []string{c.Etcd}, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		return nil, err
	}
	c.cleanup = append(c.cleanup, func() { _ = client.Close() })
	reg := etcd.New(client, etcd.Logger(cfg.Logger))
	c.cleanup = append(c.cleanup, func() { _ = reg.Close() })

	for i := range cfg.Backends {
		gs := grpc.NewServer(grpc.Address("127.0.0.1:0"), grpc.Logger(cfg.Logger))
		v1.RegisterGreeterServer(gs, backend.New(fmt.Sprint("helloworld-", i+1)))
		if err := c.run(ctx, cfg.Logger, app.Name("helloworld"), app.ID(fmt.Sprint("helloworld-", i+1)),
			app.Registrar(reg), app.Server(gs)); err != nil {
			return nil, err
		}
	}
	if cfg.Gateway != "" {
		conn, err := grpc.DialInsecure(ctx, grpc.WithEndpoint("discovery:///helloworld"), grpc.WithDiscovery(reg), grpc.WithLogger(cfg.Logger))
		if err != nil {
			return nil, err
		}
		c.cleanup = append(c.cleanup, func() { _ = conn.Close() })
		hs := http.NewServer(http.Address(cfg.Gateway), http.Logger(cfg.Logger))
		v1.RegisterGreeterHTTPServer(hs, gateway.New(v1.NewGreeterClient(conn)))
		u, err := hs.Endpoint()
		if err != nil {
			return nil, err
		}
		c.GatewayURL = "http://" + u.Host
		if err := c.run(ctx, cfg.Logger, app.Name("gateway"), app.Registrar(reg), app.Server(hs)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// run runs an app until Stop, returning once it has started.
func (c *Cluster) run(ctx context.Context, logger *slog.Logger, opts ...app.Option) error {
	started := make(chan struct{})
	a := app.New(append(opts, app.Context(ctx), app.Logger(logger), app.Signal(),
		app.AfterStart(func(context.Context) error { close(started); return nil }))...)
	done := make(chan error, 1)
	go func() { done <- a.Run() }()
	select {
	case <-started:
		c.apps = append(c.apps, a)
		c.done = append(c.done, done)
		return nil
	case err := <-done:
		return err
	}
}

// Stop stops the apps together, each deregistering before it drains,
// then the etcd client and the embedded etcd.
func (c *Cluster) Stop() error {
	var errs []error
	for _, a := range c.apps {
		_ = a.Stop()
	}
	for _, done := range c.done {
		errs = append(errs, <-done)
	}
	c.apps, c.done = nil, nil
	for i := len(c.cleanup) - 1; i >= 0; i-- {
		c.cleanup[i]()
	}
	c.cleanup = nil
	return errors.Join(errs...)
}
