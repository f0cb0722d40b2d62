package http

import (
	"crypto/tls"
	"log/slog"
	nethttp "net/http"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/registry"
	"github.com/bia-go/bia/runtime/selector"
)

// Defaults of the client options.
const (
	// DefaultClientTimeout is the default bound of one call (WithTimeout).
	DefaultClientTimeout = 2 * time.Second
	// DefaultMaxReplySize is the default limit of a reply body the client
	// reads (WithMaxReplySize): 64 MiB.
	DefaultMaxReplySize = 64 << 20
)

// ClientOption configures a Client built by NewClient.
type ClientOption func(*clientOptions)

type clientOptions struct {
	endpoint     string
	timeout      time.Duration
	middleware   []middleware.Middleware
	tlsConf      *tls.Config
	transport    nethttp.RoundTripper
	userAgent    string
	contentType  string
	codecs       []Codec
	maxReplySize int64
	errorDecoder func(*nethttp.Response, []byte) *errors.Error
	discovery    registry.Discovery
	balancer     selector.Balancer
	nodeFilters  []selector.Filter
	logger       *slog.Logger
}

// WithEndpoint sets the server the client calls: "host:port" (plain HTTP,
// or HTTPS when WithTLSConfig is given), or a URL "http://host:port" or
// "https://host:port", possibly with a path prefix that every request
// path is appended to ("https://api.example.com/library"), or
// "discovery:///name" for the instances of service name found through
// WithDiscovery. Required: there is no default.
func WithEndpoint(endpoint string) ClientOption {
	return func(o *clientOptions) { o.endpoint = endpoint }
}

// WithTimeout bounds every call: its context gets a deadline d from the
// start of Invoke (middleware, retries and reading the reply included),
// unless the caller's context already has an earlier one. 0 disables it.
// The default is DefaultClientTimeout (2 seconds).
func WithTimeout(d time.Duration) ClientOption {
	return func(o *clientOptions) { o.timeout = d }
}

// WithMiddleware appends middleware run around every call, the first
// outermost, and around opening every stream (see middleware.Stream). The
// chain of calls is built once, by NewClient; that of streams when the
// first stream opens. Middleware finds the
// call's Transporter with transport.FromClientContext: kind "http", the
// endpoint, the operation, the request header it may add to (everything
// in it is sent) and, once the next handler returned, the reply header;
// through this package's Transporter interface also the rule's path
// template and the request sent. The default is none.
func WithMiddleware(m ...middleware.Middleware) ClientOption {
	return func(o *clientOptions) { o.middleware = append(o.middleware, m...) }
}

// WithTLSConfig sets the TLS configuration of HTTPS connections, and makes
// an endpoint without a scheme use HTTPS. It applies to the client's own
// transport, or to a copy of a *net/http.Transport given to WithTransport;
// NewClient fails if it is combined with another RoundTripper. The default
// is nil: the system roots, the server name from the endpoint.
func WithTLSConfig(conf *tls.Config) ClientOption {
	return func(o *clientOptions) { o.tlsConf = conf }
}

// WithTransport sets the RoundTripper that sends the requests, for
// connection pooling, proxies or test doubles. The default is a clone of
// net/http.DefaultTransport owned by the client (Close closes its idle
// connections).
func WithTransport(rt nethttp.RoundTripper) ClientOption {
	return func(o *clientOptions) { o.transport = rt }
}

// WithUserAgent sets the User-Agent header of every request (middleware
// and RequestHeader can still change it). The default is net/http's,
// "Go-http-client/1.1".
func WithUserAgent(ua string) ClientOption {
	return func(o *clientOptions) { o.userAgent = ua }
}

// WithContentType sets the default encoding of request bodies, and the
// reply type asked for in Accept: "application/json" (proto3 JSON),
// "application/x-protobuf" or "application/proto" (binary protobuf), or
// "application/x-www-form-urlencoded" (request bodies only; replies are
// then asked for as JSON). The ContentType call option overrides it for
// one call. NewClient fails on another type. The default is
// "application/json".
func WithContentType(contentType string) ClientOption {
	return func(o *clientOptions) { o.contentType = contentType }
}

// WithCodec adds a body codec and makes its ContentType the default
// encoding of request bodies and the reply type asked for in Accept, as
// WithContentType does. Replies of a codec's type are decoded with it. A
// codec for a built-in type (application/json, application/x-protobuf,
// application/proto, application/x-www-form-urlencoded) replaces the
// built-in one for whole messages. With several WithCodec options every
// codec decodes replies of its type and can be chosen per call with the
// ContentType call option; the last one is the default. The default is no
// added codec.
func WithCodec(c Codec) ClientOption {
	return func(o *clientOptions) {
		o.codecs = append(o.codecs, c)
		if c != nil {
			o.contentType = c.ContentType()
		}
	}
}

// WithMaxReplySize sets the largest reply body the client reads, in bytes;
// a larger reply fails the call with a 500 INTERNAL error. n <= 0 means no
// limit. The default is DefaultMaxReplySize (64 MiB).
func WithMaxReplySize(n int64) ClientOption {
	return func(o *clientOptions) { o.maxReplySize = n }
}

// WithErrorDecoder sets the function that turns a reply with a status
// outside 2xx into the call's error; body is the reply body, already read.
// When it returns nil, the reply is decoded as a successful one. The
// default is DecodeError, which reads both error formats of Server.
func WithErrorDecoder(decode func(resp *nethttp.Response, body []byte) *errors.Error) ClientOption {
	return func(o *clientOptions) { o.errorDecoder = decode }
}

// WithDiscovery sets the registry a "discovery:///name" endpoint is
// resolved through. The client follows the service's instances (keeping
// the last known set while the registry is unreachable) and sends each
// call to the "http" endpoint of one of them, picked by the balancer
// (WithBalancer) among those the filters accept (WithNodeFilter and
// selector.NewFilterContext); an instance whose endpoint says
// isSecure=true is called over HTTPS. With no instance to call, a call
// fails with 503 NO_INSTANCES naming the service. Required for a
// discovery endpoint; the default is none.
func WithDiscovery(d registry.Discovery) ClientOption {
	return func(o *clientOptions) { o.discovery = d }
}

// WithBalancer sets how a discovery-routed client picks an instance per
// call. The default is selector.P2C().
func WithBalancer(b selector.Balancer) ClientOption {
	return func(o *clientOptions) { o.balancer = b }
}

// WithNodeFilter adds filters every instance a discovery-routed call goes
// to must pass (selector.Version, selector.Metadata...). The default is
// none.
func WithNodeFilter(f ...selector.Filter) ClientOption {
	return func(o *clientOptions) { o.nodeFilters = append(o.nodeFilters, f...) }
}

// WithLogger sets where a discovery-routed client reports registry
// trouble. The default is slog.Default().
func WithLogger(l *slog.Logger) ClientOption {
	return func(o *clientOptions) { o.logger = l }
}
