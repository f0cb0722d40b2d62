package servers

import (
	"net/http"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/middleware/metrics"
	"github.com/bia-go/bia/runtime/middleware/tracing"
	biahttp "github.com/bia-go/bia/runtime/transport/http"

	benchpb "github.com/bia-go/bia/bench/gen/benchpb/v1"
	"github.com/bia-go/bia/bench/internal/service"
)

// Observed returns Bia's server (as Bia does) with observability
// middleware, to measure what it costs: "metrics" (the OpenTelemetry SDK
// behind the metrics middleware, read by a manual reader), "tracing"
// (every call a sampled root span, ended into a span processor that
// exports to nowhere), "tracing-unsampled" (the sampler says no), or
// "observed" (metrics and sampled tracing).
func Observed(svc *service.Service, what string) http.Handler {
	var chain []middleware.Middleware
	if what == "tracing" || what == "observed" {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()),
			sdktrace.WithSpanProcessor(sdktrace.NewSimpleSpanProcessor(tracetest.NewNoopExporter())))
		chain = append(chain, tracing.Server(tracing.WithTracerProvider(tp)))
	}
	if what == "tracing-unsampled" {
		tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
		chain = append(chain, tracing.Server(tracing.WithTracerProvider(tp)))
	}
	if what == "metrics" || what == "observed" {
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		chain = append(chain, metrics.Server(metrics.WithMeterProvider(mp)))
	}
	s := biahttp.NewServer(biahttp.EmitUnpopulated(false), biahttp.Middleware(chain...))
	benchpb.RegisterInventoryHTTPServer(s, svc)
	return s
}
