package tracing

import (
	"context"
	"net"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/peer"

	"github.com/bia-go/bia/internal/cowmap"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
)

// ScopeName is the instrumentation scope of Bia's spans.
const ScopeName = "github.com/bia-go/bia/runtime/middleware/tracing"

// Option configures Server and Client.
type Option func(*options)

type options struct {
	provider   trace.TracerProvider
	propagator propagation.TextMapPropagator
}

// WithTracerProvider sets where spans are made. The default is the global
// provider (otel.GetTracerProvider), looked up when the middleware is
// built.
func WithTracerProvider(p trace.TracerProvider) Option {
	return func(o *options) { o.provider = p }
}

// WithPropagator sets how the trace context travels in headers. The
// default is the global propagator (otel.GetTextMapPropagator) when one
// was set, else W3C Trace Context and Baggage.
func WithPropagator(p propagation.TextMapPropagator) Option {
	return func(o *options) { o.propagator = p }
}

func newOptions(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.provider == nil {
		o.provider = otel.GetTracerProvider()
	}
	if o.propagator == nil {
		o.propagator = otel.GetTextMapPropagator()
		if len(o.propagator.Fields()) == 0 { // the global no-op default
			o.propagator = propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
		}
	}
	return o
}

// Server returns a middleware that continues the trace of every served
// call (from the request's traceparent and baggage headers or gRPC
// metadata) with a server span, which the rest of the chain and the
// handler find in their context.
func Server(opts ...Option) middleware.Middleware {
	o := newOptions(opts)
	tracer := o.provider.Tracer(ScopeName)
	names := newSpanNames()
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer)} // built once: no allocation per call
	fields := o.propagator.Fields()
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromServerContext(ctx)
			if !ok {
				return next(ctx, req)
			}
			if h := tr.RequestHeader(); carries(h, fields) {
				ctx = o.propagator.Extract(ctx, h) // a transport.Header is a TextMapCarrier
			}
			ctx, span := tracer.Start(ctx, names.of(tr), start...)
			defer span.End()
			if span.IsRecording() {
				span.SetAttributes(requestAttributes(ctx, tr, true)...)
			}
			reply, err := next(ctx, req)
			if span.IsRecording() {
				end(span, tr, err, true)
			}
			return reply, err
		}
	}
}

// Client returns a middleware that makes a client span for every call and
// sends its trace context with the request (headers or metadata).
func Client(opts ...Option) middleware.Middleware {
	o := newOptions(opts)
	tracer := o.provider.Tracer(ScopeName)
	names := newSpanNames()
	start := []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := transport.FromClientContext(ctx)
			if !ok {
				return next(ctx, req)
			}
			ctx, span := tracer.Start(ctx, names.of(tr), start...)
			defer span.End()
			o.propagator.Inject(ctx, tr.RequestHeader())
			reply, err := next(ctx, req)
			if span.IsRecording() {
				// After the call: an HTTP client builds its request in
				// the transport, at the end of the chain.
				span.SetName(names.of(tr))
				span.SetAttributes(requestAttributes(ctx, tr, false)...)
				end(span, tr, err, false)
			}
			return reply, err
		}
	}
}

// carries reports whether h has any of the propagator's fields: most
// requests carry no trace context, and extracting nothing still costs the
// propagators a parse and a context.
func carries(h transport.Header, fields []string) bool {
	for _, f := range fields {
		if h.Get(f) != "" {
			return true
		}
	}
	return false
}

// spanNames builds span names by the semantic conventions — "METHOD
// /route" for HTTP, "package.Service/Method" for gRPC — once per route or
// operation: a call looks its name up without allocating.
type spanNames struct{ m *cowmap.Map[nameKey, string] }

type nameKey struct{ method, route, operation string }

// maxNames bounds the cached names (routes and operations are finite;
// this only guards against a transport reporting unbounded ones).
const maxNames = 10000

func newSpanNames() *spanNames { return &spanNames{m: cowmap.New[nameKey, string](maxNames)} }

func (n *spanNames) of(tr transport.Transporter) string {
	k := nameKey{operation: tr.Operation()}
	if ht, ok := tr.(http.Transporter); ok {
		if r := ht.Request(); r != nil && ht.PathTemplate() != "" {
			k = nameKey{method: r.Method, route: ht.PathTemplate()}
		}
	}
	if name, ok := n.m.Load(k); ok {
		return name
	}
	name := strings.TrimPrefix(k.operation, "/")
	if k.route != "" {
		name = k.method + " " + k.route
	}
	return n.m.Add(k, name)
}

// requestAttributes are the attributes known when the call starts.
func requestAttributes(ctx context.Context, tr transport.Transporter, server bool) []attribute.KeyValue {
	method := strings.TrimPrefix(tr.Operation(), "/")
	attrs := make([]attribute.KeyValue, 0, 8)
	if ht, ok := tr.(http.Transporter); ok {
		attrs = append(attrs, semconv.RPCMethod(method))
		if r := ht.Request(); r != nil {
			attrs = append(attrs, semconv.HTTPRequestMethodKey.String(r.Method))
			if server {
				attrs = append(attrs, semconv.URLPath(r.URL.Path))
				attrs = appendPeer(attrs, r.RemoteAddr)
			} else {
				attrs = append(attrs, semconv.URLFull(r.URL.String()))
			}
		}
		if ht.PathTemplate() != "" {
			attrs = append(attrs, semconv.HTTPRoute(ht.PathTemplate()))
		}
	} else {
		attrs = append(attrs, semconv.RPCSystemNameGRPC, semconv.RPCMethod(method))
		if server {
			if p, ok := peer.FromContext(ctx); ok && p.Addr != nil {
				attrs = appendPeer(attrs, p.Addr.String())
			}
		}
	}
	if !server {
		if host, port, err := net.SplitHostPort(hostOf(tr.Endpoint())); err == nil {
			attrs = append(attrs, semconv.ServerAddress(host))
			if p, err := strconv.Atoi(port); err == nil {
				attrs = append(attrs, semconv.ServerPort(p))
			}
		}
	}
	return attrs
}

// hostOf returns the host:port of an endpoint that may be a URL.
func hostOf(endpoint string) string {
	if _, rest, ok := strings.Cut(endpoint, "://"); ok {
		endpoint, _, _ = strings.Cut(rest, "/")
	}
	return endpoint
}

func appendPeer(attrs []attribute.KeyValue, addr string) []attribute.KeyValue {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return attrs
	}
	attrs = append(attrs, semconv.NetworkPeerAddress(host))
	if p, err := strconv.Atoi(port); err == nil {
		attrs = append(attrs, semconv.NetworkPeerPort(p))
	}
	return attrs
}

// end records the outcome of the call on span: the status code of the
// transport, and for a failure the error's reason as error.type, Bia's
// code and reason on the exception event, and an error status where the
// conventions ask for one (a server: 5xx, or the gRPC codes that mean the
// server failed; a client: any failure).
func end(span trace.Span, tr transport.Transporter, err error, server bool) {
	_, isHTTP := tr.(http.Transporter)
	if err == nil {
		if isHTTP {
			span.SetAttributes(semconv.HTTPResponseStatusCode(200))
		} else {
			span.SetAttributes(semconv.RPCResponseStatusCode("OK"))
		}
		return
	}
	e := errors.FromError(err)
	grpcCode := grpcCodeName(e.GRPCStatus().Code())
	if isHTTP {
		span.SetAttributes(semconv.HTTPResponseStatusCode(e.Code))
	} else {
		span.SetAttributes(semconv.RPCResponseStatusCode(grpcCode))
	}
	reason := e.Reason
	if reason == "" {
		reason = "_OTHER"
	}
	span.SetAttributes(semconv.ErrorTypeKey.String(reason))
	span.RecordError(err, trace.WithAttributes(
		attribute.Int("bia.error.code", e.Code),
		attribute.String("bia.error.reason", e.Reason),
	))
	if !server || serverFault(e.Code, grpcCode, isHTTP) {
		span.SetStatus(codes.Error, e.Message)
	}
}

// serverFault reports whether a server span of a failed call is an error
// by the conventions: HTTP 5xx; gRPC UNKNOWN, DEADLINE_EXCEEDED,
// UNIMPLEMENTED, INTERNAL, UNAVAILABLE or DATA_LOSS.
func serverFault(code int, grpcCode string, isHTTP bool) bool {
	if isHTTP {
		return code >= 500
	}
	switch grpcCode {
	case "UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS":
		return true
	}
	return false
}

// grpcCodeName is the name of c as the gRPC specification spells it
// ("DEADLINE_EXCEEDED"), which the conventions use.
func grpcCodeName(c grpccodes.Code) string {
	if int(c) < len(grpcCodeNames) {
		return grpcCodeNames[c]
	}
	return strconv.Itoa(int(c))
}

var grpcCodeNames = [...]string{
	"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
	"PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
	"UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
}
