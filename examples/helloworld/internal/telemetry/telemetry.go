// Package telemetry sets up the example's traces, metrics and logs:
// OpenTelemetry spans (exported over OTLP/HTTP when an OTLP endpoint is
// configured), metrics served to Prometheus, and logs that carry the
// trace and span ids of the call they were written in.
package telemetry

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"github.com/bia-go/bia/contrib/metrics/prometheus"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/metrics"
	"github.com/bia-go/bia/runtime/middleware/tracing"
)

// Telemetry is what the servers of the example observe themselves with.
type Telemetry struct {
	// Logger writes text records with trace_id and span_id.
	Logger *slog.Logger
	// Traces makes the spans; Metrics is where the instruments live.
	Traces  trace.TracerProvider
	Metrics metric.MeterProvider
	// MetricsHandler serves the metrics to Prometheus (/metrics).
	MetricsHandler http.Handler

	shutdown []func(context.Context) error
}

// New sets up telemetry for service, logging to logs. Spans are exported
// over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set, with the exporter's other
// OTEL_* settings; without one they are still made, so logs carry trace
// ids and traces continue across services. Sampling follows
// OTEL_TRACES_SAMPLER (default: parent-based, always on).
func New(ctx context.Context, service, version string, logs io.Writer) (*Telemetry, error) {
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		semconv.ServiceName(service), semconv.ServiceVersion(version)))
	if err != nil {
		return nil, err
	}
	t := &Telemetry{Logger: slog.New(tracing.LogHandler(slog.NewTextHandler(logs, nil)))}
	topts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != "" {
		exp, err := otlptracehttp.New(ctx)
		if err != nil {
			return nil, err
		}
		topts = append(topts, sdktrace.WithBatcher(exp))
	}
	tp := sdktrace.NewTracerProvider(topts...)
	t.Traces = tp
	t.shutdown = append(t.shutdown, tp.Shutdown)

	prom, err := prometheus.New(prometheus.WithResource(res))
	if err != nil {
		return nil, err
	}
	t.Metrics, t.MetricsHandler = prom.MeterProvider(), prom.Handler()
	t.shutdown = append(t.shutdown, prom.Shutdown)
	return t, nil
}

// Server is the observability middleware of a server, outermost first:
// the span, then the measurements, so the measured time is the call's
// inside its span.
func (t *Telemetry) Server() []middleware.Middleware {
	propagator := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	return []middleware.Middleware{
		tracing.Server(tracing.WithTracerProvider(t.Traces), tracing.WithPropagator(propagator)),
		metrics.Server(metrics.WithMeterProvider(t.Metrics)),
	}
}

// Shutdown flushes and stops the exporters.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var errs []error
	for _, f := range t.shutdown {
		errs = append(errs, f(ctx))
	}
	return errors.Join(errs...)
}
