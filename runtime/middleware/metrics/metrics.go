package metrics

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/bia-go/bia/internal/cowmap"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// ScopeName is the instrumentation scope of Bia's instruments.
const ScopeName = "github.com/bia-go/bia/runtime/middleware/metrics"

// The attribute keys of the instruments: Kratos's labels, so dashboards
// built on Kratos's metrics carry over.
const (
	KeyKind      = attribute.Key("kind")      // "http" or "grpc"
	KeyOperation = attribute.Key("operation") // "/package.Service/Method"
	KeyCode      = attribute.Key("code")      // the HTTP status code, 200 on success
	KeyReason    = attribute.Key("reason")    // the error's reason, "" on success
)

// DurationBuckets are the bucket boundaries of the duration histograms,
// in seconds: those the OpenTelemetry semantic conventions advise for
// HTTP and RPC durations.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// Option configures Server and Client.
type Option func(*options)

type options struct {
	provider metric.MeterProvider
}

// WithMeterProvider sets where the instruments are made. The default is
// the global provider (otel.GetMeterProvider), looked up when the
// middleware is built.
func WithMeterProvider(p metric.MeterProvider) Option {
	return func(o *options) { o.provider = p }
}

// Server returns a middleware that measures every served call with three
// instruments: "server.requests" (a counter of calls),
// "server.request.duration" (a histogram of their durations in seconds,
// a whole stream for streaming calls), both by kind, operation, code and
// reason, and "server.active_requests" (calls in progress, by kind and
// operation). Prometheus shows them as server_requests_total,
// server_request_duration_seconds and server_active_requests.
func Server(opts ...Option) middleware.Middleware {
	return measure(opts, "server", transport.FromServerContext)
}

// Client returns a middleware that measures every outgoing call as Server
// does, with "client.requests", "client.request.duration" and
// "client.active_requests"; the code and reason are those of the error
// the call returned.
func Client(opts ...Option) middleware.Middleware {
	return measure(opts, "client", transport.FromClientContext)
}

func measure(opts []Option, side string, from func(context.Context) (transport.Transporter, bool)) middleware.Middleware {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.provider == nil {
		o.provider = otel.GetMeterProvider()
	}
	m := newInstruments(o.provider.Meter(ScopeName), side)
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			tr, ok := from(ctx)
			if !ok {
				return next(ctx, req)
			}
			kind, op := tr.Kind().String(), tr.Operation()
			active := m.attrs(callKey{kind: kind, operation: op, code: -1})
			active.count.Add(1)
			start := time.Now()
			reply, err := next(ctx, req)
			elapsed := time.Since(start).Seconds()
			active.count.Add(-1)
			key := callKey{kind: kind, operation: op, code: 200}
			if err != nil {
				e := errors.FromError(err)
				key.code, key.reason = e.Code, e.Reason
			}
			done := m.attrs(key)
			done.count.Add(1)
			m.duration.Record(ctx, elapsed, done.record...)
			return reply, err
		}
	}
}

// instruments are the instruments of one side and the attribute sets
// seen so far. The duration histogram is the only instrument a call
// records into the SDK: the counts of calls and of calls in progress are
// atomic counters of this package, which the SDK reads when it collects
// (observable instruments), so a call costs the SDK one measurement.
type instruments struct {
	duration metric.Float64Histogram
	// sets maps the attribute values of calls to their set and counter,
	// built once: a call looks its set up without allocating.
	sets *cowmap.Map[callKey, *attrs]
}

// maxSets bounds the cached attribute sets: past it (reasons built from
// unbounded values, say) calls of new sets are recorded in the histogram
// but not counted.
const maxSets = 10000

// callKey is the attribute values of a call; code -1 stands for the
// in-progress instrument, which has no code or reason.
type callKey struct {
	kind, operation string
	code            int
	reason          string
}

// attrs is one attribute set, as the options the instruments take, and
// its count (calls done, or calls in progress for code -1).
type attrs struct {
	set    attribute.Set
	obs    []metric.ObserveOption
	record []metric.RecordOption
	count  atomic.Int64
}

func newInstruments(meter metric.Meter, side string) *instruments {
	m := &instruments{sets: cowmap.New[callKey, *attrs](maxSets)}
	// The API returns a working no-op instrument along with an error, so
	// a bad provider degrades to no metrics rather than no calls.
	m.duration, _ = meter.Float64Histogram(side+".request.duration",
		metric.WithDescription("Duration of calls, by kind, operation, code and reason."), metric.WithUnit("s"),
		metric.WithExplicitBucketBoundaries(DurationBuckets...))
	requests, _ := meter.Int64ObservableCounter(side+".requests",
		metric.WithDescription("Calls "+side+"d, by kind, operation, code and reason."), metric.WithUnit("{request}"))
	active, _ := meter.Int64ObservableUpDownCounter(side+".active_requests",
		metric.WithDescription("Calls in progress, by kind and operation."), metric.WithUnit("{request}"))
	_, _ = meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		m.sets.Range(func(k callKey, a *attrs) bool {
			if k.code < 0 {
				o.ObserveInt64(active, a.count.Load(), a.obs...)
			} else {
				o.ObserveInt64(requests, a.count.Load(), a.obs...)
			}
			return true
		})
		return nil
	}, requests, active)
	return m
}

func (m *instruments) attrs(k callKey) *attrs {
	if a, ok := m.sets.Load(k); ok {
		return a
	}
	kvs := []attribute.KeyValue{KeyKind.String(k.kind), KeyOperation.String(k.operation)}
	if k.code >= 0 {
		kvs = append(kvs, KeyCode.Int(k.code), KeyReason.String(k.reason))
	}
	set := attribute.NewSet(kvs...)
	opt := metric.WithAttributeSet(set)
	return m.sets.Add(k, &attrs{set: set, obs: []metric.ObserveOption{opt}, record: []metric.RecordOption{opt}})
}
