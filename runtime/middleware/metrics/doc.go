// Package metrics measures calls with OpenTelemetry metrics: Server and
// Client count calls and record their durations by kind, operation, code
// and reason (Kratos's labels), and count the calls in progress, on
// either transport and for streams (a stream's duration is the whole
// stream).
//
// It uses only the OpenTelemetry metrics API; where the measurements go
// is the MeterProvider's business (WithMeterProvider, or the global one).
// github.com/bia-go/bia/contrib/metrics/prometheus serves them to
// Prometheus:
//
//	exp, err := prometheus.New()
//	srv := http.NewServer(http.Middleware(metrics.Server(metrics.WithMeterProvider(exp.MeterProvider()))))
//	srv.Handle("/metrics", exp.Handler())
//
// Attribute sets are built once per kind, operation, code and reason and
// then reused, so a measured call allocates nothing for them.
package metrics
