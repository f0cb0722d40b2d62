package prometheus

import (
	"context"
	"fmt"
	"net/http"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Option configures New.
type Option func(*options)

type options struct {
	resource *resource.Resource
	runtime  bool
}

// WithResource sets the resource (service name, version...) of the
// metrics, exported as Prometheus's target_info. The default is
// resource.Default() (from OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES).
func WithResource(r *resource.Resource) Option { return func(o *options) { o.resource = r } }

// WithoutRuntimeMetrics leaves out the Go runtime and process collectors
// (go_*, process_*). The default includes them.
func WithoutRuntimeMetrics() Option { return func(o *options) { o.runtime = false } }

// Exporter is an OpenTelemetry MeterProvider whose metrics Prometheus
// scrapes from Handler. It has a registry of its own, so nothing
// registered with client_golang's global registry leaks into it.
type Exporter struct {
	provider *sdkmetric.MeterProvider
	registry *promclient.Registry
	handler  http.Handler
}

// New returns an exporter. Give its MeterProvider to the metrics
// middleware and mount its Handler (on the service's HTTP server or a
// listener of its own).
func New(opts ...Option) (*Exporter, error) {
	o := options{runtime: true, resource: resource.Default()}
	for _, opt := range opts {
		opt(&o)
	}
	reg := promclient.NewRegistry()
	if o.runtime {
		if err := reg.Register(collectors.NewGoCollector()); err != nil {
			return nil, fmt.Errorf("prometheus: %w", err)
		}
		if err := reg.Register(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})); err != nil {
			return nil, fmt.Errorf("prometheus: %w", err)
		}
	}
	exp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, fmt.Errorf("prometheus: %w", err)
	}
	return &Exporter{
		provider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithResource(o.resource)),
		registry: reg,
		handler:  promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}),
	}, nil
}

// MeterProvider is where instruments exported to Prometheus are made.
func (e *Exporter) MeterProvider() metric.MeterProvider { return e.provider }

// Handler serves the metrics in Prometheus's exposition formats (text,
// OpenMetrics and protobuf, as the scraper asks).
func (e *Exporter) Handler() http.Handler { return e.handler }

// Shutdown stops the meter provider; instruments made from it record
// nothing afterwards.
func (e *Exporter) Shutdown(ctx context.Context) error { return e.provider.Shutdown(ctx) }
