package grpc

import (
	"context"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"sync/atomic"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	errorspb "github.com/bia-go/bia/proto/errors"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"

	"github.com/bia-go/bia/runtime/transport/internal/endpoint"
)

// Server is a gRPC server managed by a Bia app: it implements
// transport.Server and transport.Endpointer, and grpc.ServiceRegistrar, so
// generated code registers on it directly:
//
//	srv := grpc.NewServer(grpc.Address(":9000"))
//	pb.RegisterGreeterServer(srv, greeter)
//
// Register services before Start. A Server serves once: after Stop it
// cannot be started again.
type Server struct {
	opts    serverOptions
	server  *gogrpc.Server
	health  *healthServer // nil with DisableHealth
	handler middleware.Handler
	// streamHandler is the chain of streams; requests caches the request
	// type of server-streaming methods by full method name.
	streamHandler middleware.Handler
	requests      sync.Map

	mu          sync.Mutex
	lis         net.Listener
	endpoint    *url.URL
	endpointStr string // endpoint.String(), for Transporters

	// serving is what every call reads, stored once by Start before it
	// serves, so calls read it without the lock.
	serving atomic.Pointer[servingInfo]
}

// servingInfo is what a call needs from Start.
type servingInfo struct {
	base     context.Context // Start's ctx: its values reach handlers
	endpoint string
}

var (
	_ transport.Server        = (*Server)(nil)
	_ transport.Endpointer    = (*Server)(nil)
	_ gogrpc.ServiceRegistrar = (*Server)(nil)
	_ reflection.GRPCServer   = (*Server)(nil)
)

// NewServer returns a Server configured by opts. It does not listen yet:
// Endpoint or Start do. The middleware chain is built here, once.
func NewServer(opts ...ServerOption) *Server {
	o := serverOptions{network: "tcp", address: ":0"}
	for _, opt := range opts {
		opt(&o)
	}
	if o.mapper == nil {
		o.mapper = errors.StandardCodes()
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	s := &Server{opts: o}
	s.handler = middleware.Chain(o.middleware...)(callUnaryHandler)
	s.streamHandler = middleware.Chain(o.middleware...)(callStreamHandler)

	gopts := []gogrpc.ServerOption{
		gogrpc.ChainUnaryInterceptor(append([]gogrpc.UnaryServerInterceptor{s.unaryInterceptor}, o.unaryInts...)...),
		gogrpc.ChainStreamInterceptor(append([]gogrpc.StreamServerInterceptor{s.streamInterceptor}, o.streamInts...)...),
	}
	if o.tlsConf != nil {
		gopts = append(gopts, gogrpc.Creds(credentials.NewTLS(o.tlsConf)))
	}
	s.server = gogrpc.NewServer(append(gopts, o.grpcOpts...)...)

	if !o.disableHealth {
		s.health = newHealthServer()
		healthpb.RegisterHealthServer(s.server, s.health)
	}
	if !o.disableReflection {
		reflection.Register(s.server)
		// Reflection serves the imports of the registered files; Bia's
		// errors/errors.proto registers itself only now, after init,
		// unless Kratos's copy already did (see package errorspb).
		errorspb.Register()
	}
	return s
}

// RegisterService registers a service and its implementation, as generated
// RegisterXxxServer functions do. It implements grpc.ServiceRegistrar and
// must be called before Start.
func (s *Server) RegisterService(desc *gogrpc.ServiceDesc, impl any) {
	s.server.RegisterService(desc, impl)
}

// GetServiceInfo returns the registered services, keyed by full service
// name, including health and reflection unless disabled.
func (s *Server) GetServiceInfo() map[string]gogrpc.ServiceInfo {
	return s.server.GetServiceInfo()
}

// GRPCServer returns the underlying *grpc.Server, for APIs that need it
// (channelz, admin services). Start and Stop it through s, not directly.
func (s *Server) GRPCServer() *gogrpc.Server { return s.server }

// Endpoint binds the listener if it is not bound yet (so once it returns,
// connections are accepted and queued until Start serves them) and returns
// the endpoint clients reach the server on. It is idempotent and safe for
// concurrent use.
//
// The endpoint is the Endpoint option if set. Otherwise it is
// grpc://host:port from the listener's address, with the query
// "isSecure=true" when TLSConfig is set; when the listener's host is empty
// or unspecified (":9000", "0.0.0.0:9000", "[::]:9000") the host advertised
// is the first non-loopback, non-link-local IPv4 address of the machine's
// interfaces that are up (IPv6 with Network("tcp6")), or the loopback
// address if there is none. A unix socket gives unix:///path.
func (s *Server) Endpoint() (*url.URL, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.listenLocked(); err != nil {
		return nil, err
	}
	u := *s.endpoint
	return &u, nil
}

func (s *Server) listenLocked() error {
	if s.lis != nil {
		return nil
	}
	lis, ep, err := endpoint.Bind(endpoint.Config{
		Listener: s.opts.listener, Network: s.opts.network, Address: s.opts.address,
		Advertised: s.opts.endpoint, Scheme: "grpc", Secure: s.opts.tlsConf != nil,
	})
	if err != nil {
		return err
	}
	s.lis, s.endpoint, s.endpointStr = lis, ep, ep.String()
	return nil
}

// Start binds the listener (see Endpoint) if needed, marks the health
// service SERVING and serves until Stop, then returns nil. The values of
// ctx (such as the app's info) are visible to every handler; its
// cancellation is not: Stop ends the server. It returns an error if binding
// or serving fails.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	err := s.listenLocked()
	lis := s.lis
	s.serving.Store(&servingInfo{base: ctx, endpoint: s.endpointStr})
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if s.health != nil {
		s.health.serve(s.server.GetServiceInfo())
	}
	err = s.server.Serve(lis)
	if errors.Is(err, gogrpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Stop marks the health service NOT_SERVING (so load balancers and
// health-checking clients move away), stops accepting connections and
// waits for in-flight calls to finish. If ctx ends first, it closes every
// connection, cancelling the calls left, and returns ctx.Err(). Stop may be
// called before Start; a later Start then returns nil at once.
func (s *Server) Stop(ctx context.Context) error {
	if s.health != nil {
		s.health.shutdown()
	}
	done := make(chan struct{})
	go func() {
		s.server.GracefulStop()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		s.server.Stop()
		<-done
		err = ctx.Err()
	}
	s.mu.Lock()
	if s.lis != nil {
		// Serve closes the listener it served; this closes one bound by
		// Endpoint but never served. A second Close is harmless.
		_ = s.lis.Close()
	}
	s.mu.Unlock()
	return err
}
