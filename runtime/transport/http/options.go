package http

import (
	"crypto/tls"
	"github.com/bia-go/bia/runtime/transport"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/url"
	"time"

	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/openapi"
)

// Defaults of the server options.
const (
	// DefaultMaxBodySize is the default limit of a request body: 4 MiB.
	DefaultMaxBodySize = 4 << 20
	// DefaultReadHeaderTimeout is the default time a client has to send
	// the request headers, which protects against slowloris attacks.
	DefaultReadHeaderTimeout = 10 * time.Second
	// DefaultIdleTimeout is the default time an idle keep-alive connection
	// stays open.
	DefaultIdleTimeout = 120 * time.Second
	// DefaultBodyReadTimeout is the default time a request body may go
	// without a byte arriving before the server cuts it (BodyReadTimeout).
	DefaultBodyReadTimeout = 30 * time.Second
	// DefaultBodyMinRate is the default slowest average rate, in bytes
	// per second, at which a request body may arrive (BodyMinRate).
	DefaultBodyMinRate = 500
	// DefaultStreamKeepAlive is the default idle time after which a
	// Server-Sent Events stream gets a keep-alive comment.
	DefaultStreamKeepAlive = 15 * time.Second
	// DefaultStreamWriteTimeout is the default time one message of a
	// server stream may take to be written to a client that does not
	// read.
	DefaultStreamWriteTimeout = 30 * time.Second
)

// ServerOption configures a Server built by NewServer.
type ServerOption func(*serverOptions)

type serverOptions struct {
	limiter           transport.Limiter
	network           string
	address           string
	listener          net.Listener
	endpoint          *url.URL
	tlsConf           *tls.Config
	timeout           time.Duration
	readHeaderTimeout time.Duration
	readTimeout       time.Duration
	writeTimeout      time.Duration
	idleTimeout       time.Duration
	middleware        []middleware.Middleware
	filters           []func(nethttp.Handler) nethttp.Handler
	mapper            errors.CodeMapper
	logger            *slog.Logger
	maxBodySize       int64
	bodyTimeout       time.Duration
	bodyMinRate       int64
	statusErrors      bool
	emitUnpopulated   bool
	useProtoNames     bool
	rejectUnknown     bool
	protojsonOnly     bool
	codecs            []Codec
	openapiDoc        []byte
	openapiOpts       []openapi.Option
	streamKeepAlive   time.Duration
	streamWrite       time.Duration
	wsOrigins         []string
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
// Network and Address are then ignored. The server closes lis when it
// stops. The default is no listener: the server listens on Network and
// Address.
func Listener(lis net.Listener) ServerOption {
	return func(o *serverOptions) { o.listener = lis }
}

// Endpoint sets the endpoint the server advertises (Server.Endpoint, the
// Transporter's Endpoint, registries). The default is derived from the
// listener's address; see Server.Endpoint.
func Endpoint(endpoint *url.URL) ServerOption {
	return func(o *serverOptions) { o.endpoint = endpoint }
}

// TLSConfig makes the server speak HTTPS (HTTP/1.1 and HTTP/2) with conf,
// which must hold the certificates (Certificates or GetCertificate). The
// default is nil: plaintext HTTP/1.1.
func TLSConfig(conf *tls.Config) ServerOption {
	return func(o *serverOptions) { o.tlsConf = conf }
}

// Timeout bounds every call served by a HandleUnary route: when d > 0 the
// context of binding, middleware and handler gets a deadline d after the
// request arrives. Raw handlers (Handle, HandlePrefix) are not bounded. The
// default is 0: no deadline.
func Timeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.timeout = d }
}

// ReadHeaderTimeout bounds the time a client has to send the request
// headers (net/http.Server.ReadHeaderTimeout); d <= 0 means none. The
// default is DefaultReadHeaderTimeout (10s), which protects against clients
// that open connections and send headers slowly (slowloris).
func ReadHeaderTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.readHeaderTimeout = d }
}

// ReadTimeout bounds the time to read a whole request, body included
// (net/http.Server.ReadTimeout). The default is 0: none, so slow uploads
// work; BodyReadTimeout and BodyMinRate cut clients that stall instead,
// and MaxBodySize bounds the size.
func ReadTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.readTimeout = d }
}

// WriteTimeout bounds the time from the end of the request headers to the
// end of the response (net/http.Server.WriteTimeout). The default is 0:
// none, so long-running calls and streams work; use Timeout to bound calls.
func WriteTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.writeTimeout = d }
}

// IdleTimeout bounds the time an idle keep-alive connection stays open
// (net/http.Server.IdleTimeout). The default is DefaultIdleTimeout (120s).
func IdleTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.idleTimeout = d }
}

// Middleware appends middleware run around every HandleUnary handler, the
// first outermost. Each route builds its chain once, when it is registered,
// so set this option before registering routes (NewServer applies options
// first). Use selector.Server to restrict a middleware to some operations.
// The default is none.
func Middleware(m ...middleware.Middleware) ServerOption {
	return func(o *serverOptions) { o.middleware = append(o.middleware, m...) }
}

// Filter appends net/http middleware run around the whole server, routing
// included, the first outermost: the place for wire-level concerns (CORS,
// compression, access logs). Filters see every request, including those
// answered 404 or 405. The default is none.
func Filter(f ...func(nethttp.Handler) nethttp.Handler) ServerOption {
	return func(o *serverOptions) { o.filters = append(o.filters, f...) }
}

// CodeMapper sets the HTTP ↔ gRPC status code table used for the `code`
// of google.rpc.Status error bodies (see StatusErrors). The default is
// errors.StandardCodes().
func CodeMapper(m errors.CodeMapper) ServerOption {
	return func(o *serverOptions) { o.mapper = m }
}

// Logger sets the logger for server events: handler errors whose text is
// hidden from clients, panics that reached the server, net/http's own
// errors. The default is slog.Default() at the time NewServer is called.
func Logger(l *slog.Logger) ServerOption {
	return func(o *serverOptions) { o.logger = l }
}

// MaxBodySize sets the largest request body a HandleUnary route reads, in
// bytes; larger bodies are answered 413 PAYLOAD_TOO_LARGE. n <= 0 means no
// limit. The default is DefaultMaxBodySize (4 MiB).
func MaxBodySize(n int64) ServerOption {
	return func(o *serverOptions) { o.maxBodySize = n }
}

// BodyReadTimeout bounds how long a HandleUnary route waits for the next
// bytes of a request body: when none arrive for d, reading stops, the
// request is answered 408 REQUEST_TIMEOUT and the connection closed. Each
// read that brings bytes moves the deadline, so a slow upload that keeps
// progressing is not cut (but see BodyMinRate). d <= 0 disables it (and
// BodyMinRate). It needs a ResponseWriter that can set read deadlines
// (net/http.ResponseController): filters that wrap the writer must keep
// an Unwrap method. The default is DefaultBodyReadTimeout (30s).
func BodyReadTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.bodyTimeout = d }
}

// BodyMinRate sets the slowest average rate, in bytes per second, at which
// a request body may arrive: after the first BodyReadTimeout, a body is
// cut (408, as BodyReadTimeout) once it has received fewer than n bytes
// per second since it started, so a client trickling a byte now and then
// cannot hold a connection forever. n <= 0 disables it. The default is
// DefaultBodyMinRate (500 bytes/s, as Apache's mod_reqtimeout).
func BodyMinRate(n int64) ServerOption {
	return func(o *serverOptions) { o.bodyMinRate = n }
}

// StatusErrors makes error replies google.rpc.Status JSON
// ({"code": <gRPC code>, "message": ..., "details": [ErrorInfo]}) instead
// of the default Kratos-style {"code", "reason", "message", "metadata"}.
// The HTTP status is the error's code in both formats.
func StatusErrors() ServerOption {
	return func(o *serverOptions) { o.statusErrors = true }
}

// EmitUnpopulated sets whether JSON replies include fields with zero
// values (protojson.MarshalOptions.EmitUnpopulated): "name": "", "count":
// 0, "tags": [], "book": null. The default is true, as in Kratos v2 and
// grpc-gateway v2, so clients see every field of the reply's schema;
// EmitUnpopulated(false) sends smaller replies.
func EmitUnpopulated(emit bool) ServerOption {
	return func(o *serverOptions) { o.emitUnpopulated = emit }
}

// UseProtoNames makes JSON replies use proto field names (snake_case)
// instead of lowerCamel JSON names. Requests accept both either way. The
// default is JSON names.
func UseProtoNames() ServerOption {
	return func(o *serverOptions) { o.useProtoNames = true }
}

// RejectUnknownFields makes a JSON request body with a field the request
// message does not have fail with 400 INVALID_ARGUMENT. The default ignores
// unknown fields, so clients built from newer protos keep working.
func RejectUnknownFields() ServerOption {
	return func(o *serverOptions) { o.rejectUnknown = true }
}

// ProtojsonOnly makes the server encode and decode every JSON body with
// protojson, and bind query parameters and path variables with the
// generic binder of package form, even for messages with code generated
// by protoc-gen-go-json (see JSONCodec). The default uses generated code when a message has it;
// both give the same results, so this is for comparing them or ruling the
// generated code out. The environment variable BIA_PROTOJSON_ONLY=1
// (ProtojsonOnlyEnv) has the same effect.
func ProtojsonOnly() ServerOption {
	return func(o *serverOptions) { o.protojsonOnly = true }
}

// Codecs adds body codecs, keyed by their ContentType. A request body of
// that media type is decoded with the codec, and replies are offered in it
// through Accept negotiation (after the built-in types when an Accept
// header ranks them equally). A codec for application/json,
// application/x-protobuf, application/proto or
// application/x-www-form-urlencoded replaces the built-in one for whole
// messages (a repeated, map or scalar body or response_body field is
// always proto3 JSON). Error bodies stay JSON. NewServer panics on a nil
// codec or a ContentType that does not parse. The default is none: the
// built-in JSON, protobuf and form codecs only.
func Codecs(cs ...Codec) ServerOption {
	return func(o *serverOptions) { o.codecs = append(o.codecs, cs...) }
}

// OpenAPI serves doc, the service's OpenAPI document (as protoc-gen-openapi
// writes it, in JSON or YAML; embed it with go:embed), at GET
// /openapi.json and GET /openapi.yaml, and a page that lists its
// operations and tries them from the browser at /docs/ (see package
// github.com/bia-go/bia/runtime/openapi for opts: another prefix, or a
// Swagger UI directory of your own instead of the page). NewServer panics
// when doc is not a JSON or YAML object. The default serves nothing.
func OpenAPI(doc []byte, opts ...openapi.Option) ServerOption {
	return func(o *serverOptions) {
		o.openapiDoc = doc
		o.openapiOpts = append(o.openapiOpts, opts...)
	}
}

// Limiter sets what decides whether the server takes each call of its
// RPC routes (unary and streaming; not Handle's raw handlers, so /metrics
// stays up under load), before the request is read: see
// transport.Limiter and package ratelimit. The default is none.
func Limiter(l transport.Limiter) ServerOption {
	return func(o *serverOptions) { o.limiter = l }
}

// StreamKeepAlive sets how long a Server-Sent Events stream may stay idle
// before the server writes a comment line, which EventSource ignores and
// which keeps proxies from closing a quiet stream, and how often the server
// pings a WebSocket stream; d <= 0 writes none. The default is
// DefaultStreamKeepAlive (15s).
func StreamKeepAlive(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.streamKeepAlive = d }
}

// StreamWriteTimeout bounds the time writing one message of a server
// stream may take: a client that stops reading makes Send fail after d
// (with CLIENT_CLOSED), so a stalled consumer holds neither the handler
// nor more than the connection's buffers; d <= 0 means no bound. The
// default is DefaultStreamWriteTimeout (30s).
func StreamWriteTimeout(d time.Duration) ServerOption {
	return func(o *serverOptions) { o.streamWrite = d }
}

// WebSocketOrigins allows browser pages of other origins to open the
// WebSocket streams (client- and bidi-streaming methods): each pattern is
// matched, case-insensitively with path.Match, against the Origin header's
// host ("example.com", "*.example.com"), or against "scheme://host" when
// it holds "://". A page of another origin could otherwise use the
// visitor's cookies on your API (cross-site WebSocket hijacking). The
// default allows only pages of the server's own host, and clients that
// send no Origin (programs).
func WebSocketOrigins(patterns ...string) ServerOption {
	return func(o *serverOptions) { o.wsOrigins = append(o.wsOrigins, patterns...) }
}
