package grpc

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"slices"
	"time"

	gogrpc "google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
	"github.com/bia-go/bia/runtime/transport"
)

// ClientOption configures a connection made by Dial or DialInsecure.
type ClientOption func(*clientOptions)

type clientOptions struct {
	endpoint   string
	timeout    time.Duration
	middleware []middleware.Middleware
	unaryInts  []gogrpc.UnaryClientInterceptor
	streamInts []gogrpc.StreamClientInterceptor
	grpcOpts   []gogrpc.DialOption
	tlsConf    *tls.Config
	mapper     errors.CodeMapper
	// discovery:/// targets
	discovery   registry.Discovery
	balancer    selector.Balancer
	nodeFilters []selector.Filter
	logger      *slog.Logger
}

// WithEndpoint sets the target to dial, in grpc.NewClient syntax: a
// host:port such as "127.0.0.1:9000" (resolved by DNS) or a URI such as
// "dns:///svc.local:9000" or "unix:///tmp/app.sock", or
// "discovery:///name" for the instances of service name found through
// WithDiscovery. Required: there is no default.
func WithEndpoint(target string) ClientOption {
	return func(o *clientOptions) { o.endpoint = target }
}

// WithTimeout bounds every unary call: its context gets a deadline d from
// the start of the call, unless the caller's context already has an earlier
// one. Streams are not bounded. 0 disables it. The default is 2 seconds.
func WithTimeout(d time.Duration) ClientOption {
	return func(o *clientOptions) { o.timeout = d }
}

// WithMiddleware appends middleware run around every unary call and around
// opening every stream (see middleware.Stream), the first outermost. The
// chains are built once, at dial time. The default is none.
func WithMiddleware(m ...middleware.Middleware) ClientOption {
	return func(o *clientOptions) { o.middleware = append(o.middleware, m...) }
}

// WithUnaryInterceptor appends raw gRPC unary client interceptors, run after
// Bia's (so inside the middleware chain, seeing the raw gRPC error) in the
// order given. The default is none.
func WithUnaryInterceptor(in ...gogrpc.UnaryClientInterceptor) ClientOption {
	return func(o *clientOptions) { o.unaryInts = append(o.unaryInts, in...) }
}

// WithStreamInterceptor appends raw gRPC stream client interceptors. The
// default is none.
func WithStreamInterceptor(in ...gogrpc.StreamClientInterceptor) ClientOption {
	return func(o *clientOptions) { o.streamInts = append(o.streamInts, in...) }
}

// WithOptions appends raw grpc.DialOptions (keepalive, service config,
// stats handlers...) passed to grpc.NewClient after Bia's own. Pass
// interceptors with WithUnaryInterceptor and WithStreamInterceptor instead.
// The default is none.
func WithOptions(opts ...gogrpc.DialOption) ClientOption {
	return func(o *clientOptions) { o.grpcOpts = append(o.grpcOpts, opts...) }
}

// WithTLSConfig sets the TLS configuration Dial uses. Dial requires it;
// DialInsecure rejects it. The default is nil.
func WithTLSConfig(conf *tls.Config) ClientOption {
	return func(o *clientOptions) { o.tlsConf = conf }
}

// WithCodeMapper sets the HTTP ↔ gRPC status code table used to turn the
// statuses calls fail with into *errors.Error. The default is
// errors.StandardCodes().
func WithCodeMapper(m errors.CodeMapper) ClientOption {
	return func(o *clientOptions) { o.mapper = m }
}

// Dial returns a TLS client connection to the WithEndpoint target; it fails
// if WithTLSConfig was not given (use DialInsecure for plaintext).
//
// The connection is made lazily, by the first call (grpc.NewClient
// semantics), so Dial does no network I/O and fails only on bad options or
// an already-done ctx. Unary calls on the connection run the middleware,
// carry a Transporter in their context (transport.FromClientContext) and
// fail with *errors.Error, which still implements GRPCStatus, so
// status.Code and status.FromError keep working. Close the connection when
// done.
func Dial(ctx context.Context, opts ...ClientOption) (*gogrpc.ClientConn, error) {
	o := newClientOptions(opts)
	if o.tlsConf == nil {
		return nil, fmt.Errorf("grpc: Dial %q: no TLS configuration: pass WithTLSConfig, or use DialInsecure for plaintext", o.endpoint)
	}
	return dial(ctx, o, credentials.NewTLS(o.tlsConf))
}

// DialInsecure is Dial without transport security: a plaintext (h2c)
// connection. It fails if WithTLSConfig was given.
func DialInsecure(ctx context.Context, opts ...ClientOption) (*gogrpc.ClientConn, error) {
	o := newClientOptions(opts)
	if o.tlsConf != nil {
		return nil, fmt.Errorf("grpc: DialInsecure %q: WithTLSConfig given: use Dial for TLS", o.endpoint)
	}
	return dial(ctx, o, insecure.NewCredentials())
}

func newClientOptions(opts []ClientOption) clientOptions {
	o := clientOptions{timeout: 2 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if o.mapper == nil {
		o.mapper = errors.StandardCodes()
	}
	return o
}

func dial(ctx context.Context, o clientOptions, creds credentials.TransportCredentials) (*gogrpc.ClientConn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if o.endpoint == "" {
		return nil, fmt.Errorf("grpc: dial: no target: pass WithEndpoint")
	}
	secure := creds.Info().SecurityProtocol != "insecure"
	disc, err := discoveryOptions(o, secure)
	if err != nil {
		return nil, err
	}
	c := &client{opts: o}
	c.handler = middleware.Chain(o.middleware...)(invokeUnary)
	c.streamHandler = middleware.Chain(o.middleware...)(openStream)
	dopts := []gogrpc.DialOption{
		gogrpc.WithTransportCredentials(creds),
		gogrpc.WithChainUnaryInterceptor(append([]gogrpc.UnaryClientInterceptor{c.unaryInterceptor}, o.unaryInts...)...),
		gogrpc.WithChainStreamInterceptor(append([]gogrpc.StreamClientInterceptor{c.streamInterceptor}, o.streamInts...)...),
	}
	dopts = append(dopts, disc...)
	cc, err := gogrpc.NewClient(o.endpoint, append(dopts, o.grpcOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("grpc: dial %q: %w", o.endpoint, err)
	}
	return cc, nil
}

type client struct {
	opts          clientOptions
	handler       middleware.Handler
	streamHandler middleware.Handler
}

// unaryCall is what the end of the client chain needs to make the call.
type unaryCall struct {
	method  string
	reply   any
	cc      *gogrpc.ClientConn
	invoker gogrpc.UnaryInvoker
	opts    []gogrpc.CallOption
	tr      *Transport
}

type unaryCallKey struct{}

func (c *client) unaryInterceptor(ctx context.Context, method string, req, reply any, cc *gogrpc.ClientConn, invoker gogrpc.UnaryInvoker, opts ...gogrpc.CallOption) error {
	if c.opts.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.opts.timeout)
		defer cancel()
	}
	out, _ := metadata.FromOutgoingContext(ctx)
	tr := newTransport(cc.Target(), method, out.Copy())
	ctx = transport.NewClientContext(ctx, tr)
	call := &unaryCall{method: method, reply: reply, cc: cc, invoker: invoker, opts: opts, tr: tr}
	if _, err := c.handler(context.WithValue(ctx, unaryCallKey{}, call), req); err != nil {
		return errors.FromErrorWith(err, c.opts.mapper)
	}
	return nil
}

// invokeUnary is the final middleware.Handler of the client chain: it sends
// the Transporter's request header as the outgoing metadata, makes the call
// and fills the Transporter's reply header. The reply message is filled in
// place, as gRPC does; a reply a middleware returns instead is ignored.
func invokeUnary(ctx context.Context, req any) (any, error) {
	call, ok := ctx.Value(unaryCallKey{}).(*unaryCall)
	if !ok {
		return nil, errors.InternalServer(errors.ReasonInternal,
			"grpc: a middleware called the next handler with a context not derived from the call's")
	}
	// Start from the outgoing metadata of ctx (a middleware may have
	// appended to it) and let the Transporter's header win key by key.
	md, _ := metadata.FromOutgoingContext(ctx)
	md = md.Copy()
	for k, v := range call.tr.reqHeader {
		md[k] = v
	}
	ctx = metadata.NewOutgoingContext(ctx, md)
	var header metadata.MD
	err := call.invoker(ctx, call.method, req, call.reply, call.cc, append(slices.Clip(call.opts), gogrpc.Header(&header))...)
	for k, v := range header {
		call.tr.replyHeader[k] = v
	}
	if err != nil {
		return nil, err
	}
	return call.reply, nil
}
