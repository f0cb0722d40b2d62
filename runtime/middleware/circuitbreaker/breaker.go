package circuitbreaker

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/bia-go/bia/internal/cowmap"
	"github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/transport"
)

// ReasonCircuitOpen is the reason of the calls a breaker refuses (503;
// UNAVAILABLE over gRPC).
const ReasonCircuitOpen = "CIRCUIT_OPEN"

// Option configures Client.
type Option func(*options)

type options struct {
	k           float64
	window      time.Duration
	buckets     int
	minRequests int64
	key         func(ctx context.Context) string
	failure     func(err error) bool
}

// WithK sets how many requests per accepted one the breaker lets through
// before it starts refusing: with K = 1.5 (the default) a backend that
// accepts 2 calls in 3 is never throttled, one that accepts none gets
// almost nothing. Lower is more aggressive. Google's SRE book uses 2.
func WithK(k float64) Option { return func(o *options) { o.k = k } }

// WithWindow sets the sliding window the breaker counts over, and how
// many buckets it is cut into. The default is 3 seconds in 30 buckets.
func WithWindow(window time.Duration, buckets int) Option {
	return func(o *options) { o.window, o.buckets = window, buckets }
}

// WithMinRequests sets how many requests the window must hold before the
// breaker may refuse any. The default is 20.
func WithMinRequests(n int) Option { return func(o *options) { o.minRequests = int64(n) } }

// WithKey sets what the breaker keeps apart: calls with the same key share
// a breaker. The default is the call's operation (transport.Transporter),
// so one failing method does not throttle the others.
func WithKey(f func(ctx context.Context) string) Option { return func(o *options) { o.key = f } }

// WithFailure sets which errors count against the backend. The default
// counts 5xx (UNAVAILABLE, INTERNAL, DEADLINE_EXCEEDED... over gRPC) and
// never 4xx or the caller's own cancellation: a backend answering "not
// found" is healthy.
func WithFailure(f func(err error) bool) Option { return func(o *options) { o.failure = f } }

// Client returns client middleware that throttles calls to a failing
// backend by Google's SRE adaptive throttling: over the window it counts
// requests and accepted ones, and refuses a call with probability
// max(0, (requests − K × accepts) / (requests + 1)), answering it at once
// with a 503 *errors.Error of reason ReasonCircuitOpen. Refused calls
// count as requests, so a dead backend gets a trickle of calls, which is
// how the breaker sees it heal. The pass path takes no lock and
// allocates nothing once a key is known.
func Client(opts ...Option) middleware.Middleware {
	o := options{k: 1.5, window: 3 * time.Second, buckets: 30, minRequests: 20, key: operation, failure: isFailure}
	for _, opt := range opts {
		opt(&o)
	}
	if o.buckets < 1 {
		o.buckets = 1
	}
	b := &breakers{opts: o, width: int64(o.window) / int64(o.buckets), start: time.Now(), m: cowmap.New[string, *breaker](maxKeys)}
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			br := b.get(o.key(ctx))
			now := b.now()
			if !br.allow(now, o.k, o.minRequests) {
				br.record(now, false)
				return nil, errors.ServiceUnavailable(ReasonCircuitOpen, "the backend is failing; the call was not sent")
			}
			reply, err := next(ctx, req)
			br.record(b.now(), !o.failure(err))
			return reply, err
		}
	}
}

func operation(ctx context.Context) string {
	if tr, ok := transport.FromClientContext(ctx); ok {
		return tr.Operation()
	}
	return ""
}

func isFailure(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	return errors.Code(err) >= 500
}

// breakers are the breakers of a middleware by key.
type breakers struct {
	opts  options
	width int64
	start time.Time
	m     *cowmap.Map[string, *breaker]
}

// maxKeys bounds the breakers kept: past it, a key built from unbounded
// values gets a breaker of its own per call (that protects nothing, but
// costs no memory).
const maxKeys = 10000

func (b *breakers) now() int64 { return int64(time.Since(b.start)) }

func (b *breakers) get(key string) *breaker {
	if br, ok := b.m.Load(key); ok {
		return br
	}
	return b.m.Add(key, &breaker{width: b.width, buckets: make([]bucket, b.opts.buckets)})
}

// breaker counts one key's requests and accepts over the window.
type breaker struct {
	width   int64
	buckets []bucket
	// The sums of the window's completed buckets, computed once per
	// bucket period (at is the bucket index they were computed in).
	at, requests, accepts atomic.Int64
}

type bucket struct {
	epoch             atomic.Int64
	requests, accepts atomic.Int64
}

func (br *breaker) record(now int64, accepted bool) {
	idx := now / br.width
	bk := &br.buckets[idx%int64(len(br.buckets))]
	if e := bk.epoch.Load(); e != idx && bk.epoch.CompareAndSwap(e, idx) {
		bk.requests.Store(0)
		bk.accepts.Store(0)
	}
	bk.requests.Add(1)
	if accepted {
		bk.accepts.Add(1)
	}
}

func (br *breaker) allow(now int64, k float64, minRequests int64) bool {
	idx := now / br.width
	n := int64(len(br.buckets))
	if br.at.Load() != idx {
		var requests, accepts int64
		for i := idx - n + 1; i < idx; i++ {
			if i < 0 {
				continue
			}
			bk := &br.buckets[i%n]
			if bk.epoch.Load() == i {
				requests += bk.requests.Load()
				accepts += bk.accepts.Load()
			}
		}
		br.requests.Store(requests)
		br.accepts.Store(accepts)
		br.at.Store(idx)
	}
	requests, accepts := br.requests.Load(), br.accepts.Load()
	if cur := &br.buckets[idx%n]; cur.epoch.Load() == idx {
		requests += cur.requests.Load()
		accepts += cur.accepts.Load()
	}
	if requests < minRequests {
		return true
	}
	p := (float64(requests) - k*float64(accepts)) / float64(requests+1)
	return p <= 0 || rand.Float64() >= p
}
