package grpc

import (
	"crypto/tls"
	"github.com/bia-go/bia/runtime/transport"
	"log/slog"
	"net"
	"net/url"
	"time"

	gogrpc "google.golang.org/grpc"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
)

// ServerOption configures a Server built by NewServer.
type ServerOption func(*serverOptions)

type serverOptions struct {
	network           string
	address           string
	listener          net.Listener
	endpoint          *url.URL
	tlsConf           *tls.Config
	timeout           time.Duration
	limiter           transport.Limiter
	middleware        []middleware.Middleware
	unaryInts         []gogrpc.UnaryServerInterceptor
	streamInts        []gogrpc.StreamServerInterceptor
	grpcOpts          []gogrpc.ServerOption
	mapper            errors.CodeMapper
	logger            *slog.Logger
	disableHealth     bool
	disableReflection bool
}

// Network sets the network the server listens on, as accepted by
// net.Listen: "tcp", "tcp4", "tcp6" or "unix". The default is "tcp".
func Network(network string) ServerOption {
	return func(o *serverOptions) { o.network = network }
}

// Address sets the address the server listens on, as accepted by
// net.Listen. The default is ":0": every interface, a port chosen by the
// system (read it back with Server.Endpoint).
func Address(addr string) ServerOption {
	return func(o *serverOptions) { o.address = addr }
}

// Listener makes the server serve on lis instead of listening itself;
// Network and Address are then ignored. The server closes lis when it stops.
// The default is no listener: the server listens on Network and Address.
func Listener(lis net.Listener) ServerOption {
	return func(o *serverOptions) { o.listener = lis }
}

// Endpoint sets the endpoint the server advertises (Server.Endpoint, the
// Transporter's Endpoint, registries). The default is derived from the
// listener's address; see Server.Endpoint.
func Endpoint(endpoint *url.URL) ServerOption {
	return func(o *serverOptions) { o.endpoint = endpoint }
}

// TLSConfig makes the server speak TLS with conf. The default is nil:
// plaintext (h2c).
func TLSConfig(conf *tls.Config) ServerOption {
	return func(o *serverOptions) { o.tlsConf = conf }
}

// Limiter sets what decides whether the server takes each call (unary
// and streaming), before Bia's middleware and the handler run: see
// transport.Limiter and package ratelimit. A refused call fails with the
// limiter's error (429 maps to RESOURCE_EXHAUSTED). The default is none.
func Limiter(l transport.Limiter) ServerOption {
	return func(o *serverOptions) { o.limiter = l }
}

// Timeout bounds every unary call: when d > 0 the handler's context gets a
// deadline d after the call arrives (or the client's deadline, if that is
// earlier). Streams are not bounded. The default is 0: no server-imposed
// deadline, only the client's.
func Timeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.timeout = d }
}

// Middleware appends middleware run around every handler, the first
// outermost: once per call, once per stream (see middleware.Stream). The
// chains are built once, when NewServer returns; use selector.Server to
// restrict a middleware to some operations. The default is none.
func Middleware(m ...middleware.Middleware) ServerOption {
	return func(o *serverOptions) { o.middleware = append(o.middleware, m...) }
}

// UnaryInterceptor appends raw gRPC unary interceptors. They run after
// Bia's own interceptor (so they see the Transporter in the context and the
// middleware-free handler) in the order given. The default is none.
func UnaryInterceptor(in ...gogrpc.UnaryServerInterceptor) ServerOption {
	return func(o *serverOptions) { o.unaryInts = append(o.unaryInts, in...) }
}

// StreamInterceptor appends raw gRPC stream interceptors, run after Bia's
// own stream interceptor in the order given. The default is none.
func StreamInterceptor(in ...gogrpc.StreamServerInterceptor) ServerOption {
	return func(o *serverOptions) { o.streamInts = append(o.streamInts, in...) }
}

// Options appends raw grpc.ServerOptions (message size limits, keepalive,
// stats handlers...) passed to grpc.NewServer after Bia's own. Do not pass
// interceptor options here: use UnaryInterceptor and StreamInterceptor, which
// keep Bia's interceptors first. The default is none.
func Options(opts ...gogrpc.ServerOption) ServerOption {
	return func(o *serverOptions) { o.grpcOpts = append(o.grpcOpts, opts...) }
}

// CodeMapper sets the HTTP ↔ gRPC status code table used to turn handler
// errors into gRPC statuses. The default is errors.StandardCodes().
func CodeMapper(m errors.CodeMapper) ServerOption {
	return func(o *serverOptions) { o.mapper = m }
}

// Logger sets the logger for server events, such as handler errors whose
// text is hidden from clients. The default is slog.Default() at the time
// NewServer is called.
func Logger(l *slog.Logger) ServerOption {
	return func(o *serverOptions) { o.logger = l }
}

// DisableHealth leaves out the grpc.health.v1.Health service. By default it
// is registered, reports NOT_SERVING until Start, SERVING (for "" and for
// every registered service) once Start runs, and NOT_SERVING again as soon
// as Stop begins, so load balancers drain the server.
func DisableHealth() ServerOption {
	return func(o *serverOptions) { o.disableHealth = true }
}

// DisableReflection leaves out the server reflection services. By default
// grpc.reflection.v1 and grpc.reflection.v1alpha are registered, so tools
// such as grpcurl can list and call services.
func DisableReflection() ServerOption {
	return func(o *serverOptions) { o.disableReflection = true }
}
