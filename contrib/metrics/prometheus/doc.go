// Package prometheus serves Bia's OpenTelemetry metrics to Prometheus:
// New makes a MeterProvider whose instruments are exported through the
// OpenTelemetry Prometheus exporter to a registry of its own, with the
// Go runtime and process collectors, and Handler serves it. The module is
// separate from Bia's core so that services that do not export to
// Prometheus do not link client_golang.
//
//	exp, err := prometheus.New()
//	if err != nil {
//		return err
//	}
//	srv := http.NewServer(http.Middleware(metrics.Server(metrics.WithMeterProvider(exp.MeterProvider()))))
//	srv.Handle("/metrics", exp.Handler())
//
// The metrics middleware's instruments then read, in Prometheus:
// server_requests_total, server_request_duration_seconds_bucket/_sum/_count
// and server_active_requests, labelled kind, operation, code and reason
// (and the client_* equivalents).
package prometheus
