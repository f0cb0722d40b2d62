// Package tracing traces calls with OpenTelemetry: Server continues the
// trace a request carries (W3C Trace Context and Baggage in HTTP headers
// or gRPC metadata) with a server span; Client starts a client span and
// sends its context with the request. Both work on either transport and
// on streams (a span per stream), so a chain HTTP → service → gRPC →
// service is one trace.
//
// Spans follow the OpenTelemetry semantic conventions (v1.43): named
// "GET /v1/{name=shelves/*}" on HTTP and "package.Service/Method" on gRPC;
// rpc.method, http.request.method, http.route, url.path,
// http.response.status_code or rpc.system.name and
// rpc.response.status_code, server.address/port on clients,
// network.peer.address/port on servers; a failure sets error.type to the
// error's reason and records it with Bia's code and reason (attributes
// bia.error.code, bia.error.reason). Attributes are computed only for
// sampled spans, so unsampled calls cost little.
//
// The package uses only the OpenTelemetry API: the SDK, its exporters and
// samplers are the service's choice (WithTracerProvider, or the global
// provider). LogHandler puts trace_id and span_id on log records.
//
//	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))
//	srv := http.NewServer(http.Middleware(
//		tracing.Server(tracing.WithTracerProvider(tp)),
//		logging.Server(slog.New(tracing.LogHandler(slog.NewJSONHandler(os.Stderr, nil)))),
//	))
package tracing
