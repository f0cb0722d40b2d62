package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	nethttp "net/http"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	biaerrors "github.com/bia-go/bia/runtime/errors"
	"github.com/bia-go/bia/runtime/middleware"
	"github.com/bia-go/bia/runtime/selector"
	"github.com/bia-go/bia/runtime/transport"
	"github.com/bia-go/bia/runtime/transport/http"
)

// Option configures Client.
type Option func(*options)

type options struct {
	attempts     int
	base, max    time.Duration
	codes        map[int]bool
	ratio        float64
	minPerSecond float64
	window       time.Duration
}

// WithMaxAttempts sets how many times a call may be sent, the first
// included. The default is 3.
func WithMaxAttempts(n int) Option { return func(o *options) { o.attempts = n } }

// WithBackoff sets the wait before the n-th retry: a random duration up
// to base × 2ⁿ⁻¹, capped at max ("full jitter", so retries of many
// clients do not arrive together). The default is 25 ms and 1 s.
func WithBackoff(base, max time.Duration) Option {
	return func(o *options) { o.base, o.max = base, max }
}

// WithCodes allows retrying calls that failed with these HTTP status
// codes (gRPC codes map to them) whatever the method, also when it is not
// idempotent: for services that answer them only before doing anything.
// The default is none.
func WithCodes(codes ...int) Option {
	return func(o *options) {
		for _, c := range codes {
			o.codes[c] = true
		}
	}
}

// WithBudget bounds retries, so they never multiply the load on a failing
// service: over the last 10 seconds, retries may add ratio of the calls
// made, plus minPerSecond retries a second (so a client making few calls
// can still retry). The default is 0.1 and 10: at most 10 % extra load
// under sustained failure.
func WithBudget(ratio, minPerSecond float64) Option {
	return func(o *options) { o.ratio, o.minPerSecond = ratio, minPerSecond }
}

// Client returns client middleware that retries a failed call when it is
// safe and worth it, on either transport:
//
//   - worth it: the call failed with 502, 503 or 504 (UNAVAILABLE,
//     DEADLINE_EXCEEDED from the peer), or a code WithCodes allows; not
//     the caller's cancellation or deadline, nor a call refused by a
//     circuit breaker;
//   - safe: the method is idempotent (HTTP GET, HEAD, OPTIONS, PUT,
//     DELETE; a gRPC method whose proto declares idempotency_level
//     IDEMPOTENT or NO_SIDE_EFFECTS), or the request never left (the
//     connection could not be made), or WithCodes allows the code;
//   - affordable: within the retry budget (WithBudget) and the attempts
//     (WithMaxAttempts), and the backoff ends before the call's deadline.
//
// With discovery, every attempt goes to an instance the call has not
// tried yet while there is one. Put it outside the circuit breaker and
// inside tracing, so each attempt is its own client span.
func Client(opts ...Option) middleware.Middleware {
	o := options{attempts: 3, base: 25 * time.Millisecond, max: time.Second, codes: map[int]bool{},
		ratio: 0.1, minPerSecond: 10, window: 10 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	budget := newBudget(o.window)
	return func(next middleware.Handler) middleware.Handler {
		return func(ctx context.Context, req any) (any, error) {
			budget.call()
			ctx = selector.NewAvoidContext(ctx)
			var reply any
			var err error
			for attempt := 1; ; attempt++ {
				reply, err = next(ctx, req)
				if err == nil || attempt >= o.attempts || !o.retryable(ctx, err) {
					return reply, err
				}
				if !budget.retry(o.ratio, o.minPerSecond) {
					return reply, err
				}
				wait := o.backoff(attempt)
				if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
					return reply, err
				}
				select {
				case <-ctx.Done():
					return reply, err
				case <-time.After(wait):
				}
			}
		}
	}
}

func (o *options) backoff(attempt int) time.Duration {
	ceiling := min(o.base<<(attempt-1), o.max)
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// retryable reports whether a call that failed with err may be sent again.
func (o *options) retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	e := biaerrors.FromError(err)
	if e.Reason == "CIRCUIT_OPEN" {
		return false
	}
	if o.codes[e.Code] {
		return true
	}
	if e.Code != 502 && e.Code != 503 && e.Code != 504 {
		return false
	}
	return idempotent(ctx) || notSent(err)
}

// idempotent reports whether the call's method may run twice.
func idempotent(ctx context.Context) bool {
	tr, ok := transport.FromClientContext(ctx)
	if !ok {
		return false
	}
	if ht, ok := tr.(http.Transporter); ok {
		if r := ht.Request(); r != nil {
			switch r.Method {
			case nethttp.MethodGet, nethttp.MethodHead, nethttp.MethodOptions, nethttp.MethodPut, nethttp.MethodDelete:
				return true
			}
		}
		return false
	}
	name := protoreflect.FullName(strings.ReplaceAll(strings.TrimPrefix(tr.Operation(), "/"), "/", "."))
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		return false
	}
	m, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return false
	}
	mo, _ := m.Options().(*descriptorpb.MethodOptions)
	switch mo.GetIdempotencyLevel() {
	case descriptorpb.MethodOptions_IDEMPOTENT, descriptorpb.MethodOptions_NO_SIDE_EFFECTS:
		return true
	}
	return false
}

// notSent reports whether err says the request never left: the
// connection could not be made.
func notSent(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// budget counts calls and retries over a sliding window of ten buckets.
type budget struct {
	width   int64
	start   time.Time
	buckets [10]budgetBucket
	seconds float64
}

type budgetBucket struct{ epoch, calls, retries atomic.Int64 }

func newBudget(window time.Duration) *budget {
	return &budget{width: int64(window) / 10, start: time.Now(), seconds: window.Seconds()}
}

func (b *budget) bucket() (*budgetBucket, int64) {
	idx := int64(time.Since(b.start)) / b.width
	bk := &b.buckets[idx%10]
	if e := bk.epoch.Load(); e != idx && bk.epoch.CompareAndSwap(e, idx) {
		bk.calls.Store(0)
		bk.retries.Store(0)
	}
	return bk, idx
}

func (b *budget) call() {
	bk, _ := b.bucket()
	bk.calls.Add(1)
}

// retry takes a retry from the budget, if it has one.
func (b *budget) retry(ratio, minPerSecond float64) bool {
	bk, idx := b.bucket()
	var calls, retries int64
	for i := idx - 9; i <= idx; i++ {
		if i < 0 {
			continue
		}
		x := &b.buckets[i%10]
		if x.epoch.Load() == i {
			calls += x.calls.Load()
			retries += x.retries.Load()
		}
	}
	if float64(retries) >= ratio*float64(calls)+minPerSecond*b.seconds {
		return false
	}
	bk.retries.Add(1)
	return true
}
