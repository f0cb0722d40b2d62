package migrate

// mapping says how the identifiers of one Kratos v2 package map to Bia.
type mapping struct {
	kratos, bia string // import paths
	name        string // the Kratos package's name
	// same are identifiers Bia's package has with the same name and use.
	same []string
	// slogArgs are identifiers Bia has with the same name that take a
	// *slog.Logger where Kratos's take a log.Logger: mapped, and reported
	// unless their argument is a logger migrate converted.
	slogArgs []string
	// unmapped are identifiers Bia has no counterpart for, with what to
	// do instead; uses stay on Kratos's package, which still links.
	unmapped map[string]string
}

const (
	kratosRoot = "github.com/go-kratos/kratos/v2"
	kratosLog  = kratosRoot + "/log"
)

// mappings is the table of Kratos v2 packages Bia replaces. A test checks
// every mapped identifier against Bia's packages.
func mappings() []mapping {
	subset := "subsetting is not built: Bia's clients pick among every instance the filters accept"
	codecHint := "Bia's server encodes replies and errors itself (Codecs for other media types, StatusErrors for google.rpc.Status)"
	discovery := "Bia's WithDiscovery takes a Bia registry (github.com/bia-go/bia/contrib/registry/etcd, runtime/registry/memory), and WithNodeFilter selector.Version/Metadata filters: set them up anew"
	return []mapping{
		{kratos: kratosRoot, bia: "github.com/bia-go/bia/runtime/app", name: "kratos",
			same: []string{"AfterStart", "AfterStop", "App", "AppInfo", "BeforeStart", "BeforeStop", "Context", "Endpoint",
				"FromContext", "ID", "Metadata", "Name", "New", "NewContext", "Option", "Registrar", "RegistrarTimeout",
				"Server", "Signal", "StopTimeout", "Version"},
			slogArgs: []string{"Logger"}},
		{kratos: kratosRoot + "/errors", bia: "github.com/bia-go/bia/runtime/errors", name: "errors",
			same: []string{"As", "BadRequest", "ClientClosed", "Clone", "Code", "Conflict", "Error", "Errorf", "Forbidden",
				"FromError", "GatewayTimeout", "InternalServer", "Is", "IsBadRequest", "IsClientClosed", "IsConflict",
				"IsForbidden", "IsGatewayTimeout", "IsInternalServer", "IsNotFound", "IsServiceUnavailable",
				"IsUnauthorized", "New", "Newf", "NotFound", "Reason", "ServiceUnavailable", "Unauthorized", "Unwrap"},
			unmapped: map[string]string{"Status": "the wire form is bia.errors.v1.Status; use *errors.Error"}},
		{kratos: kratosRoot + "/transport/http", bia: "github.com/bia-go/bia/runtime/transport/http", name: "http",
			same: []string{"Address", "CallOption", "Client", "ClientOption", "ContentType", "Endpoint", "Filter", "Header",
				"Listener", "Middleware", "Network", "NewClient", "NewServer", "RequestFromServerContext", "Server",
				"ServerOption", "TLSConfig", "Timeout", "Transport", "Transporter", "WithEndpoint", "WithErrorDecoder",
				"WithMiddleware", "WithTLSConfig", "WithTimeout", "WithTransport", "WithUserAgent"},
			slogArgs: []string{"Logger"},
			unmapped: map[string]string{
				"ErrorEncoder": codecHint, "ResponseEncoder": codecHint, "RequestDecoder": codecHint,
				"RequestQueryDecoder": codecHint, "RequestVarsDecoder": codecHint,
				"DefaultErrorEncoder": codecHint, "DefaultResponseEncoder": codecHint, "DefaultRequestDecoder": codecHint,
				"DefaultErrorDecoder": "use http.DecodeError", "Context": "Bia handlers are generated: take a context.Context and the request message",
				"HandlerFunc": "register handlers through the generated RegisterXxxHTTPServer, or net/http handlers with Filter",
				"Router":      "routes come from google.api.http rules", "Route": "routes come from google.api.http rules",
				"PathPrefix": "use http.Filter with a net/http mux", "WithDiscovery": discovery,
				"WithNodeFilter": discovery, "WithSubset": subset, "WithBlock": "Bia's client connects on the first call",
				"NotFoundHandler": "Bia answers unknown paths with a 404 JSON error", "MethodNotAllowedHandler": "Bia answers with 405 and Allow",
				"Operation": "the operation is the generated rule's", "PathTemplate": "use the generated rules",
				"WithRequestEncoder": codecHint, "WithResponseDecoder": codecHint, "SetOperation": "the operation is the route's",
			}},
		{kratos: kratosRoot + "/transport/grpc", bia: "github.com/bia-go/bia/runtime/transport/grpc", name: "grpc",
			same: []string{"Address", "ClientOption", "Dial", "DialInsecure", "Endpoint", "Listener", "Middleware", "Network",
				"NewServer", "Options", "Server", "ServerOption", "StreamInterceptor", "TLSConfig", "Timeout", "Transport",
				"UnaryInterceptor", "WithEndpoint", "WithMiddleware", "WithOptions", "WithStreamInterceptor", "WithTLSConfig",
				"WithTimeout", "WithUnaryInterceptor"},
			slogArgs: []string{"Logger"},
			unmapped: map[string]string{"WithDiscovery": discovery, "WithNodeFilter": discovery, "WithSubset": subset,
				"WithPrintDiscoveryDebugLog": "registry trouble is logged to WithLogger's *slog.Logger", "WithLogger": "Bia's WithLogger takes a *slog.Logger (for registry trouble); log calls with logging.Client middleware",
				"WithHealthCheck": "a discovery-routed connection keeps a connection per instance and sends calls to ready ones only", "CustomHealth": "the health service is built in (DisableHealth to leave it out)",
				"StreamMiddleware": "middleware runs on streams too (Middleware)"}},
		{kratos: kratosRoot + "/middleware", bia: "github.com/bia-go/bia/runtime/middleware", name: "middleware",
			same: []string{"Chain", "Handler", "Middleware"}},
		{kratos: kratosRoot + "/middleware/recovery", bia: "github.com/bia-go/bia/runtime/middleware/recovery", name: "recovery",
			same:     []string{"HandlerFunc", "Option", "Recovery", "WithHandler"},
			unmapped: map[string]string{"Latency": "the handler gets the panic value; log the latency in logging middleware"}},
		{kratos: kratosRoot + "/middleware/logging", bia: "github.com/bia-go/bia/runtime/middleware/logging", name: "logging",
			slogArgs: []string{"Client", "Server"},
			unmapped: map[string]string{"Redacter": "redaction of sensitive keys is planned with the log work"}},
		{kratos: kratosRoot + "/middleware/metadata", bia: "github.com/bia-go/bia/runtime/middleware/metadata", name: "metadata",
			same: []string{"Client", "Option", "Server", "WithConstants", "WithPropagatedPrefix"}},
		{kratos: kratosRoot + "/middleware/tracing", bia: "github.com/bia-go/bia/runtime/middleware/tracing", name: "tracing",
			same: []string{"Client", "Option", "Server", "WithPropagator", "WithTracerProvider"},
			unmapped: map[string]string{
				"TraceID": "trace ids reach logs through tracing.LogHandler(handler): wrap the slog handler",
				"SpanID":  "span ids reach logs through tracing.LogHandler(handler): wrap the slog handler",
			}},
		{kratos: kratosRoot + "/middleware/metrics", bia: "github.com/bia-go/bia/runtime/middleware/metrics", name: "metrics",
			same: []string{"Client", "Option", "Server"},
			unmapped: map[string]string{
				"WithRequests": "Bia makes its instruments (server.requests, Kratos's labels): pass metrics.WithMeterProvider",
				"WithSeconds":  "Bia makes its instruments (server.request.duration, seconds): pass metrics.WithMeterProvider",
			}},
		{kratos: kratosRoot + "/middleware/circuitbreaker", bia: "github.com/bia-go/bia/runtime/middleware/circuitbreaker", name: "circuitbreaker",
			same: []string{"Client", "Option"},
			unmapped: map[string]string{
				"WithGroup":          "Bia keeps a breaker per operation (or circuitbreaker.WithKey); tune it with WithK and WithWindow",
				"WithCircuitBreaker": "Bia's breaker is Google SRE throttling built in: tune it with circuitbreaker.WithK and WithWindow",
			}},
		{kratos: kratosRoot + "/middleware/ratelimit", bia: "github.com/bia-go/bia/runtime/middleware/ratelimit", name: "ratelimit",
			unmapped: map[string]string{
				"Server":      "Bia's limiter runs before the request is read: http.Limiter(ratelimit.NewBBR()) and grpc.Limiter(...) server options",
				"WithLimiter": "pass the limiter to http.Limiter / grpc.Limiter (ratelimit.NewBBR, ratelimit.NewTokenBucket)",
			}},
		{kratos: kratosRoot + "/middleware/validate", bia: "github.com/bia-go/bia/runtime/middleware/validate", name: "validate",
			same: []string{"Validator"}},
		{kratos: kratosRoot + "/transport", bia: "github.com/bia-go/bia/runtime/transport", name: "transport",
			same: []string{"Endpointer", "FromClientContext", "FromServerContext", "Header", "Kind", "NewClientContext",
				"NewServerContext", "Server", "Transporter"}},
		{kratos: kratosRoot + "/registry", bia: "github.com/bia-go/bia/runtime/registry", name: "registry",
			same: []string{"Discovery", "Registrar", "ServiceInstance", "Watcher"}},
		{kratos: kratosRoot + "/metadata", bia: "github.com/bia-go/bia/runtime/metadata", name: "metadata",
			same: []string{"AppendToClientContext", "FromClientContext", "FromServerContext", "Metadata", "New",
				"NewClientContext", "NewServerContext"},
			unmapped: map[string]string{"MergeToClientContext": "use AppendToClientContext"}},
	}
}

// logHint is what to do instead of the Kratos log functions migrate does
// not rewrite.
const logHint = "Bia logs with log/slog: a *slog.Logger (slog.New(handler)); Helper's Infof/Errorw become logger.Info(msg, key, value...)"
