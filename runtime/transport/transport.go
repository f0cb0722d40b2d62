package transport

import (
	"context"
	"net/url"
	"time"
)

// Kind names the wire protocol a request arrived on or leaves by.
type Kind string

// The transports Bia ships.
const (
	KindGRPC Kind = "grpc"
	KindHTTP Kind = "http"
)

// String returns the kind's name, "grpc" or "http".
func (k Kind) String() string { return string(k) }

// Server is a transport server managed by an app: Start blocks until the
// server stops serving (returning nil after a Stop) and Stop drains in-flight
// requests until ctx ends, then closes what is left.
type Server interface {
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// Endpointer is implemented by servers that know the address clients reach
// them on (scheme://host:port). The app registers these endpoints once the
// server listens.
type Endpointer interface {
	Endpoint() (*url.URL, error)
}

// Header is a transport-neutral view of request or reply headers: HTTP
// headers or gRPC metadata. Keys are case-insensitive.
type Header interface {
	Get(key string) string
	Set(key, value string)
	Add(key, value string)
	Keys() []string
	Values(key string) []string
}

// Transporter describes the request being served (server side) or sent
// (client side).
type Transporter interface {
	// Kind is the wire protocol.
	Kind() Kind
	// Endpoint is the server address: the listen address on the server
	// side, the target on the client side.
	Endpoint() string
	// Operation is the full method name, "/package.Service/Method".
	Operation() string
	// RequestHeader is the incoming (server) or outgoing (client) header.
	RequestHeader() Header
	// ReplyHeader is the header sent back (server) or received (client).
	ReplyHeader() Header
}

type (
	serverKey struct{}
	clientKey struct{}
)

// NewServerContext returns a copy of ctx that carries the server-side
// transporter of the request being served.
func NewServerContext(ctx context.Context, tr Transporter) context.Context {
	return context.WithValue(ctx, serverKey{}, tr)
}

// FromServerContext returns the server-side transporter of ctx, if any.
func FromServerContext(ctx context.Context) (Transporter, bool) {
	tr, ok := ctx.Value(serverKey{}).(Transporter)
	return tr, ok
}

// NewClientContext returns a copy of ctx that carries the client-side
// transporter of the call being made.
func NewClientContext(ctx context.Context, tr Transporter) context.Context {
	return context.WithValue(ctx, clientKey{}, tr)
}

// FromClientContext returns the client-side transporter of ctx, if any.
func FromClientContext(ctx context.Context) (Transporter, bool) {
	tr, ok := ctx.Value(clientKey{}).(Transporter)
	return tr, ok
}

// Limiter decides whether a server takes a call, before the call's
// request is read: a limiter shedding load must cost next to nothing per
// refused call. Servers configured with one (http.Limiter, grpc.Limiter)
// call Allow first; when it returns an error, that error is the call's
// reply (typically 429 RATELIMIT) and nothing else runs; when it returns
// nil, they call Done with the call's duration once it has ended.
// Implementations must be safe for concurrent use.
type Limiter interface {
	Allow() error
	Done(elapsed time.Duration)
}
